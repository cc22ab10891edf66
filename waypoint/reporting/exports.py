"""Tables as data and files: the API/JSON shape, CSV, XLSX (and, in ``documents``, PDF).

Nothing here decides what may be published: callers hand in tables that already went through
disclosure control (``selectors.statistics_table``). Spreadsheet outputs neutralise formula
injection: any text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with a single quote, so a label imported from elsewhere can never run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from waypoint.reporting.tables import Cell, CellStatus, Number, StatTable

FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")
TOTAL_KEY: Final = "_total"
DISPLAY: Final = {CellStatus.SUPPRESSED: "withheld", CellStatus.UNKNOWN: "unknown"}
CSV_HEADER: Final = (
    "table",
    "period",
    "row_key",
    "row",
    "column_key",
    "column",
    "value",
    "status",
)


def safe_spreadsheet_text(text: str) -> str:
    """Text a spreadsheet will show as text, never evaluate as a formula."""
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def json_number(value: Number | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def cell_data(cell: Cell) -> dict[str, Any]:
    return {"value": json_number(cell.value), "status": cell.status.value}


def cell_text(cell: Cell) -> str:
    """How a figure reads on a page or in a spreadsheet: the number, "withheld" or "unknown"."""
    if cell.value is None:
        return DISPLAY[cell.status]
    value = json_number(cell.value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def serialize_table(table: StatTable) -> dict[str, Any]:
    """The table as plain data (the API's and ``manage.py statistics --format json``'s shape)."""
    rows = []
    for row in table.rows:
        rows.append(
            {
                "key": row.key,
                "label": row.label,
                "parts": list(row.parts),
                "cells": [
                    {"column": column.key, **cell_data(table.cell(row.key, column.key))}
                    for column in table.columns
                ],
                "total": (
                    cell_data(table.row_totals[row.key]) if table.row_totals is not None else None
                ),
            }
        )
    disclosure = table.disclosure
    return {
        "table": table.table_id,
        "title": table.title,
        "period": {
            "token": table.period.token,
            "kind": table.period.kind.value,
            "label": table.period.label,
            "start": table.period.start.isoformat(),
            "end": table.period.end.isoformat(),
        },
        "source_available": table.source_available,
        "internal": table.is_internal,
        "measure": table.measure.value,
        "unit": table.unit,
        "row_dimension": table.row_dimension,
        "column_dimension": table.column_dimension,
        "columns": [{"key": column.key, "label": column.label} for column in table.columns],
        "rows": rows,
        "column_totals": (
            [
                {"column": column.key, **cell_data(table.column_totals[column.key])}
                for column in table.columns
            ]
            if table.column_totals is not None
            else None
        ),
        "grand_total": cell_data(table.grand_total) if table.grand_total is not None else None,
        "totals_additive": table.totals_additive,
        "definitions": list(table.definitions),
        "notes": list(table.all_notes),
        "disclosure": (
            {
                "threshold": disclosure.threshold,
                "suppress_zeros": disclosure.suppress_zeros,
                "suppressed_cells": disclosure.suppressed,
                "withheld_entirely": disclosure.withheld_entirely,
            }
            if disclosure is not None
            else None
        ),
    }


def table_json(table: StatTable) -> bytes:
    return (json.dumps(serialize_table(table), ensure_ascii=False, indent=2) + "\n").encode()


def table_csv(table: StatTable) -> bytes:
    """One line per figure (long format): row, column, value and status, totals included.

    A withheld or unknown figure has an empty value and says so in ``status``.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)

    def line(row_key: str, row: str, column_key: str, column: str, cell: Cell) -> None:
        value = json_number(cell.value)
        writer.writerow(
            [
                safe_spreadsheet_text(text)
                for text in (
                    table.table_id,
                    table.period.token,
                    row_key,
                    row,
                    column_key,
                    column,
                    "" if value is None else str(value),
                    cell.status.value,
                )
            ]
        )

    for row in table.rows:
        for column in table.columns:
            line(row.key, row.label, column.key, column.label, table.cell(row.key, column.key))
        if table.row_totals is not None:
            line(row.key, row.label, TOTAL_KEY, "Total", table.row_totals[row.key])
    if table.column_totals is not None:
        for column in table.columns:
            line(TOTAL_KEY, "Total", column.key, column.label, table.column_totals[column.key])
    if table.grand_total is not None:
        line(TOTAL_KEY, "Total", TOTAL_KEY, "Total", table.grand_total)
    return buffer.getvalue().encode("utf-8-sig")


_HEADING = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_WITHHELD = Font(italic=True, color="7A4B00")
_UNKNOWN = Font(italic=True, color="4A5866")
_HEADER_FILL = PatternFill("solid", fgColor="EEF2F5")


def _put(sheet: Any, row: int, column: int, value: Any, font: Font | None = None) -> Any:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = safe_spreadsheet_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    if font is not None:
        cell.font = font
    return cell


def _put_figure(sheet: Any, row: int, column: int, figure: Cell, bold: bool = False) -> None:
    if figure.value is None:
        font = _WITHHELD if figure.is_suppressed else _UNKNOWN
        cell = _put(sheet, row, column, DISPLAY[figure.status], font)
    else:
        cell = _put(sheet, row, column, json_number(figure.value), _HEADING if bold else None)
    cell.alignment = Alignment(horizontal="right")


def _sheet_name(table_id: str, used: set[str]) -> str:
    name = table_id[:31]
    counter = 2
    while name in used:
        suffix = f"-{counter}"
        name = table_id[: 31 - len(suffix)] + suffix
        counter += 1
    used.add(name)
    return name


def tables_xlsx(tables: Sequence[StatTable]) -> bytes:
    """A workbook with one sheet per table: the table as on screen, then its definitions and
    notes. Withheld and unknown figures are words, never blank and never 0."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.table_id, used))
        _put(sheet, 1, 1, table.title, _TITLE)
        _put(sheet, 2, 1, f"Period: {table.period.label} ({table.period.token})")
        if table.disclosure is not None:
            _put(
                sheet,
                3,
                1,
                f"Disclosure-controlled: counts under {table.disclosure.threshold} and the "
                "figures that would reveal them are shown as 'withheld'; 'unknown' means not "
                "recorded.",
            )
        line = 6
        if not table.source_available:
            for text in table.all_notes:
                _put(sheet, line, 1, text)
                line += 1
            continue
        _put(sheet, line, 1, table.row_dimension or "", _HEADING).fill = _HEADER_FILL
        for index, column in enumerate(table.columns, start=2):
            _put(sheet, line, index, column.label, _HEADING).fill = _HEADER_FILL
        total_column = len(table.columns) + 2
        if table.row_totals is not None:
            _put(sheet, line, total_column, "Total", _HEADING).fill = _HEADER_FILL
        for row in table.rows:
            line += 1
            _put(sheet, line, 1, row.label)
            for index, column in enumerate(table.columns, start=2):
                _put_figure(sheet, line, index, table.cell(row.key, column.key))
            if table.row_totals is not None:
                _put_figure(sheet, line, total_column, table.row_totals[row.key], bold=True)
        if table.column_totals is not None:
            line += 1
            _put(sheet, line, 1, "Total", _HEADING)
            for index, column in enumerate(table.columns, start=2):
                _put_figure(sheet, line, index, table.column_totals[column.key], bold=True)
            if table.grand_total is not None:
                _put_figure(sheet, line, total_column, table.grand_total, bold=True)
        line += 2
        for heading, texts in (("Definitions", table.definitions), ("Notes", table.all_notes)):
            if not texts:
                continue
            _put(sheet, line, 1, heading, _HEADING)
            for text in texts:
                line += 1
                _put(sheet, line, 1, text)
            line += 2
        sheet.column_dimensions["A"].width = 34
        for index in range(2, total_column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 16
        sheet.freeze_panes = "B7"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
