"""Country profiles: the NRM rules of one country as typed data (pure, no database).

A profile is stored as a JSON document (``CountryRules.to_document()``) in a versioned row
(``CountryProfile``). The shipped reference file (``data/country_profiles.yaml``, the shape of
``reference/nrm/country_profiles.yaml``) is read by :func:`from_reference`, which starts from the
Council of Europe minimum (``ECAT_DEFAULT``), lays the country's entry over it, and fills what the
reference leaves open with Waypoint's starting values (listed in ``notes`` so the coordinator
confirms each of them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from waypoint.accounts.choices import OrganisationType
from waypoint.referrals.choices import DayKind, FreedomOfMovementCondition, Requester

REFERENCE_FILE = Path(__file__).with_name("data") / "country_profiles.yaml"
BASE_KEY = "ECAT_DEFAULT"
# Which organisations may act as competent authority, per reference entry (Waypoint starting
# values: the reference names authorities in words, Waypoint needs organisation types).
DECIDING_TYPES: dict[str, tuple[str, ...]] = {
    "MT": (OrganisationType.LAW_ENFORCEMENT,),
    "MY": (
        OrganisationType.LAW_ENFORCEMENT,
        OrganisationType.IMMIGRATION,
        OrganisationType.LABOUR_INSPECTORATE,
    ),
    "UK_EW": (OrganisationType.CENTRAL_GOVERNMENT, OrganisationType.IMMIGRATION),
    BASE_KEY: (OrganisationType.LAW_ENFORCEMENT, OrganisationType.CENTRAL_GOVERNMENT),
}
COUNTRY_NAMES = {"MT": "Malta", "MY": "Malaysia", "UK_EW": "England and Wales"}


@dataclass(frozen=True)
class TimeLimit:
    """A target: ``days`` working or calendar days (None: no target set)."""

    days: int | None
    day_kind: str = DayKind.WORKING


@dataclass(frozen=True)
class DecisionStep:
    name: str
    standard: str
    limit: TimeLimit
    # Formal decision only: the earliest day it may be taken, counted from the preliminary decision.
    earliest_days_after_preliminary: int | None = None


@dataclass(frozen=True)
class Reconsideration:
    is_available: bool
    who_may_request: tuple[str, ...]
    limit: TimeLimit
    max_requests: int = 1


@dataclass(frozen=True)
class FreedomOfMovement:
    decided_by: str
    preconditions: tuple[str, ...]
    limit: TimeLimit


@dataclass(frozen=True)
class HolidayCalendar:
    country: str
    subdivision: str = ""
    weekend: tuple[int, ...] = (6, 7)
    extra: tuple[tuple[dt.date, str], ...] = ()


@dataclass(frozen=True)
class CountryRules:
    """Everything Waypoint needs to know about one country's NRM."""

    country: str
    name: str
    competent_authorities: tuple[str, ...]
    deciding_organisation_types: tuple[str, ...]
    preliminary_decision: DecisionStep
    formal_decision: DecisionStep
    recovery_reflection_days: int
    support_until_formal_decision: bool
    assistance_conditional_on_cooperation: bool
    adult_referral_needs_consent: bool
    child_referral_needs_consent: bool
    adult_declines: str
    reconsideration: Reconsideration
    shelter_max_days: int | None
    interim_protection_order_days: int | None
    protection_order_max_days: int | None
    freedom_of_movement: FreedomOfMovement | None
    permit_decision: TimeLimit
    guardian_appointment: TimeLimit
    compensation_follow_up: TimeLimit
    service_response: TimeLimit
    reminder_days_before: int
    holidays: HolidayCalendar
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_document(self) -> dict[str, Any]:
        """The JSON document stored in the database (dates as ISO strings)."""
        document: dict[str, Any] = _lists(asdict(self))
        document["holidays"]["extra"] = [
            {"date": day.isoformat(), "name": name} for day, name in self.holidays.extra
        ]
        return document


def _lists(value: Any) -> Any:
    if isinstance(value, str):
        return str(value)  # plain text, not an enum member
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    return value


class ProfileInvalid(ValueError):
    """A profile document that breaks a rule; ``fields`` names each problem by its path."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{name}: {' '.join(items)}" for name, items in fields.items()))
        self.fields = fields


class _Reader:
    """Reads a document, collecting every problem instead of stopping at the first."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.errors: dict[str, list[str]] = {}

    def _get(self, path: str) -> Any:
        value: Any = self.document
        for part in path.split("."):
            if not isinstance(value, Mapping):
                return None
            value = value.get(part)
        return value

    def error(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def text(self, path: str, *, required: bool = True, max_length: int = 300) -> str:
        value = self._get(path)
        if value is None or value == "":
            if required:
                self.error(path, _("Required."))
            return ""
        if not isinstance(value, str):
            self.error(path, _("Must be text."))
            return ""
        if len(value) > max_length:
            self.error(path, _("At most %(count)s characters.") % {"count": max_length})
        return value.strip()

    def boolean(self, path: str) -> bool:
        value = self._get(path)
        if not isinstance(value, bool):
            self.error(path, _("Must be true or false."))
            return False
        return value

    def days(self, path: str, *, optional: bool = True, maximum: int = 3650) -> int | None:
        value = self._get(path)
        if value is None:
            if not optional:
                self.error(path, _("Required."))
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            self.error(
                path, _("A whole number of days from 0 to %(maximum)s.") % {"maximum": maximum}
            )
            return None
        return int(value)

    def limit(self, path: str, *, optional: bool = True) -> TimeLimit:
        kind = self._get(f"{path}.day_kind") or DayKind.WORKING
        if kind not in DayKind.values:
            self.error(f"{path}.day_kind", _("Working or calendar."))
            kind = DayKind.WORKING
        return TimeLimit(days=self.days(f"{path}.days", optional=optional), day_kind=kind)

    def strings(self, path: str, allowed: set[str] | None = None) -> tuple[str, ...]:
        value = self._get(path)
        if value is None:
            return ()
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            self.error(path, _("Must be a list of texts."))
            return ()
        if allowed is not None:
            unknown = sorted(set(value) - allowed)
            if unknown:
                self.error(path, _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        return tuple(item.strip() for item in value if item.strip())


def from_document(document: Mapping[str, Any]) -> CountryRules:
    """Typed rules from a stored or edited document; ``ProfileInvalid`` names every problem."""
    read = _Reader(document)
    country = read.text("country", max_length=2).upper()
    if country and len(country) != 2:
        read.error("country", _("An ISO 3166 two-letter code."))
    holidays = document.get("holidays") or {}
    if not isinstance(holidays, Mapping):
        read.error("holidays", _("The weekend days and extra public holidays (a mapping)."))
        holidays = {}
    weekend_value = holidays.get("weekend") or (6, 7)
    weekend = tuple(weekend_value) if isinstance(weekend_value, list | tuple) else ()
    if (
        not weekend
        or not all(isinstance(day, int) and 1 <= day <= 7 for day in weekend)
        or len(weekend) > 3
    ):
        read.error("holidays.weekend", _("ISO weekdays from 1 (Monday) to 7 (Sunday), at most 3."))
        weekend = (6, 7)
    extra: list[tuple[dt.date, str]] = []
    extra_value = holidays.get("extra") or []
    if not isinstance(extra_value, list | tuple):
        read.error("holidays.extra", _("A list of dates as YYYY-MM-DD, each with a name."))
        extra_value = []
    for index, entry in enumerate(extra_value):
        try:
            day = dt.date.fromisoformat(str(entry["date"]))
        except (KeyError, TypeError, ValueError):
            read.error(f"holidays.extra[{index}]", _("A date as YYYY-MM-DD and a name."))
            continue
        extra.append((day, str(entry.get("name") or "")[:100]))
    freedom = None
    if document.get("freedom_of_movement"):
        freedom = FreedomOfMovement(
            decided_by=read.text("freedom_of_movement.decided_by"),
            preconditions=read.strings(
                "freedom_of_movement.preconditions", set(FreedomOfMovementCondition.values)
            ),
            limit=read.limit("freedom_of_movement.limit"),
        )
    rules = CountryRules(
        country=country,
        name=read.text("name", max_length=100),
        competent_authorities=read.strings("competent_authorities"),
        deciding_organisation_types=read.strings(
            "deciding_organisation_types", set(OrganisationType.values)
        ),
        preliminary_decision=DecisionStep(
            name=read.text("preliminary_decision.name", max_length=100),
            standard=read.text("preliminary_decision.standard", required=False),
            limit=read.limit("preliminary_decision.limit"),
        ),
        formal_decision=DecisionStep(
            name=read.text("formal_decision.name", max_length=100),
            standard=read.text("formal_decision.standard", required=False),
            limit=read.limit("formal_decision.limit"),
            earliest_days_after_preliminary=read.days(
                "formal_decision.earliest_days_after_preliminary"
            ),
        ),
        recovery_reflection_days=read.days("recovery_reflection_days", optional=False) or 0,
        support_until_formal_decision=read.boolean("support_until_formal_decision"),
        assistance_conditional_on_cooperation=read.boolean("assistance_conditional_on_cooperation"),
        adult_referral_needs_consent=read.boolean("adult_referral_needs_consent"),
        child_referral_needs_consent=read.boolean("child_referral_needs_consent"),
        adult_declines=read.text("adult_declines", required=False),
        reconsideration=Reconsideration(
            is_available=read.boolean("reconsideration.is_available"),
            who_may_request=read.strings("reconsideration.who_may_request", set(Requester.values)),
            limit=read.limit("reconsideration.limit"),
            max_requests=read.days("reconsideration.max_requests", maximum=10) or 0,
        ),
        shelter_max_days=read.days("shelter_max_days"),
        interim_protection_order_days=read.days("interim_protection_order_days"),
        protection_order_max_days=read.days("protection_order_max_days"),
        freedom_of_movement=freedom,
        permit_decision=read.limit("permit_decision"),
        guardian_appointment=read.limit("guardian_appointment"),
        compensation_follow_up=read.limit("compensation_follow_up"),
        service_response=read.limit("service_response", optional=False),
        reminder_days_before=read.days("reminder_days_before", optional=False, maximum=60) or 0,
        holidays=HolidayCalendar(
            country=read.text("holidays.country", max_length=2).upper(),
            subdivision=read.text("holidays.subdivision", required=False, max_length=10),
            weekend=weekend,
            extra=tuple(sorted(extra)),
        ),
        notes=read.strings("notes"),
    )
    if not rules.deciding_organisation_types:
        read.error("deciding_organisation_types", _("Name at least one kind of organisation."))
    if rules.reconsideration.is_available and not rules.reconsideration.who_may_request:
        read.error("reconsideration.who_may_request", _("Say who may ask for a reconsideration."))
    if read.errors:
        raise ProfileInvalid(read.errors)
    return rules


def load_reference(path: Path = REFERENCE_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ProfileInvalid({"_": ["The reference file is not a mapping of profiles."]})
    return data


def _slug(text: str) -> str:
    return "_".join(text.lower().replace("-", " ").split())


def _requester(text: str) -> str:
    slug = _slug(text)
    return slug if slug in Requester.values else ""


def from_reference(
    reference: Mapping[str, Any], key: str, *, country: str | None = None
) -> CountryRules:
    """Rules for ``key`` of the reference file: ECAT minimum, then the entry, then starting values.

    Every starting value Waypoint had to supply is named in ``notes``. A profile whose sections
    are not shaped as the reference file's (a list where a mapping belongs, text where a number
    does) is refused with ``ProfileInvalid`` naming it, never a crash of the reader.
    """
    if key not in reference:
        raise ProfileInvalid({"key": [f"The reference file has no profile {key!r}."]})
    try:
        return _from_reference(reference, key, country=country)
    except ProfileInvalid:
        raise
    except (TypeError, AttributeError, ValueError) as error:
        raise ProfileInvalid(
            {"key": [f"The reference profile {key!r} is not shaped as expected: {error}."]}
        ) from error


def _from_reference(
    reference: Mapping[str, Any], key: str, *, country: str | None = None
) -> CountryRules:
    base: Mapping[str, Any] = reference.get(BASE_KEY) or {}
    entry: Mapping[str, Any] = reference[key] or {}
    merged: dict[str, Any] = {**base, **entry}
    assumed: list[str] = []

    def pick(name: str, default: Any) -> Any:
        value = merged.get(name)
        if value is None:
            assumed.append(name)
            return default
        return value

    preliminary = {
        **(base.get("preliminary_decision") or {}),
        **(entry.get("preliminary_decision") or {}),
    }
    formal = {**(base.get("formal_decision") or {}), **(entry.get("formal_decision") or {})}
    preliminary_days = preliminary.get("target_working_days")
    if preliminary_days is None:
        assumed.append("preliminary_decision.target_working_days (5 working days, as the UK model)")
        preliminary_days = 5
    recovery = merged.get("reflection_period_days") or merged.get("recovery_reflection_min_days")
    if recovery is None:
        assumed.append("recovery_reflection_days")
        recovery = 30
    reconsideration = merged.get("reconsideration") or {}
    requesters = tuple(
        code
        for code in (_requester(item) for item in reconsideration.get("who_may_request", ()))
        if code
    )
    if not requesters:
        assumed.append("reconsideration.who_may_request (first responder and support provider)")
        requesters = (Requester.FIRST_RESPONDER, Requester.SUPPORT_PROVIDER)
    freedom = None
    if merged.get("freedom_of_movement"):
        movement = merged["freedom_of_movement"]
        freedom = FreedomOfMovement(
            decided_by=str(movement.get("decided_by") or ""),
            preconditions=tuple(
                code
                for code in (_slug(item) for item in movement.get("preconditions", ()))
                if code in FreedomOfMovementCondition.values
            ),
            limit=TimeLimit(30, DayKind.CALENDAR),
        )
        assumed.append("freedom_of_movement.limit (30 calendar days)")
    country_code = (country or key).upper()[:2]
    assumed.extend(
        [
            "formal_decision.limit (90 calendar days from the start of the formal stage)",
            "reconsideration.limit (20 working days)",
            "permit_decision, guardian_appointment, compensation_follow_up, service_response",
        ]
    )
    return CountryRules(
        country=country_code,
        name=COUNTRY_NAMES.get(key, key),
        competent_authorities=tuple(merged.get("competent_authorities") or ()),
        deciding_organisation_types=DECIDING_TYPES.get(key, DECIDING_TYPES[BASE_KEY]),
        preliminary_decision=DecisionStep(
            name=str(preliminary.get("name") or "Reasonable grounds"),
            standard=str(preliminary.get("standard") or ""),
            limit=TimeLimit(int(preliminary_days), DayKind.WORKING),
        ),
        formal_decision=DecisionStep(
            name=str(formal.get("name") or "Formal identification"),
            standard=str(formal.get("standard") or ""),
            limit=TimeLimit(90, DayKind.CALENDAR),
            earliest_days_after_preliminary=formal.get("earliest_days_after_preliminary"),
        ),
        recovery_reflection_days=int(recovery),
        support_until_formal_decision=True,
        assistance_conditional_on_cooperation=bool(
            pick("assistance_conditional_on_cooperation", False)
        ),
        adult_referral_needs_consent=bool(pick("adult_referral_needs_consent", True)),
        child_referral_needs_consent=bool(pick("child_referral_needs_consent", False)),
        adult_declines=str(
            merged.get("adult_declines") or "anonymous notification (counted, no identifying data)"
        ),
        reconsideration=Reconsideration(
            is_available=True,
            who_may_request=requesters,
            limit=TimeLimit(20, DayKind.WORKING),
            max_requests=1,
        ),
        shelter_max_days=merged.get("shelter_max_days"),
        interim_protection_order_days=merged.get("interim_protection_order_days"),
        protection_order_max_days=merged.get("protection_order_max_days"),
        freedom_of_movement=freedom,
        permit_decision=TimeLimit(30, DayKind.CALENDAR),
        guardian_appointment=TimeLimit(3, DayKind.WORKING),
        compensation_follow_up=TimeLimit(90, DayKind.CALENDAR),
        service_response=TimeLimit(2, DayKind.WORKING),
        reminder_days_before=2,
        holidays=HolidayCalendar(country=country_code),
        notes=(
            f"Loaded from the reference profile {key}; values marked 'verify' there were not "
            "confirmed against the legal text.",
            "Waypoint starting values to confirm: " + "; ".join(assumed) + ".",
        ),
    )


def with_changes(rules: CountryRules, **changes: Any) -> CountryRules:
    """A copy of ``rules`` with some top-level values replaced (for edits and tests)."""
    return replace(rules, **changes)
