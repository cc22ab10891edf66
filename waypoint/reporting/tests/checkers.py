"""Independent attackers for disclosure-control tests: what can a reader work out from a table?

They share no code with ``waypoint.reporting.disclosure``: the equations are rebuilt here from the
table's shape, and solved two ways (greedy differencing, exact linear algebra over fractions), and
for small tables by enumerating every integer completion.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from waypoint.reporting.tables import StatTable


def entries(table: StatTable) -> dict[tuple, object]:
    """Every figure of the table by a readable address: (row, column), (row, "TOTAL"), ..."""
    result: dict[tuple, object] = {}
    for row in table.rows:
        for column in table.columns:
            result[(row.key, column.key)] = table.cells[(row.key, column.key)]
        if table.row_totals is not None:
            result[(row.key, "TOTAL")] = table.row_totals[row.key]
    if table.column_totals is not None:
        for column in table.columns:
            result[("TOTAL", column.key)] = table.column_totals[column.key]
    if table.grand_total is not None:
        result[("TOTAL", "TOTAL")] = table.grand_total
    return result


def equations(table: StatTable) -> list[tuple[list[tuple], tuple]]:
    """(parts, total) for every published relation: the parts add up to the total."""
    found = []
    rows = [row.key for row in table.rows]
    columns = [column.key for column in table.columns]
    if table.row_totals is not None:
        for row in rows:
            found.append(([(row, column) for column in columns], (row, "TOTAL")))
        if table.grand_total is not None:
            found.append(([("TOTAL", column) for column in columns], ("TOTAL", "TOTAL")))
    if table.column_totals is not None:
        for column in columns:
            found.append(([(row, column) for row in rows], ("TOTAL", column)))
        if table.grand_total is not None:
            found.append(([(row, "TOTAL") for row in rows], ("TOTAL", "TOTAL")))
    return found


def _hidden(published: StatTable) -> set[tuple]:
    return {address for address, cell in entries(published).items() if cell.is_suppressed}


def _usable(original: StatTable):
    """Relations whose total is not unknown; unknown parts count as known constants (0)."""
    cells = entries(original)
    return [(parts, total) for parts, total in equations(original) if not cells[total].is_unknown]


def greedy_recover(original: StatTable, published: StatTable) -> dict[tuple, int]:
    """Solve relations with exactly one withheld figure, again and again, as a reader would."""
    original_cells = entries(original)
    hidden = _hidden(published)
    known = {
        address: (cell.value or 0)
        for address, cell in original_cells.items()
        if address not in hidden
    }
    recovered: dict[tuple, int] = {}
    progress = True
    while progress:
        progress = False
        for parts, total in _usable(original):
            unknowns = [address for address in (*parts, total) if address not in known]
            if len(unknowns) != 1:
                continue
            (target,) = unknowns
            if target == total:
                value = sum(known[part] for part in parts)
            else:
                value = known[total] - sum(known[part] for part in parts if part != target)
            known[target] = value
            recovered[target] = value
            progress = True
    return recovered


def linearly_determined(original: StatTable, published: StatTable) -> set[tuple]:
    """Withheld figures fixed by the relations, by Gauss-Jordan elimination over fractions.

    A variable is determined when it is a pivot whose row has no free variable in it.
    """
    hidden = sorted(_hidden(published))
    index = {address: position for position, address in enumerate(hidden)}
    matrix: list[list[Fraction]] = []
    for parts, total in _usable(original):
        row = [Fraction(0)] * len(hidden)
        for part in parts:
            if part in index:
                row[index[part]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            matrix.append(row)
    pivots: list[int] = []
    rank = 0
    for column in range(len(hidden)):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [value / lead for value in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        pivots.append(column)
        rank += 1
    determined = set()
    pivot_set = set(pivots)
    for r, column in enumerate(pivots):
        if all(matrix[r][c] == 0 for c in range(len(hidden)) if c not in pivot_set):
            determined.add(hidden[column])
    return determined


def integer_completions(
    original: StatTable, published: StatTable, *, smallest: int, limit: int = 200_000
) -> dict[tuple, set[int]] | None:
    """Every value each withheld figure can take in some non-negative integer completion that
    satisfies all relations (withheld figures at least ``smallest``). None when too many to try."""
    original_cells = entries(original)
    hidden = sorted(_hidden(published))
    known = {
        address: (cell.value or 0)
        for address, cell in original_cells.items()
        if address not in hidden
    }
    # Alternatives to the true values lie close to them: search a little beyond the largest.
    ceiling = max((cell.value or 0) for cell in original_cells.values()) + 3
    if len(hidden) == 0 or (ceiling + 1) ** len(hidden) > limit:
        return None
    relations = _usable(original)
    possible: dict[tuple, set[int]] = {address: set() for address in hidden}
    for values in itertools.product(range(smallest, ceiling + 1), repeat=len(hidden)):
        assignment = dict(known)
        assignment.update(zip(hidden, values, strict=True))
        if all(
            sum(assignment[part] for part in parts) == assignment[total]
            for parts, total in relations
        ):
            for address, value in zip(hidden, values, strict=True):
                possible[address].add(value)
    return possible
