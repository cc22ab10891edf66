"""Writes of the statistics area: exports (each one audited) and imports of reference statistics.

Every export is built from disclosure-controlled tables only (``selectors.statistics_table``
without ``internal``) and leaves an audit event ``statistics.export`` in the same transaction:
who exported which table, for which period, in which format, and how many figures were withheld.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from django.db import transaction
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.audit import services as audit
from waypoint.common.errors import ValidationFailed
from waypoint.reporting import registry, selectors
from waypoint.reporting.documents import render_pdf, report_sections
from waypoint.reporting.exports import table_csv, table_json, tables_xlsx
from waypoint.reporting.models import PublishedFigure, ReferenceDataset
from waypoint.reporting.periods import PeriodKind
from waypoint.reporting.reference_files import read_reference_file
from waypoint.reporting.registry import TableKind
from waypoint.reporting.tables import StatTable

TIP_ANNEX_ID: Final = "tip-annex"
BATCH: Final = 2000


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"
    JSON = "json"


CONTENT_TYPES: Final = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.PDF: "application/pdf",
    ExportFormat.JSON: "application/json",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    file_name: str
    content_type: str


def _file_name(stem: str, period_token: str, file_format: ExportFormat) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{stem}_{period_token}")
    return f"waypoint_{safe}.{file_format.value}"


def _parse_format(file_format: str) -> ExportFormat:
    try:
        return ExportFormat(file_format)
    except ValueError as error:
        raise ValidationFailed(
            _("Unknown file format."),
            fields={"format": [_("Use one of: %(f)s.") % {"f": ", ".join(ExportFormat)}]},
        ) from error


def _organisation_name(actor: Actor) -> str:
    return actor.organisation.name if actor.organisation is not None else _("Waypoint console")


@transaction.atomic
def statistics_export(
    *, actor: Actor, table_id: str, period: str | None, file_format: str
) -> ExportFile:
    """One table for a period as CSV, XLSX, PDF or JSON, always disclosure-controlled."""
    require(actor, Perm.STATISTICS_VIEW)
    chosen = _parse_format(file_format)
    view = selectors.statistics_table(actor=actor, table_id=table_id, period=period)
    table = view.table
    if chosen == ExportFormat.CSV:
        content = table_csv(table)
    elif chosen == ExportFormat.XLSX:
        content = tables_xlsx([table])
    elif chosen == ExportFormat.JSON:
        content = table_json(table)
    else:
        content = render_pdf(
            title=table.title,
            period=table.period,
            sections=report_sections([(view.spec, table)]),
            prepared_for=_organisation_name(actor),
        )
    _record_export(actor, table_id=table.table_id, file_format=chosen, tables=[table])
    return ExportFile(
        content=content,
        file_name=_file_name(table.table_id, table.period.token, chosen),
        content_type=CONTENT_TYPES[chosen],
    )


@transaction.atomic
def statistics_release(*, actor: Actor, table_id: str, period: str | None) -> StatTable:
    """A disclosure-controlled table handed out as data (the API): audited like a download."""
    require(actor, Perm.STATISTICS_VIEW)
    table = selectors.statistics_table(actor=actor, table_id=table_id, period=period).table
    _record_export(actor, table_id=table.table_id, file_format=ExportFormat.JSON, tables=[table])
    return table


@transaction.atomic
def tip_annex_export(*, actor: Actor, period: str | None) -> ExportFile:
    """The TIP annex as a PDF: every registered TIP table for the period, with its definitions;
    a table whose data does not exist yet is listed as "no data source yet"."""
    require(actor, Perm.STATISTICS_VIEW)
    specs = registry.all_specs(TableKind.TIP)
    if not specs:
        raise ValidationFailed(_("No TIP table is registered."), fields={"table": [_("None.")]})
    resolved = selectors.statistics_period(specs[0], period)
    if resolved.kind != PeriodKind.TIP:
        raise ValidationFailed(
            _("The period is not valid."),
            fields={"period": [_("The TIP annex covers a TIP period, e.g. tip-2025.")]},
        )
    items = []
    for spec in specs:
        view = selectors.statistics_table(
            actor=actor, table_id=spec.table_id, period=resolved.token
        )
        items.append((spec, view.table))
    content = render_pdf(
        title=_("Trafficking in Persons report: statistical annex"),
        period=resolved,
        sections=report_sections(items),
        prepared_for=_organisation_name(actor),
    )
    _record_export(
        actor,
        table_id=TIP_ANNEX_ID,
        file_format=ExportFormat.PDF,
        tables=[table for _spec, table in items],
        period_token=resolved.token,
    )
    return ExportFile(
        content=content,
        file_name=_file_name(TIP_ANNEX_ID, resolved.token, ExportFormat.PDF),
        content_type=CONTENT_TYPES[ExportFormat.PDF],
    )


def _record_export(
    actor: Actor,
    *,
    table_id: str,
    file_format: ExportFormat,
    tables: list[StatTable],
    period_token: str = "",
) -> None:
    audit.record(
        actor=actor,
        action="statistics.export",
        target_type=selectors.TABLE_TARGET,
        target_id=table_id,
        details={
            "period": period_token or tables[0].period.token,
            "format": file_format.value,
            "tables": [table.table_id for table in tables],
            "suppressed_cells": sum(
                table.disclosure.suppressed for table in tables if table.disclosure is not None
            ),
            "disclosure_controlled": all(table.disclosure is not None for table in tables),
        },
    )


@transaction.atomic
def reference_statistics_import(*, actor: Actor, path: Path, source: str = "") -> ReferenceDataset:
    """Load a published statistics file (UK NRM referrals or UNODC GLOTIP), replacing the figures
    of the same source. Only people who manage the installation may."""
    require(actor, Perm.SYSTEM_SETTINGS_MANAGE)
    parsed = read_reference_file(path, source)
    ReferenceDataset.objects.filter(source=parsed.source).delete()
    years = [figure.year for figure in parsed.figures]
    dataset = ReferenceDataset.objects.create(
        source=parsed.source,
        file_name=parsed.file_name[:255],
        checksum=parsed.checksum,
        figure_count=len(parsed.figures),
        suppressed_count=parsed.suppressed,
        unknown_count=parsed.unknown,
        conflict_count=parsed.conflicts,
        first_year=min(years),
        last_year=max(years),
    )
    PublishedFigure.objects.bulk_create(
        (
            PublishedFigure(
                dataset=dataset,
                indicator=figure.indicator,
                area=figure.area,
                area_name=figure.area_name[:200],
                year=figure.year,
                quarter=figure.quarter,
                dimensions=dict(figure.dimensions),
                value=figure.value,
                status=figure.status,
            )
            for figure in parsed.figures
        ),
        batch_size=BATCH,
    )
    audit.record(
        actor=actor,
        action="statistics.reference_import",
        target=dataset,
        details={
            "source": parsed.source,
            "figures": dataset.figure_count,
            "suppressed": dataset.suppressed_count,
            "unknown": dataset.unknown_count,
            "conflicts": dataset.conflict_count,
            "checksum": parsed.checksum,
        },
    )
    return dataset
