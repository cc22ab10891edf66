"""The table registry: every statistics table Waypoint can produce, by stable id.

A table is a typed function ``(TableRequest) -> StatTable``, registered with its id, title, kind,
the periods it accepts, its definitions and notes. A table whose source data does not exist yet is
registered without a function (``awaiting`` says which data it waits for): it is listed, it says
so, and it is never filled with zeros. Table functions compute in the database through the ORM,
over the access-checked scopes, and return *internal* (exact) figures; disclosure control is
applied by the selectors, never by the function.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.reporting.periods import (
    Period,
    PeriodError,
    PeriodKind,
    configured_tip_start,
    latest_complete_tip_period,
    parse_period,
    quarter_period,
    year_period,
)
from waypoint.reporting.tables import StatTable, unavailable_table

TABLE_ID: Final = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class TableKind(StrEnum):
    TIP = "tip"
    EUROSTAT = "eurostat"
    NRM = "nrm"
    FLOWS = "flows"
    REFERENCE = "reference"


KIND_LABELS: Final[dict[TableKind, str]] = {
    TableKind.TIP: "US TIP report (1 April – 31 March)",
    TableKind.EUROSTAT: "Eurostat (calendar year)",
    TableKind.NRM: "National Referral Mechanism performance",
    TableKind.FLOWS: "Patterns and flows",
    TableKind.REFERENCE: "Published reference statistics",
}


class ChartKind(StrEnum):
    BAR = "bar"  # grouped bars: one group per row, one bar per column
    LINE = "line"  # rows are successive periods: one line per column
    FLOW = "flow"  # rows are routes (origin, transit, destination) with one figure each
    RANKED = "ranked"  # rows ranked by their total, as horizontal bars


@dataclass(frozen=True)
class TableRequest:
    """What a table function is asked for: who asks, for which period, and the table's spec."""

    actor: Actor
    period: Period
    spec: TableSpec


TableFunction = Callable[[TableRequest], StatTable]


@dataclass(frozen=True)
class TableSpec:
    table_id: str
    title: str
    kind: TableKind
    function: TableFunction | None
    period_kinds: frozenset[PeriodKind]
    description: str = ""
    definitions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    chart: ChartKind = ChartKind.BAR
    awaiting: str = ""
    # Tokens of the periods worth offering first (e.g. the years a dataset covers), newest first.
    suggested_periods: Callable[[], list[str]] | None = None
    order: int = 0
    # For tables over data that may or may not have been loaded (reference statistics): whether
    # it has been. Tables without it are available exactly when they have a function.
    is_loaded: Callable[[], bool] | None = None

    @property
    def source_available(self) -> bool:
        if self.function is None:
            return False
        return self.is_loaded is None or self.is_loaded()

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def suggestions(self) -> list[str]:
        """Periods to offer in pickers: the table's own, else the latest of its period kinds."""
        if self.suggested_periods is not None:
            return self.suggested_periods()
        return [period.token for period in default_periods(self.period_kinds)]

    def default_period(self) -> Period:
        suggestions = self.suggestions()
        for token in suggestions:
            try:
                return resolve_period(self, token)
            except PeriodError:
                continue
        return default_periods(self.period_kinds)[0]


_REGISTRY: dict[str, TableSpec] = {}


class UnknownTable(LookupError):
    pass


def register(
    table_id: str,
    title: str,
    kind: TableKind,
    function: TableFunction | None = None,
    *,
    period_kinds: frozenset[PeriodKind] | set[PeriodKind],
    description: str = "",
    definitions: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
    chart: ChartKind = ChartKind.BAR,
    awaiting: str = "",
    suggested_periods: Callable[[], list[str]] | None = None,
    order: int = 0,
    is_loaded: Callable[[], bool] | None = None,
    replace: bool = False,
) -> TableSpec:
    """Register a table under a stable id. Registering an id twice is refused unless ``replace``
    (how a table that awaited its source gets its function once the data exists)."""
    if not TABLE_ID.match(table_id):
        raise ValueError(f"Table id {table_id!r} must be lower-case words joined by '-'.")
    if table_id in _REGISTRY and not replace:
        raise ValueError(f"Table {table_id!r} is already registered.")
    if not period_kinds:
        raise ValueError(f"Table {table_id!r} accepts no period.")
    if function is None and not awaiting:
        raise ValueError(f"Table {table_id!r} has no function: say which data it awaits.")
    spec = TableSpec(
        table_id=table_id,
        title=title,
        kind=kind,
        function=function,
        period_kinds=frozenset(period_kinds),
        description=description,
        definitions=definitions,
        notes=notes,
        chart=chart,
        awaiting=awaiting,
        suggested_periods=suggested_periods,
        order=order,
        is_loaded=is_loaded,
    )
    _REGISTRY[table_id] = spec
    return spec


def unregister(table_id: str) -> None:
    """Remove a table (tests that register their own tables clean up with this)."""
    _REGISTRY.pop(table_id, None)


def get(table_id: str) -> TableSpec:
    try:
        return _REGISTRY[table_id]
    except KeyError as error:
        raise UnknownTable(table_id) from error


def all_specs(kind: TableKind | None = None) -> list[TableSpec]:
    specs = [spec for spec in _REGISTRY.values() if kind is None or spec.kind == kind]
    return sorted(
        specs, key=lambda spec: (list(TableKind).index(spec.kind), spec.order, spec.table_id)
    )


def tip_start() -> tuple[int, int]:
    return configured_tip_start()


def resolve_period(spec: TableSpec, token: str) -> Period:
    """Parse ``token`` and check that the table accepts that kind of period."""
    period = parse_period(token, tip_start=tip_start())
    if period.kind not in spec.period_kinds:
        accepted = ", ".join(sorted(kind.value for kind in spec.period_kinds))
        raise PeriodError(
            f"{spec.title} is counted by {accepted}; {period.token} is a {period.kind.value} period."
        )
    return period


def default_periods(kinds: frozenset[PeriodKind], today: dt.date | None = None) -> list[Period]:
    """The latest complete period of each accepted kind, most natural kind first."""
    today = today or timezone.localdate()
    periods: list[Period] = []
    if PeriodKind.TIP in kinds:
        latest = latest_complete_tip_period(today, tip_start())
        periods += [latest, latest.previous()]
    if PeriodKind.YEAR in kinds:
        periods += [year_period(today.year - 1), year_period(today.year - 2)]
    if PeriodKind.QUARTER in kinds:
        quarter = (today.month - 1) // 3 + 1
        last = (
            quarter_period(today.year - 1, 4)
            if quarter == 1
            else quarter_period(today.year, quarter - 1)
        )
        periods += [last, last.previous()]
    if PeriodKind.YEARS in kinds:
        periods.append(parse_period(f"{today.year - 5}..{today.year - 1}"))
    if PeriodKind.RANGE in kinds:
        periods.append(parse_period(f"{today.year - 1}-01-01..{today.year - 1}-12-31"))
    return periods


def compute(spec: TableSpec, *, actor: Actor, period: Period) -> StatTable:
    """The table's exact, internal figures, or an empty table saying which data it awaits."""
    if spec.function is None or not spec.source_available:
        return unavailable_table(
            table_id=spec.table_id,
            title=spec.title,
            period=period,
            awaiting=spec.awaiting,
            definitions=spec.definitions,
        )
    return spec.function(TableRequest(actor=actor, period=period, spec=spec))
