"""HTCDS 2.0 field labels of the case fields Waypoint shows (from the HTCDS field list, CC BY 4.0,
IOM; see waypoint/people/data/README.md), and how each model field maps to its HTCDS name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "vic_TraffickingStatus": _("Trafficking Status"),
    "vic_TraffickingStatusDecisionMakingOrg": _("Trafficking Status Decision Making Organization"),
    "vic_RelationshipToTrafficker": _("Relationship to Trafficker"),
    "vic_AgeWhenTrafficked": _("Age when Trafficked"),
    "vic_RecruitmentWebsitesAndApps": _("Recruitment Websites and Apps"),
    "vic_MethodOfRecruitment": _("Method of Recruitment"),
    "vic_LocationOfRecruitment": _("Location of Recruitment"),
    "vic_MethodsOfControl": _("Methods of Control"),
    "vic_TypeOfExploitation": _("Type of Exploitation"),
    "vic_ForcedLabourIndustry": _("Forced Labour Industry"),
    "vic_TypeOfSexExploitation": _("Type of Sex Exploitation"),
    "vic_LocationOfExploitation": _("Location of Exploitation"),
    "vic_ExploitationWebsitesAndApps": _("Exploitation Websites and Apps"),
    "vic_Vulnerabilities": _("Vulnerabilities"),
    "per_RoleInProcess": _("Role in Process"),
    "per_RoleDetails": _("Role Details"),
    "hte_Type": _("Type"),
    "spl_Type": _("Type"),
    "spl_Objectives": _("Objectives"),
    "spl_ActionPlan": _("Action Plan"),
    "spl_PlannedEndDate": _("Planned End Date"),
    "spl_ActualEndDate": _("Actual End Date"),
}

# Single-valued context fields: model field -> HTCDS name (extensions have none).
CONTEXT_HTCDS_NAMES = {
    "trafficking_status": "vic_TraffickingStatus",
    "trafficking_status_decision_making_org": "vic_TraffickingStatusDecisionMakingOrg",
    "relationship_to_trafficker": "vic_RelationshipToTrafficker",
    "age_when_trafficked": "vic_AgeWhenTrafficked",
    "location_of_recruitment": "vic_LocationOfRecruitment",
    "location_of_exploitation": "vic_LocationOfExploitation",
    "perpetrator_role_details": "per_RoleDetails",
}
