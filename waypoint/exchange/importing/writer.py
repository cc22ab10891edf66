"""Pass 2 of the import: writing checked rows in batches (bulk inserts, per-row encryption).

Runs inside the caller's transaction, after pass 1 found nothing to reject. For each batch it loads
what already exists (records by ``ext_SourceRecordId``, cases and persons by reference), creates
what is new with ``bulk_create`` (encryption and blind indexes are computed per row by the fields),
and updates what differs. A row whose stored record already holds every value it gives is
"unchanged" and nothing is written for it.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.utils import timezone

from waypoint.cases.choices import CLOSED_STATUSES, CaseStatus, ClosureReason, ReferralDirection
from waypoint.cases.models import (
    Case,
    CasePerson,
    CasePersonCode,
    CaseReferralDetail,
    TraffickingStatusChange,
)
from waypoint.common.concurrency import save_versioned
from waypoint.common.fields import blind_index
from waypoint.exchange.htcds.records import (
    current_consent,
    field_value,
    first_referral,
    link_prefetch,
)
from waypoint.exchange.htcds.rows import ParsedRow
from waypoint.exchange.htcds.schema import CODE_FIELDS, EXTENSION_FIELDS, FIELDS_BY_NAME, Level
from waypoint.exchange.importing import bulk
from waypoint.exchange.importing.engine import ParsedGroup, existing_links, existing_references
from waypoint.exchange.models import CasePersonExtension, ExternalReference, ReferenceKind
from waypoint.people.choices import ConsentPurpose
from waypoint.people.models import ConsentRecord, Person, PersonCitizenship

if TYPE_CHECKING:
    from waypoint.exchange.importing.engine import Importer

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Blank in the file leaves these as they are: the database needs a value (status, opening date),
# consent history is never erased by an import, and an unknown user name assigns nobody.
KEEP_WHEN_BLANK = frozenset({"cas_Status", "ext_OpenedOn", "con_Consent", "cas_CaseOwner"})
PERSON_INDEXES = ("identity_number_index", "name_birthdate_index")
REFERRAL_LEVELS = {
    Level.REFERRAL_IN: ReferralDirection.INCOMING,
    Level.REFERRAL_OUT: ReferralDirection.OUTGOING,
}


def _stored(model: type[Model], attribute: str, value: Any) -> Any:
    """``None`` becomes the empty string for columns that are not nullable (codes)."""
    if value is None and not getattr(model._meta.get_field(attribute), "null", False):
        return ""
    return value


def _same(given: Any, stored: Any) -> bool:
    if isinstance(given, str) and isinstance(stored, str):
        return given.strip() == stored.strip()
    return bool(given == stored)


def _differs(name: str, given: Any, stored: Any) -> bool:
    if name in KEEP_WHEN_BLANK and given is None:
        return False
    return not _same(given, stored)


class Pending:
    """A record to be inserted with this batch: its column values, and its key once inserted."""

    __slots__ = ("pk", "values")

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.pk: int | None = None


class Writer:
    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.report = importer.report
        self.organisation = importer.organisation
        self.user = importer.actor.user
        self.user_id = self.user.pk if self.user is not None else None
        self.today = importer.today
        self.now = timezone.now()
        self.prefetch = link_prefetch(importer.source.exchange_fields())
        self.inserters = {
            model: bulk.Inserter(model, now=self.now)
            for model in (
                Case,
                Person,
                CasePerson,
                CaseReferralDetail,
                TraffickingStatusChange,
                ConsentRecord,
            )
        }

    # Entry point --------------------------------------------------------------------------

    def write(self, chunk: list[ParsedGroup]) -> None:
        if not chunk:
            return
        links = existing_links(self.organisation, chunk, prefetch=self.prefetch)
        case_refs, person_refs = existing_references(self.organisation, chunk)
        cases_by_key: dict[str, Case | Pending] = {}
        persons_by_key: dict[str, Person | Pending] = {}
        cases_by_id: dict[int, Case] = {link.case_id: link.case for link in links.values()}
        new_links: list[tuple[ParsedRow, Case | Pending, Person | Pending]] = []
        new_cases: list[tuple[Pending, ParsedRow, str]] = []
        new_persons: list[tuple[Pending, ParsedRow]] = []
        updates: list[tuple[ParsedRow, CasePerson]] = []
        touched_cases: dict[int, ParsedRow] = {}
        touched_persons: dict[int, tuple[Person, ParsedRow]] = {}

        for group in chunk:
            case, via_link = self._case_for(group, links, case_refs, cases_by_key, cases_by_id)
            if case is None:
                case = self._new_case(group)
                new_cases.append((case, group.rows[0], group.case_key))
                if group.case_key:
                    cases_by_key[group.case_key] = case
            elif isinstance(case, Case) and not via_link:
                # New rows joining a stored case: its case fields are brought up to date once.
                touched_cases.setdefault(case.pk, group.rows[0])
            for row in group.rows:
                link = links.get(row.source_record_id) if row.source_record_id else None
                if link is not None:
                    updates.append((row, link))
                    continue
                person = self._person_for(row, person_refs, persons_by_key)
                if person is None:
                    person = self._new_person(row)
                    new_persons.append((person, row))
                    if row.person_key:
                        persons_by_key[row.person_key] = person
                elif isinstance(person, Person):
                    touched_persons.setdefault(person.pk, (person, row))
                new_links.append((row, case, person))

        self._create_cases(new_cases)
        self._create_persons(new_persons)
        self._create_links(new_links)
        for person, row in touched_persons.values():
            self._update_person(person, row)
        for case_id, row in touched_cases.items():
            self._update_case(cases_by_id[case_id], row)
        for row, link in updates:
            link.case = cases_by_id.get(link.case_id, link.case)
            changed = self._update_person(link.person, row)
            changed = self._update_case(link.case, row) or changed
            changed = self._update_link(link, row) or changed
            changed = self._update_consent(link, row) or changed
            if changed:
                self.report.records_updated += 1
            else:
                self.report.records_unchanged += 1
            if row.case_key and row.case_key not in case_refs and row.case_key not in cases_by_key:
                ExternalReference.objects.create(
                    organisation=self.organisation,
                    kind=ReferenceKind.CASE,
                    reference=row.case_key,
                    case=link.case,
                )
                cases_by_key[row.case_key] = link.case

    # Resolving -----------------------------------------------------------------------------

    def _case_for(
        self,
        group: ParsedGroup,
        links: dict[str, CasePerson],
        case_refs: dict[str, ExternalReference],
        cases_by_key: dict[str, Case | Pending],
        cases_by_id: dict[int, Case],
    ) -> tuple[Case | Pending | None, bool]:
        """The case of a group and whether it was found through a record imported before."""
        for row in group.rows:
            link = links.get(row.source_record_id) if row.source_record_id else None
            if link is not None:
                return cases_by_id[link.case_id], True
        key = group.case_key
        if not key:
            return None, False
        if key in cases_by_key:
            return cases_by_key[key], False
        ref = case_refs.get(key)
        if ref is not None and ref.case is not None:
            cases_by_id.setdefault(ref.case.pk, ref.case)
            return cases_by_id[ref.case.pk], False
        bound = self.importer.scratch.bound_case(key)
        if bound is not None:
            case = cases_by_id.get(bound) or Case.objects.get(pk=bound)
            cases_by_id.setdefault(case.pk, case)
            ExternalReference.objects.create(
                organisation=self.organisation, kind=ReferenceKind.CASE, reference=key, case=case
            )
            cases_by_key[key] = case
            return case, False
        return None, False

    def _person_for(
        self,
        row: ParsedRow,
        person_refs: dict[str, ExternalReference],
        persons_by_key: dict[str, Person | Pending],
    ) -> Person | Pending | None:
        key = row.person_key
        if not key:
            return None
        if key in persons_by_key:
            return persons_by_key[key]
        ref = person_refs.get(key)
        return ref.person if ref is not None else None

    # Creating ------------------------------------------------------------------------------

    def _new_case(self, group: ParsedGroup) -> Pending:
        values = group.rows[0].values
        dates = [self.today]
        dates += [
            row.values["ext_RegisteredOn"]
            for row in group.rows
            if row.values.get("ext_RegisteredOn")
        ]
        if values.get("ext_ClosedOn"):
            dates.append(values["ext_ClosedOn"])
        status = values.get("cas_Status") or CaseStatus.ACTIVE
        closure_reason = values.get("ext_ClosureReason") or (
            ClosureReason.OTHER if status in CLOSED_STATUSES else ""
        )
        return Pending(
            {
                "owner_organisation_id": self.organisation.pk,
                "case_owner_id": values.get("cas_CaseOwner"),
                "created_by_id": self.user_id,
                "status": status,
                "opened_on": values.get("ext_OpenedOn") or min(dates),
                "closed_on": values.get("ext_ClosedOn"),
                "closure_reason": closure_reason,
                "closure_details": values.get("cas_ReasonForCaseClosure"),
                "summary": values.get("ext_CaseSummary"),
                "is_deidentified": all(row.values.get("ext_Deidentified") for row in group.rows),
            }
        )

    def _create_cases(self, new_cases: list[tuple[Pending, ParsedRow, str]]) -> None:
        if not new_cases:
            return
        references = self._free_references(len(new_cases))
        for (case, _row, _key), reference in zip(new_cases, references, strict=True):
            case.values["reference"] = reference
        keys = self.inserters[Case].insert([case.values for case, _row, _key in new_cases])
        for (case, _row, _key), pk in zip(new_cases, keys, strict=True):
            case.pk = pk
        self.report.cases_created += len(new_cases)
        bulk.insert_values(
            ExternalReference,
            ("organisation", "kind", "reference", "case", "person"),
            [
                (self.organisation.pk, ReferenceKind.CASE.value, key, case.pk, None)
                for case, _row, key in new_cases
                if key
            ],
        )
        details = []
        for case, row, _key in new_cases:
            for level, direction in REFERRAL_LEVELS.items():
                given = {
                    FIELDS_BY_NAME[name].target: value for name, value in row.given(level).items()
                }
                if any(value is not None for value in given.values()):
                    detail = {"case_id": case.pk, "direction": direction}
                    detail.update(
                        {
                            target: value
                            if target.endswith("_id")
                            else _stored(CaseReferralDetail, target, value)
                            for target, value in given.items()
                        }
                    )
                    details.append(detail)
        self.inserters[CaseReferralDetail].insert(details)

    def _free_references(self, count: int) -> list[str]:
        chosen: set[str] = set()
        while len(chosen) < count:
            candidates = {
                "C-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _index in range(8))
                for _n in range(count - len(chosen))
            }
            taken = set(
                Case.objects.filter(reference__in=candidates)
                .order_by()
                .values_list("reference", flat=True)
            )
            chosen |= candidates - taken
        return sorted(chosen)[:count]

    def _new_person(self, row: ParsedRow) -> Pending:
        values: dict[str, Any] = {
            "owner_organisation_id": self.organisation.pk,
            "created_by_id": self.user_id,
            "is_deidentified": bool(row.values.get("ext_Deidentified")),
        }
        for name, value in row.given(Level.PERSON).items():
            target = FIELDS_BY_NAME[name].target
            if target not in ("citizenship", "is_deidentified"):
                values[target] = _stored(Person, target, value)
        return Pending(values)

    def _create_persons(self, new_persons: list[tuple[Pending, ParsedRow]]) -> None:
        if not new_persons:
            return
        keys = self.inserters[Person].insert([person.values for person, _row in new_persons])
        for (person, _row), pk in zip(new_persons, keys, strict=True):
            person.pk = pk
        self.report.persons_created += len(new_persons)
        bulk.insert_values(
            ExternalReference,
            ("organisation", "kind", "reference", "case", "person"),
            [
                (self.organisation.pk, ReferenceKind.PERSON.value, row.person_key, None, person.pk)
                for person, row in new_persons
                if row.person_key
            ],
        )
        bulk.insert_values(
            PersonCitizenship,
            ("person", "country"),
            [
                (person.pk, country)
                for person, row in new_persons
                for country in sorted(row.values.get("prs_Citizenship") or ())
            ],
        )

    def _link_values(
        self, row: ParsedRow, case: Case | Pending, person: Case | Pending | Person
    ) -> dict[str, Any]:
        values: dict[str, Any] = {
            "case_id": case.pk,
            "person_id": person.pk,
            "role": row.role,
            "source_organisation_id": self.organisation.pk if row.source_record_id else None,
            "source_record_id": row.source_record_id,
        }
        for name, value in row.given(Level.LINK).items():
            spec = FIELDS_BY_NAME[name]
            if spec.is_multi:
                continue
            if spec.target == "registration_year":
                values["registration_year_from"], values["registration_year_to"] = value or (
                    None,
                    None,
                )
            else:
                values[spec.target] = (
                    value
                    if spec.target.endswith("_id")
                    else _stored(CasePerson, spec.target, value)
                )
        if (
            "registered_on" not in values
            and not values.get("registration_year_from")
            and not row.values.get("ext_Deidentified")
        ):
            # A record entered without a registration date was registered when its case opened;
            # a de-identified dataset record without one keeps it unknown.
            values["registered_on"] = (
                case.values["opened_on"] if isinstance(case, Pending) else case.opened_on
            )
        return values

    def _create_links(
        self, new_links: list[tuple[ParsedRow, Case | Pending, Person | Pending]]
    ) -> None:
        if not new_links:
            return
        rows = [self._link_values(row, case, person) for row, case, person in new_links]
        keys = self.inserters[CasePerson].insert(rows)
        self.report.records_created += len(rows)
        codes: list[tuple[int, str, str]] = []
        extensions: list[tuple[int, str, str]] = []
        history: list[dict[str, Any]] = []
        consents: list[dict[str, Any]] = []
        for (row, case, person), values, pk in zip(new_links, rows, keys, strict=True):
            codes += [
                (pk, spec.name, code)
                for spec in CODE_FIELDS
                for code in sorted(row.values.get(spec.name) or ())
            ]
            extensions += [
                (pk, spec.name, value)
                for spec in EXTENSION_FIELDS
                for value in sorted(row.values.get(spec.name) or ())
            ]
            if values.get("trafficking_status"):
                history.append(
                    {
                        "case_person_id": pk,
                        "status": values["trafficking_status"],
                        "decision_making_org": values.get("trafficking_status_decision_making_org")
                        or "",
                        "changed_at": self.now,
                        "changed_by_id": self.user_id,
                    }
                )
            if row.values.get("con_Consent") is not None:
                consents.append(
                    self._consent_values(person.pk, case.pk, is_given=row.values["con_Consent"])
                )
        bulk.insert_values(CasePersonCode, ("case_person", "field", "code"), codes)
        bulk.insert_values(CasePersonExtension, ("case_person", "field", "value"), extensions)
        self.inserters[TraffickingStatusChange].insert(history)
        self.inserters[ConsentRecord].insert(consents)

    def _consent_values(
        self, person_id: int | None, case_id: int | None, *, is_given: bool
    ) -> dict[str, Any]:
        return {
            "person_id": person_id,
            "case_id": case_id,
            "purpose": ConsentPurpose.DATA_PROCESSING,
            "is_given": is_given,
            "recorded_by_id": self.user_id,
            "recorded_for_id": self.organisation.pk,
            "recorded_at": self.now,
        }

    # Updating ------------------------------------------------------------------------------

    def _update_person(self, person: Person, row: ParsedRow) -> bool:
        given = row.given(Level.PERSON)
        changed: list[str] = []
        citizenship_changed = False
        for name, value in given.items():
            spec = FIELDS_BY_NAME[name]
            stored = _person_value(person, spec.target)
            if not _differs(name, value, stored):
                continue
            if spec.target == "citizenship":
                PersonCitizenship.objects.filter(person=person).delete()
                PersonCitizenship.objects.bulk_create(
                    [PersonCitizenship(person=person, country=code) for code in sorted(value or ())]
                )
                citizenship_changed = True
            elif spec.target == "is_deidentified":
                continue  # whether a record is de-identified is fixed when it is created
            else:
                setattr(person, spec.target, _stored(Person, spec.target, value))
                changed.append(spec.target)
        if changed:
            for index_name in PERSON_INDEXES:
                setattr(person, index_name, blind_index(Person, index_name).compute(person))
            save_versioned(
                person, expected_version=person.version, fields=[*changed, *PERSON_INDEXES]
            )
        return bool(changed) or citizenship_changed

    def _update_case(self, case: Case, row: ParsedRow) -> bool:
        given = row.given(Level.CASE)
        changed: list[str] = []
        for name, value in given.items():
            spec = FIELDS_BY_NAME[name]
            if not _differs(name, value, _blank(getattr(case, spec.target))):
                continue
            changed.append(_assign(case, spec.target, value))
        if changed:
            if case.status in CLOSED_STATUSES and not case.closure_reason:
                case.closure_reason = ClosureReason.OTHER
                changed.append("closure_reason")
            if case.status not in CLOSED_STATUSES and (case.closure_reason or case.closed_on):
                case.closure_reason, case.closed_on = "", None
                case.reopened_count += 1
                changed += ["closure_reason", "closed_on", "reopened_count"]
            save_versioned(case, expected_version=case.version, fields=changed)
        referrals_changed = [self._update_referral(case, row, level) for level in REFERRAL_LEVELS]
        return bool(changed) or any(referrals_changed)

    def _update_referral(self, case: Case, row: ParsedRow, level: Level) -> bool:
        given = {FIELDS_BY_NAME[name].target: value for name, value in row.given(level).items()}
        if not given:
            return False
        detail = first_referral(case, REFERRAL_LEVELS[level])
        stored = {
            target: (None if detail is None else _blank(getattr(detail, target)))
            for target in given
        }
        if all(_same(given[target], stored[target]) for target in given):
            return False
        if detail is None:
            detail = CaseReferralDetail(case=case, direction=REFERRAL_LEVELS[level])
        for target, value in given.items():
            _assign(detail, target, value)
        detail.save()
        case._prefetched_objects_cache.pop("referral_details", None)  # type: ignore[attr-defined]
        return True

    def _update_link(self, link: CasePerson, row: ParsedRow) -> bool:
        given = row.given(Level.LINK)
        changed: list[str] = []
        code_changes = False
        previous_status = link.trafficking_status
        for name, value in given.items():
            spec = FIELDS_BY_NAME[name]
            if not _differs(name, value, field_value(spec, link)):
                continue
            if spec.is_multi:
                model: type[CasePersonCode] | type[CasePersonExtension] = (
                    CasePersonExtension if name.startswith("ext_") else CasePersonCode
                )
                model.objects.filter(case_person=link, field=name).delete()
                if model is CasePersonExtension:
                    CasePersonExtension.objects.bulk_create(
                        [
                            CasePersonExtension(case_person=link, field=name, value=item)
                            for item in sorted(value or ())
                        ]
                    )
                else:
                    CasePersonCode.objects.bulk_create(
                        [
                            CasePersonCode(case_person=link, field=name, code=item)
                            for item in sorted(value or ())
                        ]
                    )
                code_changes = True
            elif spec.target == "registration_year":
                link.registration_year_from, link.registration_year_to = value or (None, None)
                changed += ["registration_year_from", "registration_year_to"]
            else:
                changed.append(_assign(link, spec.target, value))
        if changed:
            save_versioned(link, expected_version=link.version, fields=changed)
            if link.trafficking_status != previous_status:
                TraffickingStatusChange.objects.create(
                    case_person=link,
                    status=link.trafficking_status,
                    decision_making_org=link.trafficking_status_decision_making_org,
                    changed_at=self.now,
                    changed_by=self.user,
                )
        return bool(changed) or code_changes

    def _update_consent(self, link: CasePerson, row: ParsedRow) -> bool:
        if "con_Consent" not in row.present or row.values.get("con_Consent") is None:
            return False
        wanted = bool(row.values["con_Consent"])
        record = current_consent(link.case, link.person_id)
        current = None if record is None else record.is_given and record.withdrawn_at is None
        if current == wanted:
            return False
        if not wanted and record is not None and record.is_given and record.withdrawn_at is None:
            record.withdrawn_at, record.withdrawn_by = self.now, self.user
            record.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        else:
            ConsentRecord.objects.create(
                **self._consent_values(link.person_id, link.case_id, is_given=wanted)
            )
        link.case._prefetched_objects_cache.pop("consents", None)  # type: ignore[attr-defined]
        return True


def _blank(value: Any) -> Any:
    return None if value in ("", None) else value


def _assign(instance: Model, target: str, value: Any) -> str:
    """Set ``target`` (an attribute, or a foreign key's ``*_id``); returns the field's name."""
    if target.endswith("_id"):
        setattr(instance, target, value)
        return target.removesuffix("_id")
    setattr(instance, target, _stored(type(instance), target, value))
    return target


def _person_value(person: Person, target: str) -> Any:
    if target == "citizenship":
        return frozenset(item.country for item in person.citizenships.all())
    if target == "is_deidentified":
        return True if person.is_deidentified else None
    return _blank(getattr(person, target))
