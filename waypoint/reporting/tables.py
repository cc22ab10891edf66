"""The statistics table: a pure, typed value every table function returns and every output reads.

A table has rows and columns (each a :class:`Header`), one :class:`Cell` per (row, column), and
optionally row totals, column totals and a grand total. A cell has a ``value`` and a ``status``:

- ``value``: a figure (0 means *known to be none*);
- ``unknown``: not recorded, or the source does not say (never shown as 0);
- ``suppressed``: withheld, by disclosure control here or by the source (e.g. UNODC's ``<5``).

A table whose source data does not exist yet has ``source_available=False`` and no cells at all:
it is never filled with zeros.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from waypoint.reporting.periods import Period

Number = int | Decimal
CellKey = tuple[str, str]  # (row key, column key)


class CellStatus(StrEnum):
    VALUE = "value"
    SUPPRESSED = "suppressed"
    UNKNOWN = "unknown"


class Measure(StrEnum):
    """What the figures are. Only counts add up, so only counts get secondary suppression."""

    COUNT = "count"  # persons (or cases, when the table says so)
    MEDIAN_DAYS = "median_days"
    PERCENT = "percent"
    AMOUNT = "amount"
    # Figures of several kinds, each row saying which (counts, medians, shares): such a table has
    # no totals, so no figure in it is the sum of others.
    MIXED = "mixed"


@dataclass(frozen=True)
class Cell:
    """One figure. ``value`` is set exactly when ``status`` is ``value``.

    ``base`` is the number of persons a non-count figure (a median, a share) rests on; disclosure
    control suppresses the figure when its base is small. For counts the base is the value.
    ``reveals`` are the counts a reader can work out from the figure and its base (a share's
    numerator and the rest): disclosure control suppresses the figure when any of them is small.
    """

    value: Number | None
    status: CellStatus
    base: int | None = None
    reveals: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if (self.status == CellStatus.VALUE) != (self.value is not None):
            raise ValueError("A cell has a value exactly when its status is 'value'.")
        if isinstance(self.value, bool):
            raise TypeError("A cell's value is a number, not a boolean.")

    @classmethod
    def count(cls, value: int) -> Cell:
        if value < 0:
            raise ValueError("A count cannot be negative.")
        return cls(value=value, status=CellStatus.VALUE)

    @classmethod
    def figure(cls, value: Number, *, base: int | None, reveals: tuple[int, ...] = ()) -> Cell:
        """A non-count figure (median, share, amount) resting on ``base`` persons; ``reveals``
        lists the counts it gives away with its base (see the class)."""
        return cls(value=value, status=CellStatus.VALUE, base=base, reveals=reveals)

    @classmethod
    def unknown(cls) -> Cell:
        return cls(value=None, status=CellStatus.UNKNOWN)

    @classmethod
    def suppressed(cls) -> Cell:
        return cls(value=None, status=CellStatus.SUPPRESSED)

    @property
    def is_value(self) -> bool:
        return self.status == CellStatus.VALUE

    @property
    def is_suppressed(self) -> bool:
        return self.status == CellStatus.SUPPRESSED

    @property
    def is_unknown(self) -> bool:
        return self.status == CellStatus.UNKNOWN

    @property
    def disclosure_base(self) -> int | None:
        """The count that decides primary suppression (the value itself for counts)."""
        if self.base is not None:
            return self.base
        if isinstance(self.value, int):
            return self.value
        return None


@dataclass(frozen=True)
class Header:
    """A row or column. ``parts`` carries structured keys, e.g. a route's (origin, transit,
    destination) for flow tables; empty strings stand for "not recorded"."""

    key: str
    label: str
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountNote:
    """A note that states a number of records or persons, e.g. records a table could not place.

    Its count is internal like any figure: on a protected table a count from 1 to the threshold
    minus one reads "fewer than <threshold>", so no small number leaves Waypoint through a note.
    ``text`` holds ``{count}`` where the number goes.
    """

    text: str
    count: int

    def render(self, threshold: int | None) -> str:
        if threshold is not None and 0 < self.count < threshold:
            return self.text.format(count=f"fewer than {threshold}")
        return self.text.format(count=f"{self.count:,}")


@dataclass(frozen=True)
class DisclosureSummary:
    """How a table was protected: the rule and how many cells it withheld."""

    threshold: int
    suppress_zeros: bool
    primary: int
    secondary: int
    withheld_entirely: bool = False

    @property
    def suppressed(self) -> int:
        return self.primary + self.secondary


@dataclass(frozen=True)
class StatTable:
    table_id: str
    title: str
    period: Period
    rows: tuple[Header, ...]
    columns: tuple[Header, ...]
    cells: Mapping[CellKey, Cell]
    row_totals: Mapping[str, Cell] | None = None
    column_totals: Mapping[str, Cell] | None = None
    grand_total: Cell | None = None
    measure: Measure = Measure.COUNT
    unit: str = "persons"
    row_dimension: str = ""
    column_dimension: str = ""
    definitions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    # Notes that state a count (records not placed in the period, ...): see :class:`CountNote`.
    count_notes: tuple[CountNote, ...] = ()
    source_available: bool = True
    # False when totals are not the sum of their cells (a person counted under several forms but
    # once in the total; a published total that includes categories not shown).
    totals_additive: bool = True
    disclosure: DisclosureSummary | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        row_keys = [row.key for row in self.rows]
        column_keys = [column.key for column in self.columns]
        if len(set(row_keys)) != len(row_keys) or len(set(column_keys)) != len(column_keys):
            raise ValueError(f"{self.table_id}: row and column keys must be unique.")
        expected = {(row, column) for row in row_keys for column in column_keys}
        if set(self.cells) != expected:
            raise ValueError(f"{self.table_id}: every (row, column) needs exactly one cell.")
        if self.row_totals is not None and set(self.row_totals) != set(row_keys):
            raise ValueError(f"{self.table_id}: row totals must cover every row.")
        if self.column_totals is not None and set(self.column_totals) != set(column_keys):
            raise ValueError(f"{self.table_id}: column totals must cover every column.")
        if self.grand_total is not None and (self.row_totals is None or self.column_totals is None):
            raise ValueError(f"{self.table_id}: a grand total needs row and column totals.")
        if not self.source_available and self.cells:
            raise ValueError(f"{self.table_id}: a table without a source has no cells.")

    @property
    def is_internal(self) -> bool:
        """Exact figures that have not been through disclosure control: never published."""
        return self.disclosure is None and self.source_available

    @property
    def all_notes(self) -> tuple[str, ...]:
        """The notes as every output shows them: counts exact on internal tables, small counts
        coarsened on protected ones."""
        threshold = self.disclosure.threshold if self.disclosure is not None else None
        return (*self.notes, *(note.render(threshold) for note in self.count_notes if note.count))

    @property
    def is_empty(self) -> bool:
        return not self.rows or not self.columns

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]

    def all_cells(self) -> Iterable[Cell]:
        yield from self.cells.values()
        if self.row_totals is not None:
            yield from self.row_totals.values()
        if self.column_totals is not None:
            yield from self.column_totals.values()
        if self.grand_total is not None:
            yield self.grand_total

    def with_cells(
        self,
        cells: Mapping[CellKey, Cell],
        row_totals: Mapping[str, Cell] | None,
        column_totals: Mapping[str, Cell] | None,
        grand_total: Cell | None,
        disclosure: DisclosureSummary | None,
    ) -> StatTable:
        return replace(
            self,
            cells=cells,
            row_totals=row_totals,
            column_totals=column_totals,
            grand_total=grand_total,
            disclosure=disclosure,
        )


def sum_cells(cells: Iterable[Cell]) -> Cell:
    """The total of some cells: suppressed if any part is withheld (its exact value is not known
    here), unknown if any part is unknown, otherwise the sum (0 for no parts)."""
    items = list(cells)
    if any(cell.is_suppressed for cell in items):
        return Cell.suppressed()
    if any(cell.is_unknown for cell in items):
        return Cell.unknown()
    total: Number = 0
    for cell in items:
        total += cell.value or 0
    if isinstance(total, int):
        return Cell.count(total)
    return Cell(value=total, status=CellStatus.VALUE)


def build_table(
    *,
    table_id: str,
    title: str,
    period: Period,
    rows: Iterable[Header],
    columns: Iterable[Header],
    values: Mapping[CellKey, Cell],
    missing: Cell | None = None,
    row_totals: bool | Mapping[str, Cell] = True,
    column_totals: bool | Mapping[str, Cell] = True,
    grand_total: bool | Cell = True,
    **details: Any,
) -> StatTable:
    """Assemble a table from a mapping of cells.

    ``missing`` fills (row, column) pairs absent from ``values``: ``Cell.count(0)`` (the default)
    for aggregates of records, where no records means known none; ``Cell.unknown()`` for published
    figures, where an absent figure was simply not published. Totals are computed with
    :func:`sum_cells` when given as ``True``, taken as given when a mapping, left out when ``False``.
    """
    fill = missing if missing is not None else Cell.count(0)
    row_headers = tuple(rows)
    column_headers = tuple(columns)
    cells = {
        (row.key, column.key): values.get((row.key, column.key), fill)
        for row in row_headers
        for column in column_headers
    }
    computed_rows: Mapping[str, Cell] | None
    if row_totals is True:
        computed_rows = {
            row.key: sum_cells(cells[(row.key, column.key)] for column in column_headers)
            for row in row_headers
        }
    elif row_totals is False:
        computed_rows = None
    else:
        computed_rows = dict(row_totals)
    computed_columns: Mapping[str, Cell] | None
    if column_totals is True:
        computed_columns = {
            column.key: sum_cells(cells[(row.key, column.key)] for row in row_headers)
            for column in column_headers
        }
    elif column_totals is False:
        computed_columns = None
    else:
        computed_columns = dict(column_totals)
    grand: Cell | None
    if computed_rows is None or computed_columns is None or grand_total is False:
        grand = None
    elif grand_total is True:
        grand = sum_cells(computed_rows.values())
    else:
        grand = grand_total
    return StatTable(
        table_id=table_id,
        title=title,
        period=period,
        rows=row_headers,
        columns=column_headers,
        cells=cells,
        row_totals=computed_rows,
        column_totals=computed_columns,
        grand_total=grand,
        **details,
    )


def unavailable_table(
    *, table_id: str, title: str, period: Period, awaiting: str, definitions: tuple[str, ...] = ()
) -> StatTable:
    """A table whose source data does not exist yet: it says so and holds no figures."""
    return StatTable(
        table_id=table_id,
        title=title,
        period=period,
        rows=(),
        columns=(),
        cells={},
        definitions=definitions,
        notes=(awaiting,),
        source_available=False,
    )
