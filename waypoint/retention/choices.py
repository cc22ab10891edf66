from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordType(models.TextChoices):
    """Kinds of records a retention schedule applies to, counted from the case's closure."""

    CASE_IDENTIFYING = "case_identifying", _("Identifying data of persons in closed cases")
    CASE_DOCUMENTS = "case_documents", _("Documents of closed cases")
    CASE_NOTES = "case_notes", _("Notes and free text of closed cases")


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested, waiting for approval")
    APPROVED = "approved", _("Approved, being carried out")
    REJECTED = "rejected", _("Rejected")
    EXECUTED = "executed", _("Carried out")
