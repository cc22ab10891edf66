"""Template helpers for statistics: table rows in order, and figures with their status."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from waypoint.reporting.exports import cell_text
from waypoint.reporting.tables import Cell, StatTable

register = template.Library()


@register.simple_tag
def table_rows(table: StatTable) -> list[dict]:
    """Each row with its cells in column order and its total (None when the table has none)."""
    return [
        {
            "header": row,
            "cells": [table.cell(row.key, column.key) for column in table.columns],
            "total": table.row_totals[row.key] if table.row_totals is not None else None,
        }
        for row in table.rows
    ]


@register.simple_tag
def column_totals(table: StatTable) -> list[Cell]:
    if table.column_totals is None:
        return []
    return [table.column_totals[column.key] for column in table.columns]


@register.simple_tag
def figure_cell(cell: Cell, tag: str = "td", scope: str = ""):
    """A table cell for a figure: the number, "withheld" or "unknown", each styled apart."""
    if cell.is_suppressed:
        return format_html(
            '<{} class="number cell--suppressed" data-status="suppressed"{}>'
            '<abbr title="{}">{}</abbr></{}>',
            tag,
            format_html(' scope="{}"', scope) if scope else "",
            _("Withheld to protect people: a small count, or a figure that would reveal one."),
            _("withheld"),
            tag,
        )
    if cell.is_unknown:
        return format_html(
            '<{} class="number cell--unknown" data-status="unknown">{}</{}>',
            tag,
            _("unknown"),
            tag,
        )
    return format_html('<{} class="number" data-status="value">{}</{}>', tag, cell_text(cell), tag)
