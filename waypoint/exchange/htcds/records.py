"""A stored person-in-case as exchange values: the same typed values a file row parses into.

The export writes these values; the import compares a row with them to tell "unchanged" from
"updated". Callers load the link with :data:`LINK_PREFETCH` (or the case with
:data:`CASE_PREFETCH`) so that reading many records costs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from waypoint.cases.choices import ReferralDirection
from waypoint.cases.models import Case, CasePerson, CaseReferralDetail
from waypoint.exchange.htcds.schema import FIELDS, FIELDS_BY_NAME, FieldSpec, Level
from waypoint.exchange.htcds.values import Kind
from waypoint.people.choices import ConsentPurpose
from waypoint.people.models import ConsentRecord

_REFERRALS = Prefetch(
    "referral_details",
    queryset=CaseReferralDetail.objects.order_by("referral_date", "created_at", "pk"),
)
_CONSENTS = Prefetch(
    "consents",
    queryset=ConsentRecord.objects.filter(purpose=ConsentPurpose.DATA_PROCESSING).order_by(
        "recorded_at", "pk"
    ),
)
LINK_PREFETCH = (
    "codes",
    "extensions",
    "person__citizenships",
    Prefetch("case__referral_details", queryset=_REFERRALS.queryset),
    Prefetch("case__consents", queryset=_CONSENTS.queryset),
)


def link_prefetch(columns: Iterable[str]) -> tuple[Any, ...]:
    """The part of :data:`LINK_PREFETCH` that comparing rows with these columns needs."""
    names = set(columns)
    levels = {FIELDS_BY_NAME[name].level for name in names if name in FIELDS_BY_NAME}
    wanted: list[Any] = []
    if any(
        name.startswith(("vic_", "per_")) and FIELDS_BY_NAME[name].is_multi
        for name in names
        if name in FIELDS_BY_NAME
    ):
        wanted.append("codes")
    if any(
        name.startswith("ext_") and FIELDS_BY_NAME[name].is_multi
        for name in names
        if name in FIELDS_BY_NAME
    ):
        wanted.append("extensions")
    if "prs_Citizenship" in names:
        wanted.append("person__citizenships")
    if levels & {Level.REFERRAL_IN, Level.REFERRAL_OUT}:
        wanted.append(LINK_PREFETCH[3])
    if Level.CONSENT in levels:
        wanted.append(LINK_PREFETCH[4])
    return tuple(wanted)


CASE_PREFETCH = (
    _REFERRALS,
    _CONSENTS,
    Prefetch(
        "case_persons",
        queryset=CasePerson.objects.select_related("person")
        .prefetch_related("codes", "extensions", "person__citizenships")
        .order_by("role", "created_at", "pk"),
    ),
)


def first_referral(case: Case, direction: str) -> CaseReferralDetail | None:
    for detail in case.referral_details.all():
        if detail.direction == direction:
            return detail
    return None


def current_consent(case: Case, person_id: int) -> ConsentRecord | None:
    latest = None
    for record in case.consents.all():
        if record.person_id == person_id and record.purpose == ConsentPurpose.DATA_PROCESSING:
            latest = record
    return latest


def _blank(value: Any) -> Any:
    return None if value in ("", None) else value


def field_value(spec: FieldSpec, link: CasePerson) -> Any:
    """The stored value of one field for ``link`` (prefetched), as the parser would produce it."""
    person, case = link.person, link.case
    level, target = spec.level, spec.target
    if level is Level.META:
        return {
            "source_record_id": str(link.public_id),
            "case_reference": case.reference,
            "person_reference": str(person.public_id),
            "role": link.role,
        }[target]
    if level is Level.PERSON:
        if target == "citizenship":
            return frozenset(item.country for item in person.citizenships.all())
        if target == "is_deidentified":
            return True if person.is_deidentified else None
        return _blank(getattr(person, target))
    if level is Level.LINK:
        if target == "registration_year":
            if link.registration_year_from is None:
                return None
            return (
                link.registration_year_from,
                link.registration_year_to or link.registration_year_from,
            )
        if spec.kind is Kind.CODES:
            if spec.name.startswith("ext_"):
                return frozenset(
                    item.value for item in link.extensions.all() if item.field == spec.name
                )
            return frozenset(item.code for item in link.codes.all() if item.field == spec.name)
        return _blank(getattr(link, target))
    if level is Level.CASE:
        return _blank(getattr(case, target))
    if level in (Level.REFERRAL_IN, Level.REFERRAL_OUT):
        direction = (
            ReferralDirection.INCOMING if level is Level.REFERRAL_IN else ReferralDirection.OUTGOING
        )
        detail = first_referral(case, direction)
        return None if detail is None else _blank(getattr(detail, target))
    # Consent: the latest data-processing consent of this person for this case.
    record = current_consent(case, person.pk)
    if record is None:
        return None
    return record.is_given and record.withdrawn_at is None


def record_values(link: CasePerson, names: Iterable[str] | None = None) -> dict[str, Any]:
    wanted = None if names is None else set(names)
    return {
        spec.name: field_value(spec, link)
        for spec in FIELDS
        if wanted is None or spec.name in wanted
    }
