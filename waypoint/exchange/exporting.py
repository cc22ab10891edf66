"""Building an export: the cases the actor may see, each limited to the sections they may see.

Cases are read in batches ordered by key, with everything a row needs prefetched, so memory stays
flat and the number of queries grows with the number of batches, not rows. A de-identified export
has no identifying columns at all; an identifying one fills them only where the case's sections
include identifying data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.access.scopes.cases import Section
from waypoint.access.scopes.exchange import export_sections, exportable_cases
from waypoint.accounts.models import Organisation, User
from waypoint.cases.models import Case, CasePerson
from waypoint.exchange.choices import ExportFormat
from waypoint.exchange.htcds.records import CASE_PREFETCH, field_value
from waypoint.exchange.htcds.schema import FIELDS, FieldSpec, Level
from waypoint.exchange.htcds.values import Kind, ParseContext, format_value
from waypoint.exchange.writers import CsvRowWriter, JsonCaseWriter, XlsxRowWriter

BATCH = 200
FORMAT_NAME = "waypoint-htcds"
FORMAT_VERSION = 1
CASE_LEVELS = frozenset({Level.CASE, Level.REFERRAL_IN, Level.REFERRAL_OUT})


def export_columns(*, identifying: bool) -> list[FieldSpec]:
    return [spec for spec in FIELDS if identifying or not spec.identifying]


@dataclass
class ExportCounts:
    cases: int = 0
    rows: int = 0
    identifying_rows: int = 0


def format_context() -> ParseContext:
    return ParseContext(
        today=timezone.localdate(),
        organisation_names=dict(Organisation.objects.values_list("pk", "name")),
        user_names=dict(User.objects.values_list("pk", "username")),
    )


def _allowed(spec: FieldSpec, sections: frozenset[Section], identifying: bool) -> bool:
    if spec.section not in sections:
        return False
    return not spec.identifying or (identifying and Section.IDENTIFYING in sections)


def _empty(spec: FieldSpec) -> Any:
    return frozenset() if spec.is_multi else None


def case_records(
    actor: Actor, *, identifying: bool
) -> Iterator[tuple[Case, frozenset[Section], list[tuple[CasePerson, dict[str, Any]]]]]:
    """Each exportable case with its sections and its persons' values (blank where not allowed)."""
    columns = export_columns(identifying=identifying)
    last_pk = 0
    queryset = exportable_cases(actor).order_by("pk")
    while True:
        batch = list(queryset.filter(pk__gt=last_pk).prefetch_related(*CASE_PREFETCH)[:BATCH])
        if not batch:
            return
        last_pk = batch[-1].pk
        for case in batch:
            sections = export_sections(actor, case)
            records = []
            for link in case.case_persons.all():
                link.case = case
                values = {
                    spec.name: field_value(spec, link)
                    if _allowed(spec, sections, identifying)
                    else _empty(spec)
                    for spec in columns
                }
                records.append((link, values))
            yield case, sections, records


def _json_value(spec: FieldSpec, value: Any, context: ParseContext) -> Any:
    if value is None:
        return None
    if spec.is_multi:
        return sorted(value)
    if spec.kind in (Kind.BOOLEAN, Kind.INTEGER):
        return value
    return format_value(spec.kind, value, context)


def write_export(
    actor: Actor,
    stream: IO[bytes],
    *,
    file_format: str,
    identifying: bool,
    progress: Callable[[int], None] | None = None,
    record_persons: Callable[[list[tuple[str, str]]], None] | None = None,
) -> ExportCounts:
    """Write the export to ``stream``; returns what it contained. ``record_persons`` receives the
    (person, case) public ids of rows that carried identifying data, batch by batch."""
    columns = export_columns(identifying=identifying)
    context = format_context()
    counts = ExportCounts()
    pending: list[tuple[str, str]] = []
    if file_format == ExportFormat.JSON:
        writer: Any = JsonCaseWriter(
            stream,
            {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "standard": "HTCDS 2.0",
                "exported_at": timezone.now().isoformat(),
                "identifying": identifying,
            },
        )
    else:
        writer = CsvRowWriter(stream) if file_format == ExportFormat.CSV else XlsxRowWriter(stream)
        writer.header([spec.name for spec in columns])
    for case, sections, records in case_records(actor, identifying=identifying):
        if not records:
            continue  # a case without persons has no row in the exchange shape
        counts.cases += 1
        if file_format == ExportFormat.JSON:
            case_data = {
                spec.name: _json_value(spec, records[0][1][spec.name], context)
                for spec in columns
                if spec.level in CASE_LEVELS
            }
            case_data["ext_CaseReference"] = case.reference
            case_data["persons"] = [
                {
                    spec.name: _json_value(spec, values[spec.name], context)
                    for spec in columns
                    if spec.level not in CASE_LEVELS and spec.name != "ext_CaseReference"
                }
                for _link, values in records
            ]
            writer.case(case_data)
        else:
            for _link, values in records:
                writer.row(
                    [format_value(spec.kind, values[spec.name], context) for spec in columns]
                )
        counts.rows += len(records)
        if identifying and Section.IDENTIFYING in sections:
            counts.identifying_rows += len(records)
            pending.extend(
                (str(link.person.public_id), str(case.public_id)) for link, _values in records
            )
            if record_persons is not None and len(pending) >= 1000:
                record_persons(pending)
                pending = []
        if progress is not None:
            progress(counts.rows)
    if record_persons is not None and pending:
        record_persons(pending)
    writer.close()
    return counts


def export_file_name(file_format: str, *, at: dt.datetime | None = None) -> str:
    moment = timezone.localtime(at or timezone.now())
    return f"htcds-export-{moment:%Y%m%d-%H%M}.{file_format}"
