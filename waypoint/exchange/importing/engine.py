"""The import, in two passes over the file.

1. **Check** every row (cells, rules within the row, rules across rows, rules against what is
   already stored) and write nothing. Any rejected row rejects the whole file.
2. **Write**, only when nothing was rejected, in batches, inside the caller's single transaction.

Both passes stream the file; what must be remembered across rows lives in a scratch database
(:mod:`scratch`), so memory does not grow with the file. A dry run runs both passes and the caller
rolls the transaction back, which is why a dry run and a real run give the same report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.accounts.models import Organisation, User
from waypoint.cases.models import Case, CasePerson, CasePersonCode
from waypoint.exchange.htcds.rows import ParsedRow, parse_row
from waypoint.exchange.htcds.schema import Level
from waypoint.exchange.htcds.values import ParseContext
from waypoint.exchange.importing.report import ImportReport
from waypoint.exchange.importing.scratch import Scratch
from waypoint.exchange.importing.sources import Source
from waypoint.exchange.models import CasePersonExtension, ExternalReference, ReferenceKind
from waypoint.exchange.readers import FileProblem
from waypoint.people.models import Person, PersonCitizenship

Progress = Callable[[str, int, "int | None"], None]
CASE_ROLES = (Role.CASE_WORKER, Role.CASE_SUPERVISOR, Role.FIRST_RESPONDER)
CHUNK = 500
ANALYZE_FIRST = 2000


@dataclass
class ParsedGroup:
    index: int
    where: str
    rows: list[ParsedRow]

    @property
    def case_key(self) -> str:
        return next((row.case_key for row in self.rows if row.case_key), "")

    @property
    def case_identity(self) -> str:
        return f"key:{self.case_key}" if self.case_key else f"group:{self.index}"


def parse_context(
    organisation: Organisation, *, today: dt.date, space_separated: bool
) -> ParseContext:
    organisations = list(Organisation.objects.values_list("pk", "name"))
    users = list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__is_active=True,
            memberships__role__in=CASE_ROLES,
            is_active=True,
        )
        .distinct()
        .values_list("pk", "username")
    )
    return ParseContext(
        today=today,
        organisations_by_name={" ".join(name.casefold().split()): pk for pk, name in organisations},
        organisation_names=dict(organisations),
        users_by_name={username.casefold(): pk for pk, username in users},
        user_names=dict(users),
        space_separated=space_separated,
    )


class Importer:
    def __init__(
        self,
        *,
        actor: Actor,
        source: Source,
        report: ImportReport,
        progress: Progress | None = None,
        chunk_size: int = CHUNK,
        space_separated: bool = False,
    ) -> None:
        if actor.organisation is None:
            raise ValueError("An import acts for an organisation.")
        self.actor = actor
        self.organisation: Organisation = actor.organisation
        self.source = source
        self.report = report
        self.progress = progress or (lambda _phase, _done, _total: None)
        self.chunk_size = chunk_size
        self.today = timezone.localdate()
        self.context = parse_context(
            self.organisation, today=self.today, space_separated=space_separated
        )
        self.scratch = Scratch()
        self.rows_total = 0

    def close(self) -> None:
        self.scratch.close()

    # Reading -------------------------------------------------------------------------------

    def parsed_groups(self) -> Iterator[tuple[ParsedGroup, list[tuple[ParsedRow, str, str, str]]]]:
        """Each group with its rows parsed, and every problem found in them."""
        for index, raw in enumerate(self.source.groups()):
            rows: list[ParsedRow] = []
            problems: list[tuple[ParsedRow, str, str, str]] = []
            for raw_row in raw.rows:
                parsed, row_problems = parse_row(
                    raw_row.cells, number=raw_row.number, where=raw_row.where, context=self.context
                )
                rows.append(parsed)
                for name, value, reason in raw_row.problems:
                    problems.append((parsed, name, value, reason))
                for problem in row_problems:
                    problems.append((parsed, problem.field, problem.value, problem.reason))
            yield ParsedGroup(index=index, where=raw.where, rows=rows), problems

    # Pass 1 --------------------------------------------------------------------------------

    def check(self) -> None:
        report = self.report
        try:
            self.source.open()
        except FileProblem as problem:
            report.file_error(problem.message)
            return
        report.shape = self.source.shape
        report.columns = list(self.source.columns)
        report.ignored_columns = list(self.source.ignored)
        chunk: list[ParsedGroup] = []
        without_id = 0
        try:
            for group, problems in self.parsed_groups():
                report.rows_read += len(group.rows)
                without_id += sum(1 for row in group.rows if not row.source_record_id)
                for row, name, value, reason in problems:
                    report.error(row.where, row.number, name, value, reason)
                for row in group.rows:
                    for name, value, reason in row.warnings:
                        report.warning(row.where, row.number, name, value, reason)
                if not problems and self._check_across_rows(group):
                    chunk.append(group)
                if len(chunk) >= self.chunk_size:
                    self._check_against_database(chunk)
                    chunk = []
                self.progress("checking", report.rows_read, None)
            self._check_against_database(chunk)
        except FileProblem as problem:
            report.file_error(problem.message)
        if report.columns == [] and self.source.columns:
            report.columns = list(self.source.columns)
        self.rows_total = report.rows_read
        if report.rows_read == 0 and not report.file_errors:
            report.file_error(_("The file has a header but no rows."))
        if without_id and not report.file_errors:
            report.warning(
                "",
                0,
                "ext_SourceRecordId",
                "",
                _(
                    "%(count)s rows have no ext_SourceRecordId: importing this file again would create them again."
                )
                % {"count": without_id},
            )

    # Pass 2 --------------------------------------------------------------------------------

    def write(self) -> None:
        """Write every row in batches. Call only when :meth:`check` rejected nothing, inside one
        transaction (the caller's), so that a failure part-way leaves nothing behind."""
        from waypoint.exchange.importing.writer import Writer

        if self.report.is_rejected:
            raise RuntimeError("A rejected import is never written.")
        writer = Writer(self)
        chunk: list[ParsedGroup] = []
        done = 0
        next_analyze = ANALYZE_FIRST
        for group, _problems in self.parsed_groups():
            chunk.append(group)
            if len(chunk) >= self.chunk_size:
                writer.write(chunk)
                done += sum(len(item.rows) for item in chunk)
                self.progress("writing", done, self.rows_total)
                chunk = []
                if done >= next_analyze:
                    refresh_statistics()
                    next_analyze *= 4
        writer.write(chunk)
        if done >= ANALYZE_FIRST:
            refresh_statistics()
        self.progress("writing", self.rows_total, self.rows_total)

    def _check_across_rows(self, group: ParsedGroup) -> bool:
        report, scratch = self.report, self.scratch
        ok = True
        for row in group.rows:
            source_id = row.source_record_id
            if source_id:
                earlier = scratch.first_row_with_source_id(source_id, row.number)
                if earlier is not None:
                    report.error(
                        row.where,
                        row.number,
                        "ext_SourceRecordId",
                        source_id,
                        _("The same source record id is on row %(row)s.") % {"row": earlier},
                    )
                    ok = False
            if group.case_key:
                case_values = {
                    **row.given(Level.CASE),
                    **row.given(Level.REFERRAL_IN),
                    **row.given(Level.REFERRAL_OUT),
                }
                first, differing = scratch.differences(
                    "cases", group.case_key, case_values, row.number
                )
                for name in differing:
                    report.error(
                        row.where,
                        row.number,
                        name,
                        "",
                        _(
                            "Differs from row %(row)s of the same case (%(reference)s): case fields must be the same on every row of a case."
                        )
                        % {"row": first, "reference": group.case_key},
                    )
                    ok = False
            if row.person_key:
                first, differing = scratch.differences(
                    "persons", row.person_key, row.given(Level.PERSON), row.number
                )
                for name in differing:
                    report.error(
                        row.where,
                        row.number,
                        name,
                        "",
                        _(
                            "Differs from row %(row)s of the same person (%(reference)s): person fields must be the same on every row of a person."
                        )
                        % {"row": first, "reference": row.person_key},
                    )
                    ok = False
                earlier = scratch.first_row_with_membership(
                    group.case_identity, row.person_key, row.role, row.number
                )
                if earlier is not None:
                    report.error(
                        row.where,
                        row.number,
                        "ext_PersonReference",
                        row.person_key,
                        _(
                            "The same person is already in this case with the same role (row %(row)s)."
                        )
                        % {"row": earlier},
                    )
                    ok = False
        return ok

    @staticmethod
    def _stored_memberships(
        chunk: list[ParsedGroup],
        links: dict[str, CasePerson],
        case_refs: dict[str, ExternalReference],
        person_refs: dict[str, ExternalReference],
    ) -> set[tuple[int | None, int | None, str]]:
        """(case, person, role) already stored for new rows whose case and person exist."""
        wanted = {
            (case_refs[row.case_key].case_id, person_refs[row.person_key].person_id, row.role)
            for group in chunk
            for row in group.rows
            if row.case_key in case_refs
            and row.person_key in person_refs
            and links.get(row.source_record_id) is None
        }
        if not wanted:
            return set()
        stored = (
            CasePerson.objects.filter(
                case_id__in={case for case, _person, _role in wanted},
                person_id__in={person for _case, person, _role in wanted},
            )
            .order_by()
            .values_list("case_id", "person_id", "role")
        )
        return {membership for membership in stored if membership in wanted}

    def _check_against_database(self, chunk: list[ParsedGroup]) -> None:
        if not chunk:
            return
        report, organisation = self.report, self.organisation
        links = existing_links(organisation, chunk)
        case_refs, person_refs = existing_references(organisation, chunk)
        memberships = self._stored_memberships(chunk, links, case_refs, person_refs)
        for group in chunk:
            cases: dict[int, ParsedRow] = {}
            for row in group.rows:
                link = links.get(row.source_record_id) if row.source_record_id else None
                if link is not None:
                    if link.case.owner_organisation_id != organisation.pk:
                        report.error(
                            row.where,
                            row.number,
                            "ext_SourceRecordId",
                            row.source_record_id,
                            _(
                                "This record was imported before, but its case now belongs to another organisation; it cannot be changed from here."
                            ),
                        )
                        continue
                    if link.role != row.role:
                        report.error(
                            row.where,
                            row.number,
                            "ext_Role",
                            row.role,
                            _(
                                "This record was imported before with the role “%(role)s”; a role cannot change on import."
                            )
                            % {"role": link.role},
                        )
                    person_ref = person_refs.get(row.person_key) if row.person_key else None
                    if person_ref is not None and person_ref.person_id != link.person_id:
                        report.error(
                            row.where,
                            row.number,
                            "ext_PersonReference",
                            row.person_key,
                            _("This record was imported before for another person."),
                        )
                    cases.setdefault(link.case_id, row)
                if row.case_key:
                    case_ref = case_refs.get(row.case_key)
                    if case_ref is not None:
                        if case_ref.case.owner_organisation_id != organisation.pk:  # type: ignore[union-attr]
                            report.error(
                                row.where,
                                row.number,
                                "ext_CaseReference",
                                row.case_key,
                                _(
                                    "This case was imported before but now belongs to another organisation."
                                ),
                            )
                            continue
                        cases.setdefault(case_ref.case_id, row)  # type: ignore[arg-type]
                        person_ref = person_refs.get(row.person_key) if row.person_key else None
                        membership = (
                            case_ref.case_id,
                            person_ref.person_id if person_ref else None,
                            row.role,
                        )
                        if link is None and membership in memberships:
                            report.error(
                                row.where,
                                row.number,
                                "ext_PersonReference",
                                row.person_key,
                                _(
                                    "This person is already in this case with this role (imported earlier under another source record id)."
                                ),
                            )
                    elif link is not None:
                        earlier = self.scratch.bind_case(row.case_key, link.case_id, row.number)
                        if earlier is not None:
                            report.error(
                                row.where,
                                row.number,
                                "ext_CaseReference",
                                row.case_key,
                                _(
                                    "Rows with this case reference belong to different cases already in Waypoint (see row %(row)s)."
                                )
                                % {"row": earlier},
                            )
            if len(cases) > 1:
                row = group.rows[-1]
                report.error(
                    row.where,
                    row.number,
                    "ext_CaseReference",
                    row.case_key,
                    _(
                        "These rows belong to different cases already in Waypoint; a record cannot move to another case on import."
                    ),
                )


def refresh_statistics() -> None:
    """Let PostgreSQL's planner know how big the tables have grown. Inside the import's transaction
    its statistics still describe the tables as they were, and a join it believes is between tiny
    tables is planned as nested scans that become quadratic; ANALYZE counts the transaction's own
    new rows. Done at 2,000, 8,000, 32,000 … rows written, and at the end."""
    if connection.vendor != "postgresql":
        return
    tables = [
        model._meta.db_table
        for model in (
            Person,
            Case,
            CasePerson,
            CasePersonCode,
            CasePersonExtension,
            PersonCitizenship,
            ExternalReference,
        )
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")  # noqa: S608  a model's table


def existing_links(
    organisation: Organisation, chunk: list[ParsedGroup], *, prefetch: tuple[Any, ...] = ()
) -> dict[str, CasePerson]:
    source_ids = {
        row.source_record_id for group in chunk for row in group.rows if row.source_record_id
    }
    if not source_ids:
        return {}
    queryset = (
        CasePerson.objects.filter(source_organisation=organisation, source_record_id__in=source_ids)
        .select_related("case", "person")
        .order_by()
    )
    if prefetch:
        queryset = queryset.prefetch_related(*prefetch)
    return {link.source_record_id: link for link in queryset}


def existing_references(
    organisation: Organisation, chunk: list[ParsedGroup]
) -> tuple[dict[str, ExternalReference], dict[str, ExternalReference]]:
    case_keys = {group.case_key for group in chunk if group.case_key}
    person_keys = {row.person_key for group in chunk for row in group.rows if row.person_key}
    case_refs = (
        {
            ref.reference: ref
            for ref in ExternalReference.objects.filter(
                organisation=organisation, kind=ReferenceKind.CASE, reference__in=case_keys
            ).select_related("case")
        }
        if case_keys
        else {}
    )
    person_refs = (
        {
            ref.reference: ref
            for ref in ExternalReference.objects.filter(
                organisation=organisation, kind=ReferenceKind.PERSON, reference__in=person_keys
            ).select_related("person")
        }
        if person_keys
        else {}
    )
    return case_refs, person_refs
