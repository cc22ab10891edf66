"""Code lists for organisations. HTCDS 2.0 ``org_Type`` codes, extended where HTCDS is silent."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    # HTCDS 2.0 org_Type (spreadsheet codes are canonical)
    NGO = "NGO", _("NGO")
    LAW_ENFORCEMENT = "LawEnforcement", _("Law enforcement")
    HEALTH_SERVICE = "HealthServiceOrganisation", _("Health service organisation")
    CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation", _("Central government organisation")
    LOCAL_GOVERNMENT = "LocalGovernmentOrganisation", _("Local government organisation")
    IMMIGRATION = "ImmigrationService", _("Immigration service")
    LEGAL_SERVICE = "LegalService", _("Legal service")
    CORPORATE_BUSINESS = "CorporateBusiness", _("Corporate business")
    SCHOOL_OR_COLLEGE = "SchoolOrCollege", _("School or college")
    # Waypoint extensions
    LABOUR_INSPECTORATE = "LabourInspectorate", _("Labour inspectorate")
    SHELTER = "Shelter", _("Shelter")
    PROSECUTION = "Prosecution", _("Prosecution service")
    JUDICIARY = "Judiciary", _("Judiciary")
    INTERNATIONAL_ORGANISATION = "InternationalOrganisation", _("International organisation")
    NATIONAL_COORDINATION = "NationalCoordination", _("National coordination")


HTCDS_ORGANISATION_TYPES = frozenset(
    {
        OrganisationType.NGO,
        OrganisationType.LAW_ENFORCEMENT,
        OrganisationType.HEALTH_SERVICE,
        OrganisationType.CENTRAL_GOVERNMENT,
        OrganisationType.LOCAL_GOVERNMENT,
        OrganisationType.IMMIGRATION,
        OrganisationType.LEGAL_SERVICE,
        OrganisationType.CORPORATE_BUSINESS,
        OrganisationType.SCHOOL_OR_COLLEGE,
    }
)
