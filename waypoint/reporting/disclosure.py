"""Statistical disclosure control: the one place that decides which figures may leave Waypoint.

Every table that is downloaded, exported, served by the API or shown to anyone but a coordinator
looking at internal figures goes through :func:`apply_disclosure_control`. It works on counts in
three steps:

1. **Primary suppression.** A count from 1 to ``threshold - 1`` (default 5) is withheld, wherever
   it is: an inner cell, a row or column total, the grand total. A 0 is published (known none)
   unless ``suppress_zeros`` is set; an unknown stays unknown. Figures withheld by the source
   (UNODC's ``<5``) stay withheld. A non-count figure (a median, a share) is withheld when the
   number of persons it rests on is small, and a share also when the count it states or the rest
   (numerator, base minus numerator) is small: 1 of 20 is as telling as a count of 1.
2. **Secondary suppression.** Published totals make linear equations: each row's cells add up to
   the row total, each column's to the column total, the totals to the grand total. More cells
   are withheld until no withheld cell can be worked out from what is published:

   - every row or column (totals row and column included) holds no withheld cell or at least two;
     when it holds exactly one, its smallest other published figure is withheld too (non-zero
     figures and inner cells first). Unknown figures count as if a reader knew them (stricter);
     a line whose other figures are all unknown needs nothing more;
   - where a row or column's total is published, its withheld figures add up to more than the
     least they could each be, so they cannot all be pinned to 1 (or to 0 when zeros are withheld);
   - no withheld figure can be worked out by combining several rows and columns: seen as a graph
     (rows and columns are vertices, withheld cells are edges), a withheld cell is determined
     exactly when its edge is a bridge, so every bridge gets a complementary suppression that
     closes a cycle through it.

   The steps repeat until nothing changes. When no published figure is left to withhold, the
   whole table is withheld.
3. **Output.** Withheld cells carry the status ``suppressed`` and no value; zeros and unknowns
   keep their own statuses, so a reader can always tell "none", "not known" and "withheld" apart.

Totals that are not sums (a person counted under each form and once in the total) are protected as
if they were: the equations an attacker could use are then only inequalities, so this is stricter
than needed, never looser.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from django.conf import settings

from waypoint.reporting.tables import Cell, CellKey, DisclosureSummary, Measure, StatTable

DEFAULT_THRESHOLD: Final = 5

Position = tuple[int, int]
Vertex = tuple[str, int]
GROUND: Final[Vertex] = ("ground", 0)


@dataclass(frozen=True)
class DisclosurePolicy:
    """``threshold``: counts from 1 to threshold - 1 are withheld. ``suppress_zeros``: withhold 0
    too (for tables where even "none" would identify, e.g. a tiny population)."""

    threshold: int = DEFAULT_THRESHOLD
    suppress_zeros: bool = False

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError("The disclosure threshold is at least 1.")

    def is_sensitive(self, count: int) -> bool:
        if count == 0:
            return self.suppress_zeros
        return 0 < count < self.threshold

    @property
    def smallest_hidden(self) -> int:
        """The least a withheld count can be, as a reader sees it: 0 when zeros are withheld too,
        otherwise 1 (zeros are published, so a withheld figure is taken to be at least 1)."""
        return 0 if self.suppress_zeros else 1


def policy_from_settings() -> DisclosurePolicy:
    return DisclosurePolicy(
        threshold=int(getattr(settings, "WAYPOINT_DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD)),
        suppress_zeros=bool(getattr(settings, "WAYPOINT_DISCLOSURE_SUPPRESS_ZEROS", False)),
    )


@dataclass(frozen=True)
class Line:
    """One linear relation of the published table: ``members`` add up to ``total``."""

    vertex: Vertex
    members: tuple[Position, ...]
    total: Position


@dataclass
class Grid:
    """The table as an (m+1) x (n+1) array: row ``m`` holds column totals, column ``n`` row totals,
    (m, n) the grand total. Positions that the table does not have are absent from ``entries``."""

    m: int
    n: int
    entries: dict[Position, Cell]
    has_row_totals: bool
    has_column_totals: bool
    has_grand_total: bool

    @classmethod
    def of(cls, table: StatTable) -> Grid:
        m, n = len(table.rows), len(table.columns)
        entries: dict[Position, Cell] = {}
        for i, row in enumerate(table.rows):
            for j, column in enumerate(table.columns):
                entries[(i, j)] = table.cells[(row.key, column.key)]
            if table.row_totals is not None:
                entries[(i, n)] = table.row_totals[row.key]
        if table.column_totals is not None:
            for j, column in enumerate(table.columns):
                entries[(m, j)] = table.column_totals[column.key]
        if table.grand_total is not None:
            entries[(m, n)] = table.grand_total
        return cls(
            m=m,
            n=n,
            entries=entries,
            has_row_totals=table.row_totals is not None,
            has_column_totals=table.column_totals is not None,
            has_grand_total=table.grand_total is not None,
        )

    def is_margin(self, position: Position) -> bool:
        return position[0] == self.m or position[1] == self.n

    def is_exact(self, line: Line) -> bool:
        """True when every part of the line is a figure or withheld: a line with an unknown part
        pins nothing exactly (the unknown absorbs any difference), only bounds it."""
        return not any(self.entries[position].is_unknown for position in line.members)

    def lines(self) -> list[Line]:
        """Every relation a reader could use. A relation whose total is unknown tells nothing."""
        result = []
        if self.has_row_totals:
            for i in range(self.m + (1 if self.has_grand_total else 0)):
                result.append(Line(("row", i), tuple((i, j) for j in range(self.n)), (i, self.n)))
        if self.has_column_totals:
            for j in range(self.n + (1 if self.has_grand_total else 0)):
                result.append(
                    Line(("column", j), tuple((i, j) for i in range(self.m)), (self.m, j))
                )
        return [line for line in result if not self.entries[line.total].is_unknown]


def apply_disclosure_control(table: StatTable, policy: DisclosurePolicy) -> StatTable:
    """The publishable version of ``table`` (see the module's description of the rules)."""
    if not table.source_available or table.is_empty:
        return table.with_cells(
            table.cells,
            table.row_totals,
            table.column_totals,
            table.grand_total,
            DisclosureSummary(policy.threshold, policy.suppress_zeros, 0, 0),
        )
    grid = Grid.of(table)
    hidden = _primary(grid, policy)
    primary = len(hidden)
    withheld = False
    if table.measure == Measure.COUNT:
        withheld = not _secondary(grid, hidden, policy, additive=table.totals_additive)
        if withheld:
            hidden = {position for position, cell in grid.entries.items() if not cell.is_unknown}
    summary = DisclosureSummary(
        threshold=policy.threshold,
        suppress_zeros=policy.suppress_zeros,
        primary=primary,
        secondary=len(hidden) - primary,
        withheld_entirely=withheld,
    )
    return _rebuild(table, grid, hidden, summary)


def _primary(grid: Grid, policy: DisclosurePolicy) -> set[Position]:
    hidden = set()
    for position, cell in grid.entries.items():
        if cell.is_suppressed:
            hidden.add(position)
        elif cell.is_value:
            base = cell.disclosure_base
            if (
                base is not None
                and policy.is_sensitive(base)
                or any(policy.is_sensitive(count) for count in cell.reveals)
            ):
                hidden.add(position)
    return hidden


def _candidate_key(grid: Grid, position: Position) -> tuple[bool, bool, int | float, Position]:
    cell = grid.entries[position]
    value = cell.value if cell.value is not None else 0
    # Non-zero figures first (a withheld 0 protects little when zeros are otherwise shown), inner
    # cells before totals (a total carries more information), then the smallest figure.
    return (value == 0, grid.is_margin(position), float(value), position)


def _best(grid: Grid, positions: Iterable[Position], hidden: set[Position]) -> Position | None:
    candidates = [
        position
        for position in positions
        if position not in hidden and grid.entries[position].is_value
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda position: _candidate_key(grid, position))


def _secondary(
    grid: Grid, hidden: set[Position], policy: DisclosurePolicy, *, additive: bool
) -> bool:
    """Add complementary suppressions to ``hidden`` until nothing can be worked out.

    Returns False when that is impossible (no published figure is left to withhold).
    """
    lines = grid.lines()
    while True:
        changed = False
        # A row or column with exactly one withheld figure gives it away by subtraction.
        for line in lines:
            positions = (*line.members, line.total)
            if sum(1 for position in positions if position in hidden) == 1:
                choice = _best(grid, positions, hidden)
                if choice is None:
                    # Every other figure of the line is unknown: nobody can subtract them.
                    continue
                hidden.add(choice)
                changed = True
        if changed:
            continue
        # Withheld figures of a line with a published total must not be pinned by their bounds
        # (two withheld figures adding up to 2 are both 1). Totals that are not sums give only
        # inequalities, which pin nothing.
        for line in lines if additive else ():
            if line.total in hidden:
                continue
            withheld = [position for position in line.members if position in hidden]
            if not withheld:
                continue
            total = grid.entries[line.total].value or 0
            published = sum(
                grid.entries[position].value or 0
                for position in line.members
                if position not in hidden
            )
            remainder = total - published
            if remainder >= len(withheld) * policy.smallest_hidden + 1:
                continue
            choice = _best(grid, line.members, hidden) or _best(grid, [line.total], hidden)
            if choice is None:
                return False
            hidden.add(choice)
            changed = True
            break
        if changed:
            continue
        # A withheld figure that is a bridge of the suppression graph is determined by the
        # equations of one side of the bridge: close a cycle through it.
        graph = SuppressionGraph(grid, [line for line in lines if grid.is_exact(line)], hidden)
        bridge = graph.first_bridge()
        if bridge is None:
            return True
        choice = _best(grid, graph.crossing_positions(bridge), hidden)
        if choice is None:
            row, column = bridge
            choice = _best(
                grid,
                [p for p in grid.entries if p[0] == row or p[1] == column],
                hidden,
            )
        if choice is None:
            return False
        hidden.add(choice)


class SuppressionGraph:
    """Rows and columns with a usable relation are vertices; each withheld figure is an edge
    between its row and its column. Rows or columns without a relation are merged into one
    ``ground`` vertex (their edges are constrained from one side only)."""

    def __init__(self, grid: Grid, lines: list[Line], hidden: set[Position]) -> None:
        self.grid = grid
        self.row_vertices = {line.vertex[1] for line in lines if line.vertex[0] == "row"}
        self.column_vertices = {line.vertex[1] for line in lines if line.vertex[0] == "column"}
        self.edges: list[tuple[Vertex, Vertex, Position]] = []
        for position in sorted(hidden):
            a, b = self.endpoints(position)
            if a == GROUND and b == GROUND:
                continue  # in no relation at all: nothing can reveal it
            self.edges.append((a, b, position))
        self.adjacency: dict[Vertex, list[tuple[Vertex, int]]] = defaultdict(list)
        for index, (a, b, _position) in enumerate(self.edges):
            self.adjacency[a].append((b, index))
            self.adjacency[b].append((a, index))

    def endpoints(self, position: Position) -> tuple[Vertex, Vertex]:
        row, column = position
        a = ("row", row) if row in self.row_vertices else GROUND
        b = ("column", column) if column in self.column_vertices else GROUND
        return a, b

    def first_bridge(self) -> Position | None:
        bridges = self._bridges()
        if not bridges:
            return None
        return min(self.edges[index][2] for index in bridges)

    def _bridges(self) -> list[int]:
        discovered: dict[Vertex, int] = {}
        low: dict[Vertex, int] = {}
        bridges: list[int] = []
        clock = 0
        for root in sorted(self.adjacency):
            if root in discovered:
                continue
            discovered[root] = low[root] = clock
            clock += 1
            stack = [(root, -1, iter(self.adjacency[root]))]
            while stack:
                vertex, via_edge, neighbours = stack[-1]
                descended = False
                for neighbour, edge in neighbours:
                    if edge == via_edge:
                        continue
                    if neighbour in discovered:
                        low[vertex] = min(low[vertex], discovered[neighbour])
                    else:
                        discovered[neighbour] = low[neighbour] = clock
                        clock += 1
                        stack.append((neighbour, edge, iter(self.adjacency[neighbour])))
                        descended = True
                        break
                if descended:
                    continue
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                    if low[vertex] > discovered[parent]:
                        bridges.append(via_edge)
        return bridges

    def _side(self, start: Vertex, without: int) -> set[Vertex]:
        seen = {start}
        queue = deque([start])
        while queue:
            vertex = queue.popleft()
            for neighbour, edge in self.adjacency[vertex]:
                if edge != without and neighbour not in seen:
                    seen.add(neighbour)
                    queue.append(neighbour)
        return seen

    def crossing_positions(self, bridge: Position) -> list[Position]:
        """Published positions whose edge would join the two sides of ``bridge``."""
        index = next(i for i, edge in enumerate(self.edges) if edge[2] == bridge)
        a, b, _position = self.edges[index]
        side_a, side_b = self._side(a, index), self._side(b, index)
        crossing = []
        for position in self.grid.entries:
            u, v = self.endpoints(position)
            if (u in side_a and v in side_b) or (u in side_b and v in side_a):
                crossing.append(position)
        return crossing


def _rebuild(
    table: StatTable, grid: Grid, hidden: set[Position], summary: DisclosureSummary
) -> StatTable:
    def published(position: Position) -> Cell:
        cell = grid.entries[position]
        if position in hidden:
            return Cell.suppressed()
        # The base a non-count figure rests on is internal: it is never published.
        return Cell(value=cell.value, status=cell.status)

    cells: dict[CellKey, Cell] = {}
    for i, row in enumerate(table.rows):
        for j, column in enumerate(table.columns):
            cells[(row.key, column.key)] = published((i, j))
    row_totals = (
        {row.key: published((i, grid.n)) for i, row in enumerate(table.rows)}
        if grid.has_row_totals
        else None
    )
    column_totals = (
        {column.key: published((grid.m, j)) for j, column in enumerate(table.columns)}
        if grid.has_column_totals
        else None
    )
    grand_total = published((grid.m, grid.n)) if grid.has_grand_total else None
    return table.with_cells(cells, row_totals, column_totals, grand_total, summary)
