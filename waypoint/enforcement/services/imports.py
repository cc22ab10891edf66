"""Importing defendant-level prosecution data: all or nothing.

Every row is read and checked first; if any row is refused nothing is written, and the report names
each bad row, column, value and reason. A dry run gives the same report and writes nothing. Rows are
identified by their source id per importing organisation, so importing the same file again adds
nothing. Imported persons are de-identified: no names exist in the source and none are stored.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm, Role
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Organisation
from waypoint.audit import services as audit
from waypoint.common.errors import ActionDenied
from waypoint.enforcement.choices import (
    ClosureReason,
    CompensationKind,
    InvestigationStatus,
    ProsecutionStatus,
    SentenceMeasure,
)
from waypoint.enforcement.importing import CURRENCY, DefendantPlan, RowProblem, read_defendants
from waypoint.enforcement.models import (
    Charge,
    CompensationOrder,
    Defendant,
    Investigation,
    Prosecution,
    Sentence,
    Suspect,
    Verdict,
)
from waypoint.enforcement.services.common import new_reference
from waypoint.people.models import Person

CASE_PREFIX = "case:"


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a refusal, would have done)."""

    rows_read: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    already_imported: int = 0
    created: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)

    @property
    def is_rejected(self) -> bool:
        return bool(self.problems)

    def summary_lines(self) -> list[str]:
        if self.is_rejected:
            lines = [
                f"Refused: {len(self.problems)} problem(s) in {self.rows_read} rows. "
                "Nothing was written."
            ]
            lines += [f"  {problem}" for problem in self.problems]
            return lines
        verb = "Would create" if not self.written else "Created"
        lines = [
            f"{'Dry run: ' if self.dry_run else ''}{self.rows_read} rows read, "
            f"{self.already_imported} already imported."
        ]
        for name in (
            "investigations",
            "prosecutions",
            "persons",
            "suspects",
            "defendants",
            "charges",
            "verdicts",
            "sentences",
            "orders",
        ):
            lines.append(f"  {verb} {self.created[name]} {name}.")
        for note, count in sorted(self.notes.items()):
            lines.append(f"  {count} {note}.")
        if self.dry_run:
            lines.append("Nothing was written (dry run).")
        return lines


def _count_plan(report: ImportReport, plans: list[DefendantPlan], new_cases: set[str]) -> None:
    created = report.created
    created["investigations"] = len(new_cases)
    created["prosecutions"] = len(new_cases)
    created["persons"] = created["suspects"] = created["defendants"] = len(plans)
    for plan in plans:
        created["charges"] += len(plan.charges)
        created["verdicts"] += sum(1 for charge in plan.charges if charge.outcome)
        created["sentences"] += int(plan.has_sentence)
        created["orders"] += int(plan.has_order)
        if not plan.charges:
            report.notes["defendants without statute details (no charges or verdicts)"] += 1
        if plan.is_convicted and plan.imprisonment_months is None:
            report.notes["convicted defendants without recorded months (no sentence)"] += 1
        if not plan.is_convicted and plan.imprisonment_months:
            report.notes[
                "defendants with months sentenced but no conviction on a listed statute "
                "(sentence not imported)"
            ] += 1
        if plan.restitution and not plan.is_convicted:
            report.notes["restitution without a conviction on a listed statute (not imported)"] += 1


def import_actor(organisation: Organisation, command: str) -> Actor:
    """The operator at the server console importing for ``organisation``'s prosecution service.

    Like ``Actor.console``: whoever runs ``manage.py`` on the server holds the keys already; the
    import acts with a prosecutor's permissions in that organisation and nothing more.
    """
    return Actor(
        user=None,
        organisation=organisation,
        roles=frozenset({Role.PROSECUTOR}),
        via="cli",
        system_reason=f"manage.py {command}",
    )


@transaction.atomic
def prosecutions_import(
    *,
    actor: Actor,
    organisation: Organisation,
    stream: IO[bytes] | IO[str],
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Import defendant rows for ``organisation`` (a prosecution service). All or nothing."""
    require(actor, Perm.PROSECUTION_MANAGE)
    if actor.organisation is None or actor.organisation.pk != organisation.pk:
        raise ActionDenied(_("You can import only for the organisation you act for."))
    if organisation.org_type != OrganisationType.PROSECUTION:
        raise ActionDenied(_("Prosecution data are imported for a prosecution service."))
    today = today or timezone.localdate()
    plan = read_defendants(stream, today=today, progress=progress)
    report = ImportReport(rows_read=plan.rows_read, problems=plan.problems, dry_run=dry_run)
    if report.is_rejected:
        return report
    existing = set(
        Defendant.objects.filter(
            source_organisation=organisation,
            source_record_id__in=[item.source_id for item in plan.defendants],
        ).values_list("source_record_id", flat=True)
    )
    new_rows = [item for item in plan.defendants if item.source_id not in existing]
    report.already_imported = len(plan.defendants) - len(new_rows)
    known_cases = set(
        Investigation.objects.filter(
            source_organisation=organisation,
            source_record_id__in=[CASE_PREFIX + item.case_id for item in new_rows],
        ).values_list("source_record_id", flat=True)
    )
    new_cases = {item.case_id for item in new_rows} - {
        source[len(CASE_PREFIX) :] for source in known_cases
    }
    _count_plan(report, new_rows, new_cases)
    if dry_run or not new_rows:
        return report
    _write(actor, organisation, new_rows)
    report.written = True
    return report


@transaction.atomic
def _write(actor: Actor, organisation: Organisation, rows: list[DefendantPlan]) -> None:
    case_ids = sorted({item.case_id for item in rows})
    investigations = {
        investigation.source_record_id[len(CASE_PREFIX) :]: investigation
        for investigation in Investigation.objects.filter(
            source_organisation=organisation,
            source_record_id__in=[CASE_PREFIX + case_id for case_id in case_ids],
        )
    }
    new_investigations = [
        Investigation(
            reference=new_reference("INV"),
            status=InvestigationStatus.CLOSED,
            closure_reason=ClosureReason.PROSECUTION,
            source_organisation=organisation,
            source_record_id=CASE_PREFIX + case_id,
        )
        for case_id in case_ids
        if case_id not in investigations
    ]
    Investigation.objects.bulk_create(new_investigations)
    for investigation in new_investigations:
        investigations[investigation.source_record_id[len(CASE_PREFIX) :]] = investigation
    prosecutions = {
        prosecution.source_record_id[len(CASE_PREFIX) :]: prosecution
        for prosecution in Prosecution.objects.filter(
            source_organisation=organisation,
            source_record_id__in=[CASE_PREFIX + case_id for case_id in case_ids],
        )
    }
    by_case: dict[str, list[DefendantPlan]] = {}
    for item in rows:
        by_case.setdefault(item.case_id, []).append(item)
    new_prosecutions = []
    for case_id in case_ids:
        if case_id in prosecutions:
            continue
        charged = [item.charged_on for item in by_case[case_id] if item.charged_on]
        decided = all(any(charge.outcome for charge in item.charges) for item in by_case[case_id])
        new_prosecutions.append(
            Prosecution(
                reference=new_reference("PRS"),
                investigation=investigations[case_id],
                prosecuting_organisation=organisation,
                status=ProsecutionStatus.CONCLUDED if decided else ProsecutionStatus.PRE_TRIAL,
                filed_on=min(charged) if charged else None,
                source_organisation=organisation,
                source_record_id=CASE_PREFIX + case_id,
            )
        )
    Prosecution.objects.bulk_create(new_prosecutions)
    for prosecution in new_prosecutions:
        prosecutions[prosecution.source_record_id[len(CASE_PREFIX) :]] = prosecution
    persons = Person.objects.bulk_create(
        [
            Person(
                owner_organisation=organisation,
                is_deidentified=True,
                gender=item.gender,
                age_band=item.age_band,
            )
            for item in rows
        ]
    )
    suspects = Suspect.objects.bulk_create(
        [
            Suspect(
                investigation=investigations[item.case_id],
                person=person,
                identified_on=item.arrested_on or item.charged_on,
                arrested_on=item.arrested_on,
                source_organisation=organisation,
                source_record_id=item.source_id,
            )
            for item, person in zip(rows, persons, strict=True)
        ]
    )
    defendants = Defendant.objects.bulk_create(
        [
            Defendant(
                prosecution=prosecutions[item.case_id],
                suspect=suspect,
                source_organisation=organisation,
                source_record_id=item.source_id,
            )
            for item, suspect in zip(rows, suspects, strict=True)
        ]
    )
    charge_rows: list[tuple[Charge, str, int | None]] = []
    sentences: list[Sentence] = []
    orders: list[CompensationOrder] = []
    for item, defendant in zip(rows, defendants, strict=True):
        for planned in item.charges:
            charge = Charge(
                defendant=defendant,
                external_statute_code=planned.statute_code,
                charged_on=item.charged_on,
                counts=planned.counts,
            )
            charge_rows.append((charge, planned.outcome, item.year_terminated))
        if item.has_sentence:
            sentences.append(
                Sentence(
                    defendant=defendant,
                    year=item.year_terminated,
                    imprisonment_months=item.imprisonment_months,
                    probation_months=item.probation_months,
                    fine_amount=item.fine,
                    fine_currency=CURRENCY if item.fine is not None else "",
                    other_measures=[SentenceMeasure.FORFEITURE] if item.forfeiture else [],
                )
            )
        if item.has_order and item.restitution is not None:
            orders.append(
                CompensationOrder(
                    defendant=defendant,
                    kind=CompensationKind.RESTITUTION,
                    amount=item.restitution,
                    currency=CURRENCY,
                    year=item.year_terminated,
                )
            )
    charges = Charge.objects.bulk_create([charge for charge, _outcome, _year in charge_rows])
    Verdict.objects.bulk_create(
        [
            Verdict(charge=charge, outcome=outcome, year=year)
            for charge, (_planned, outcome, year) in zip(charges, charge_rows, strict=True)
            if outcome
        ]
    )
    Sentence.objects.bulk_create(sentences)
    CompensationOrder.objects.bulk_create(orders)
    audit.record(
        actor=actor,
        action="enforcement.import",
        target=organisation,
        details={
            "defendants": len(rows),
            "investigations": len(new_investigations),
            "prosecutions": len(new_prosecutions),
            "charges": len(charges),
            "sentences": len(sentences),
            "orders": len(orders),
        },
    )
