"""Code lists of the exchange: job states, file formats, and Waypoint's exchange extensions.

Extension attributes (``ext_`` fields stored as rows of ``CasePersonExtension``) carry what partner
datasets know and HTCDS 2.0 has no field for: UN regions, CTDC's own categories, perpetrator groups,
and codes known *not* to apply. Each is documented in docs/exchange.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.cases.choices import PersonRole
from waypoint.people.choices import AgeBand, Gender


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    REJECTED = "rejected", _("Rejected: nothing was changed")
    FAILED = "failed", _("Failed: nothing was changed")


FINISHED_STATUSES = frozenset({JobStatus.SUCCEEDED, JobStatus.REJECTED, JobStatus.FAILED})


class JobPhase(models.TextChoices):
    WAITING = "", _("Waiting")
    CHECKING = "checking", _("Checking every row")
    WRITING = "writing", _("Writing")
    EXPORTING = "exporting", _("Writing the file")
    DONE = "done", _("Done")


class ImportFormat(models.TextChoices):
    """What the uploaded file holds. CSV and XLSX are the flat HTCDS shape (one row per person in a
    case); JSON is the nested shape; XLSForm is a submission export of the HTCDS XLSForm (CSV or
    XLSX); CTDC is a de-identified partner dataset in one of the CTDC shapes (CSV)."""

    CSV = "csv", _("HTCDS CSV")
    XLSX = "xlsx", _("HTCDS Excel workbook (XLSX)")
    JSON = "json", _("HTCDS JSON")
    XLSFORM = "xlsform", _("HTCDS XLSForm submissions (CSV or XLSX)")
    CTDC = "ctdc", _("CTDC de-identified dataset (CSV)")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    JSON = "json", _("JSON")


EXPORT_CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.JSON: "application/json",
}


class ImportKind(models.TextChoices):
    HTCDS = "htcds", _("HTCDS")
    CTDC = "ctdc", _("CTDC")


class UNRegion(models.TextChoices):
    """The UN regions CTDC publishes (it merges the Americas and Oceania for disclosure control)."""

    AFRICA = "Africa", _("Africa")
    AMERICAS_OCEANIA = "AmericasOceania", _("Americas and Oceania")
    ASIA = "Asia", _("Asia")
    EUROPE = "Europe", _("Europe")


# CTDC perpetrator age bands (``IP_ageBroad``): the victim bands plus CTDC's merged 0-29.
PERPETRATOR_AGE_BANDS = ("0-29", *AgeBand.values)

V, P = PersonRole.VICTIM.value, PersonRole.PERPETRATOR.value


@dataclass(frozen=True)
class Extension:
    """One extension attribute: who carries it, its values, and what it means."""

    name: str
    roles: frozenset[str]
    values: tuple[str, ...] | None  # None: any short code (checked by pattern)
    meaning: str


EXTENSIONS: tuple[Extension, ...] = (
    Extension(
        "ext_UNRegionOfOrigin",
        frozenset({V}),
        tuple(UNRegion.values),
        "UN region of the victim's citizenship (CTDC UN_COO_Region)",
    ),
    Extension(
        "ext_UNRegionOfExploitation",
        frozenset({V}),
        tuple(UNRegion.values),
        "UN region where the victim was exploited (CTDC UN_COE_Region)",
    ),
    Extension(
        "ext_PerpetratorGenders",
        frozenset({P}),
        tuple(Gender.values),
        "Genders of the perpetrators this record stands for (CTDC IP_Gender; several when the "
        "record is a group)",
    ),
    Extension(
        "ext_PerpetratorAgeBands",
        frozenset({P}),
        PERPETRATOR_AGE_BANDS,
        "Age bands of the perpetrators (CTDC IP_ageBroad, including CTDC's merged 0-29 band)",
    ),
    Extension(
        "ext_PerpetratorUNRegions",
        frozenset({P}),
        tuple(UNRegion.values),
        "UN regions of the perpetrators' citizenship (CTDC IP_citizen_UNRegion)",
    ),
    Extension(
        "ext_CTDCRole",
        frozenset({P}),
        ("Exploiter", "RecruiterBroker", "TransactionProcess", "ControlAbuseKidnap"),
        "CTDC's perpetrator role flags as published (per_RoleInProcess holds the HTCDS codes "
        "that map exactly)",
    ),
    Extension(
        "ext_CTDCRelation",
        frozenset({V}),
        (
            "FamilyIntimatePartner",
            "FriendAcquaintance",
            "StrangerUnknownOther",
            "Family",
            "IntimatePartner",
            "Friend",
            "Other",
        ),
        "Relationship between victim and perpetrator in CTDC's categories (IP_Relation, "
        "recruiterRelation*, RecruiterCategory); vic_RelationshipToTrafficker holds it where "
        "HTCDS has an exact code",
    ),
    Extension(
        "ext_VictimPaidPerpetrator",
        frozenset({V}),
        ("Yes", "No"),
        "Whether the victim paid the perpetrators (CTDC IP_PayMoney; both when perpetrators differ)",
    ),
    Extension(
        "ext_KnownAbsent",
        frozenset({V}),
        None,
        "HTCDS codes recorded as known NOT to apply, written field=code (a CTDC flag of 0), "
        "e.g. vic_TypeOfExploitation=ForcedLabour. A code neither present nor known absent is "
        "not recorded",
    ),
    Extension(
        "ext_DataSource",
        frozenset({V}),
        ("CaseManagement", "Hotline"),
        "Kind of system the partner record came from (CTDC Datasource)",
    ),
    Extension(
        "ext_CTDCControlCategory",
        frozenset({V}),
        ("Threats", "Financial", "Physical", "Survival", "Other"),
        "Means of control in the recoded CTDC extract's categories (ControlCategory)",
    ),
    Extension(
        "ext_CTDCLabourType",
        frozenset({V}),
        (
            "Agriculture",
            "Aquafarming",
            "Begging",
            "Construction",
            "DomesticWork",
            "Manufacturing",
            "Peddling",
            "Other",
        ),
        "Type of labour in the recoded CTDC extract's categories (Labor_Type)",
    ),
)
EXTENSIONS_BY_NAME = {extension.name: extension for extension in EXTENSIONS}
