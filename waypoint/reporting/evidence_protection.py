"""Evidence for the TIP workspace from the statistics tables: victim protection (criterion SSE2)
and prevention (SSE3).

Each figure is the published, disclosure-controlled figure of a national table for the TIP period
and the one before it, exactly as an analyst or a download would show it: a withheld figure is
``None`` ("not available") with a note saying why, never a zero and never an exact small count.
A person who does not see national statistics gets no figure at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.access.roles import Perm
from waypoint.action_plans.evidence import (
    Evidence,
    EvidenceRequest,
    Figure,
    FigureCode,
    register_evidence_provider,
)
from waypoint.action_plans.periods import TipPeriod
from waypoint.reporting import selectors
from waypoint.reporting.periods import tip_period
from waypoint.reporting.registry import tip_start
from waypoint.reporting.tables import Cell, StatTable

# (code, label, table id, which figure of the table)
Picker = Callable[[StatTable], Cell]
PROTECTION: Final[tuple[tuple[str, str | Promise, str, Picker], ...]] = (
    (
        FigureCode.VICTIMS_IDENTIFIED,
        gettext_lazy("Victims identified: potential or confirmed (tip-t5)"),
        "tip-t5",
        lambda table: table.grand_total or Cell.unknown(),
    ),
    (
        FigureCode.VICTIMS_ASSISTED,
        gettext_lazy("Victims referred to services, assisted or granted a permit (tip-t6)"),
        "tip-t6",
        lambda table: table.grand_total or Cell.unknown(),
    ),
    (
        "residence_permits",
        gettext_lazy("Victims granted a residence permit (tip-t6)"),
        "tip-t6",
        lambda table: (table.row_totals or {}).get("residence_permit", Cell.unknown()),
    ),
    (
        "nrm_referrals",
        gettext_lazy("Referrals to the competent authority (nrm-n1)"),
        "nrm-n1",
        lambda table: table.cell("referrals", "value"),
    ),
)
PREVENTION: Final[tuple[tuple[str, str | Promise, str, Picker], ...]] = (
    (
        "screenings",
        gettext_lazy("Screenings completed (nrm-n2)"),
        "nrm-n2",
        lambda table: table.grand_total or Cell.unknown(),
    ),
    (
        "screenings_referred",
        gettext_lazy("Screenings that led to an NRM referral (nrm-n2-referrals)"),
        "nrm-n2-referrals",
        lambda table: (table.column_totals or {}).get("referred", Cell.unknown()),
    ),
)


def _value(cell: Cell) -> int | None:
    return int(cell.value) if cell.is_value and cell.value is not None else None


def _figures(
    request: EvidenceRequest, wanted: tuple[tuple[str, str | Promise, str, Picker], ...]
) -> tuple[tuple[Figure, ...], bool]:
    """The figures for the period and the one before; and whether any was withheld."""
    start = tip_start()
    periods = (request.period, request.period.previous)
    tables: dict[tuple[str, TipPeriod], StatTable] = {}
    withheld = False
    figures = []
    for code, label, table_id, pick in wanted:
        values: list[int | None] = []
        for period in periods:
            key = (table_id, period)
            if key not in tables:
                tables[key] = selectors.statistics_table(
                    actor=request.actor,
                    table_id=table_id,
                    period=tip_period(period.report_year, start).token,
                ).table
            cell = pick(tables[key])
            withheld = withheld or cell.is_suppressed
            values.append(_value(cell))
        figures.append(Figure(str(code), str(label), current=values[0], previous=values[1]))
    return tuple(figures), withheld


def _evidence(
    request: EvidenceRequest, title: str, wanted: tuple[tuple[str, str | Promise, str, Picker], ...]
) -> Evidence:
    if not request.actor.can(Perm.STATISTICS_VIEW):
        return Evidence(
            title=title,
            source="reporting",
            figures=tuple(
                Figure(str(code), str(label), current=None, previous=None)
                for code, label, _table, _pick in wanted
            ),
            note=_("Your role does not see national statistics, so these figures are not shown."),
        )
    figures, withheld = _figures(request, wanted)
    note = _("Published figures of the national statistics tables, after disclosure control.")
    if withheld:
        note += " " + _(
            "A figure shown as not available was withheld because it is small (or would reveal "
            "a small figure); the national coordinator sees the exact figures under Statistics."
        )
    return Evidence(title=title, source="reporting", figures=figures, note=note)


def protection(request: EvidenceRequest) -> Evidence:
    return _evidence(request, _("Victims identified, referred and assisted"), PROTECTION)


def prevention(request: EvidenceRequest) -> Evidence:
    return _evidence(request, _("Screening for indicators of trafficking"), PREVENTION)


def register_protection_evidence() -> None:
    register_evidence_provider("SSE2", protection, key="reporting.protection")
    register_evidence_provider("SSE3", prevention, key="reporting.prevention")
