"""Charts as server-rendered SVG: no JavaScript, no network, the same in the browser and the PDF.

Each chart comes with the data it shows (:class:`ChartData`), which the page renders as a table
beside it for screen readers. Every piece of text is escaped before it enters the SVG. Withheld
figures are drawn as withheld (a dashed outline marked "s"), unknown ones marked "?": never as a
zero bar. Colours are the Okabe-Ito palette, readable with colour-blindness; styles are SVG
presentation attributes (no ``style``), so the strict Content-Security-Policy holds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape
from typing import Final

from django.utils.safestring import SafeString, mark_safe

from waypoint.reporting.registry import ChartKind
from waypoint.reporting.tables import Cell, Measure, StatTable

PALETTE: Final = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
MUTED: Final = "#6b7785"
INK: Final = "#16212b"
GRID: Final = "#d5dce3"
WIDTH: Final = 720
FONT: Final = 'font-family="system-ui, sans-serif"'
MAX_GROUPS: Final = 12
MAX_SERIES: Final = 7
MAX_RANKED: Final = 15
MAX_ROUTES: Final = 15


@dataclass(frozen=True)
class ChartData:
    """The figures a chart shows, as a table: a heading for the row labels, column headings, and
    one (label, cells) per row."""

    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    chart_id: str
    title: str
    summary: str
    svg: SafeString
    data: ChartData
    omitted: int = 0  # rows left out of the chart (still in the full table)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_id(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", text.lower())[:60] or "chart"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``value`` (1 for 0)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _svg(chart_id: str, height: int, title: str, summary: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT} font-size="12">'
        f'<title id="{chart_id}-title">{_e(title)}</title>'
        f'<desc id="{chart_id}-desc">{_e(summary)}</desc>'
    )
    # Every string interpolated into ``body`` went through _e (or is a number we formatted).
    return mark_safe(head + "".join(body) + "</svg>")


def _withheld_marker(x: float, y: float, width: float, height: float, cell: Cell) -> list[str]:
    """A dashed outline with "s" (withheld) or "?" (unknown): never a bar of a made-up height."""
    mark = "s" if cell.is_suppressed else "?"
    label = "withheld" if cell.is_suppressed else "unknown"
    return [
        f'<g class="chart-{label}"><rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 6):.1f}" '
        f'height="{height:.1f}" fill="none" stroke="{MUTED}" stroke-dasharray="3 2"/>'
        f'<text x="{x + max(width, 6) / 2:.1f}" y="{y + height - 3:.1f}" text-anchor="middle" '
        f'fill="{MUTED}" font-size="10"><title>{label}</title>{mark}</text></g>'
    ]


def _legend(labels: list[str], y: float) -> list[str]:
    parts = []
    x = 60.0
    for index, label in enumerate(labels):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14:.1f}" y="{y:.1f}" fill="{INK}">{_e(_short(label, 28))}</text>'
        )
        x += 24 + 7 * min(len(label), 28)
        if x > WIDTH - 120:
            y += 16
            x = 60.0
    return parts


def _axis(top: float, bottom: float, left: float, right: float, ceiling: float) -> list[str]:
    parts = []
    for step in range(5):
        value = ceiling * step / 4
        y = bottom - (bottom - top) * step / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{_e(_number(value))}</text>"
        )
    return parts


def _values(cells: list[Cell]) -> list[float]:
    return [float(cell.value) for cell in cells if cell.value is not None]


def bar_chart(table: StatTable, chart_id: str) -> Chart:
    """Grouped bars: one group per row (the first 12), one bar per column (the first 7)."""
    rows = table.rows[:MAX_GROUPS]
    columns = table.columns[:MAX_SERIES]
    grid = [[table.cell(row.key, column.key) for column in columns] for row in rows]
    ceiling = nice_ceiling(max(_values([cell for line in grid for cell in line]), default=0))
    top, bottom, left, right = 20.0, 230.0, 60.0, WIDTH - 20.0
    height = 300 + 16 * (len(columns) // 5)
    body = _axis(top, bottom, left, right, ceiling)
    group_width = (right - left) / max(len(rows), 1)
    bar_width = max(min((group_width - 12) / max(len(columns), 1), 40), 3)
    for r, (row, line) in enumerate(zip(rows, grid, strict=True)):
        start = left + r * group_width + (group_width - bar_width * len(columns)) / 2
        for c, cell in enumerate(line):
            x = start + c * bar_width
            if cell.value is None:
                body += _withheld_marker(x + 1, bottom - 18, bar_width - 2, 18, cell)
                continue
            bar = (bottom - top) * float(cell.value) / ceiling
            body.append(
                f'<rect x="{x + 1:.1f}" y="{bottom - bar:.1f}" width="{bar_width - 2:.1f}" '
                f'height="{bar:.1f}" fill="{PALETTE[c % len(PALETTE)]}">'
                f"<title>{_e(row.label)}, {_e(columns[c].label)}: {_e(_number(float(cell.value)))}</title></rect>"
            )
        body.append(
            f'<text x="{left + (r + 0.5) * group_width:.1f}" y="{bottom + 16}" '
            f'text-anchor="middle" fill="{INK}">{_e(_short(row.label, max(int(group_width / 7), 6)))}</text>'
        )
    body.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>')
    body += _legend([column.label for column in columns], bottom + 44)
    summary = (
        f"Bar chart of {table.title}, {table.period.label}: {len(rows)} groups "
        f"({table.row_dimension or 'rows'}), {len(columns)} bars each. Withheld figures are "
        "marked s, unknown ones ?."
    )
    data = ChartData(
        row_heading=table.row_dimension,
        columns=tuple(column.label for column in columns),
        rows=tuple((row.label, tuple(line)) for row, line in zip(rows, grid, strict=True)),
    )
    return Chart(
        ChartKind.BAR,
        chart_id,
        table.title,
        summary,
        _svg(chart_id, height, table.title, summary, body),
        data,
        omitted=len(table.rows) - len(rows),
    )


def line_chart(table: StatTable, chart_id: str) -> Chart:
    """One line per column across the rows (successive periods); gaps where no figure is shown."""
    rows = table.rows
    columns = table.columns[:MAX_SERIES]
    grid = [[table.cell(row.key, column.key) for column in columns] for row in rows]
    ceiling = nice_ceiling(max(_values([cell for line in grid for cell in line]), default=0))
    top, bottom, left, right = 20.0, 230.0, 60.0, WIDTH - 20.0
    height = 300 + 16 * (len(columns) // 5)
    body = _axis(top, bottom, left, right, ceiling)
    step = (right - left) / max(len(rows) - 1, 1)
    label_every = max(1, math.ceil(len(rows) / 12))
    for r, row in enumerate(rows):
        if r % label_every == 0:
            body.append(
                f'<text x="{left + r * step:.1f}" y="{bottom + 16}" text-anchor="middle" '
                f'fill="{INK}">{_e(_short(row.label, 10))}</text>'
            )
    for c, column in enumerate(columns):
        colour = PALETTE[c % len(PALETTE)]
        segment: list[str] = []
        for r, line in enumerate(grid):
            cell = line[c]
            x = left + r * step
            if cell.value is None:
                if len(segment) > 1:
                    body.append(_polyline(segment, colour))
                segment = []
                mark = "s" if cell.is_suppressed else "?"
                body.append(
                    f'<text x="{x:.1f}" y="{bottom - 4 - 11 * c:.1f}" text-anchor="middle" '
                    f'fill="{colour}" font-size="10"><title>{_e(row.label)}, {_e(column.label)}: '
                    f"{'withheld' if cell.is_suppressed else 'unknown'}</title>{mark}</text>"
                )
                continue
            y = bottom - (bottom - top) * float(cell.value) / ceiling
            segment.append(f"{x:.1f},{y:.1f}")
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{_e(row.label)}, '
                f"{_e(column.label)}: {_e(_number(float(cell.value)))}</title></circle>"
            )
        if len(segment) > 1:
            body.append(_polyline(segment, colour))
    body.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>')
    body += _legend([column.label for column in columns], bottom + 44)
    summary = (
        f"Line chart of {table.title}, {table.period.label}: {len(columns)} lines over "
        f"{len(rows)} points ({table.row_dimension.lower() or 'rows'}). Withheld figures are "
        "marked s, unknown ones ?, and break the line."
    )
    data = ChartData(
        row_heading=table.row_dimension,
        columns=tuple(column.label for column in columns),
        rows=tuple((row.label, tuple(line)) for row, line in zip(rows, grid, strict=True)),
    )
    return Chart(
        ChartKind.LINE,
        chart_id,
        table.title,
        summary,
        _svg(chart_id, height, table.title, summary, body),
        data,
    )


def _polyline(points: list[str], colour: str) -> str:
    return f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"/>'


def _rank_value(table: StatTable, key: str) -> Cell:
    if table.row_totals is not None:
        return table.row_totals[key]
    return table.cell(key, table.columns[0].key)


def ranked_bars(table: StatTable, chart_id: str) -> Chart:
    """Rows ranked by their total (or first column): the largest 15 as horizontal bars; withheld
    and unknown totals are listed after them without a bar."""
    ranked = sorted(
        table.rows,
        key=lambda row: (
            _rank_value(table, row.key).value is None,
            -float(_rank_value(table, row.key).value or 0),
            row.label,
        ),
    )
    shown = ranked[:MAX_RANKED]
    values = [_rank_value(table, row.key) for row in shown]
    ceiling = nice_ceiling(max(_values(values), default=0))
    left, right, row_height = 190.0, WIDTH - 70.0, 22
    height = 30 + row_height * max(len(shown), 1)
    body = []
    for index, (row, cell) in enumerate(zip(shown, values, strict=True)):
        y = 10 + index * row_height
        body.append(
            f'<text x="{left - 8}" y="{y + 14}" text-anchor="end" fill="{INK}">'
            f"{_e(_short(row.label, 28))}</text>"
        )
        if cell.value is None:
            body += _withheld_marker(left, y + 3, 18, 16, cell)
            continue
        length = (right - left) * float(cell.value) / ceiling
        body.append(
            f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="16" fill="{PALETTE[0]}">'
            f"<title>{_e(row.label)}: {_e(_number(float(cell.value)))}</title></rect>"
            f'<text x="{left + length + 6:.1f}" y="{y + 15}" fill="{INK}">'
            f"{_e(_number(float(cell.value)))}</text>"
        )
    heading = "Total" if table.row_totals is not None else table.columns[0].label
    summary = (
        f"Ranked bars of {table.title}, {table.period.label}: the {len(shown)} largest of "
        f"{len(table.rows)} {table.row_dimension.lower() or 'rows'} by {heading.lower()}."
    )
    data = ChartData(
        row_heading=table.row_dimension,
        columns=(heading,),
        rows=tuple((row.label, (cell,)) for row, cell in zip(shown, values, strict=True)),
    )
    return Chart(
        ChartKind.RANKED,
        chart_id,
        table.title,
        summary,
        _svg(chart_id, height, table.title, summary, body),
        data,
        omitted=len(table.rows) - len(shown),
    )


@dataclass(frozen=True)
class _Route:
    origin: str
    transit: str
    destination: str
    label: str
    cell: Cell


def flow_diagram(table: StatTable, chart_id: str) -> Chart:
    """Routes origin → (transit →) destination as bands whose width follows the figure.

    Rows are routes whose ``parts`` are (origin, transit, destination); an empty transit means
    none recorded. The 15 largest routes with a figure are drawn; withheld and unknown routes are
    drawn as thin dashed lines (their width would tell their size).
    """
    column = table.columns[0].key
    routes = []
    for row in table.rows:
        origin, transit, destination = (*row.parts, "", "", "")[:3]
        routes.append(
            _Route(
                origin or row.label, transit, destination, row.label, table.cell(row.key, column)
            )
        )
    routes.sort(
        key=lambda route: (route.cell.value is None, -float(route.cell.value or 0), route.label)
    )
    shown = routes[:MAX_ROUTES]
    has_transit = any(route.transit for route in shown)
    stages = ["origin", "transit", "destination"] if has_transit else ["origin", "destination"]
    xs = {"origin": 180.0, "transit": WIDTH / 2, "destination": WIDTH - 180.0}
    weight: dict[tuple[str, str], float] = {}
    for route in shown:
        amount = float(route.cell.value or 0)
        for stage in stages:
            name = getattr(route, stage)
            if name:
                weight[(stage, name)] = weight.get((stage, name), 0.0) + amount
    total = max(
        max((sum(v for (s, _n), v in weight.items() if s == stage) for stage in stages), default=0),
        1.0,
    )
    counts = {stage: sum(1 for (s, _n) in weight if s == stage) for stage in stages}
    height = max(160, 40 + 26 * max(counts.values(), default=1))
    usable = height - 30 - 6 * max(counts.values(), default=1)
    scale = max(usable, 40) / total
    positions: dict[tuple[str, str], list[float]] = {}
    for stage in stages:
        y = 20.0
        nodes = sorted(
            ((name, value) for (s, name), value in weight.items() if s == stage),
            key=lambda item: (-item[1], item[0]),
        )
        for name, value in nodes:
            size = max(value * scale, 8.0)
            positions[(stage, name)] = [y, y, size]  # top, next free offset, height
            y += size + 6
    body = []
    for route in shown:
        path_stages = [stage for stage in stages if getattr(route, stage)]
        amount = float(route.cell.value or 0)
        width = max(amount * scale, 1.5)
        for a, b in zip(path_stages, path_stages[1:], strict=False):
            start, end = positions[(a, getattr(route, a))], positions[(b, getattr(route, b))]
            y1 = start[1] + (width / 2 if route.cell.value is not None else 4)
            y2 = end[1] + (width / 2 if route.cell.value is not None else 4)
            x1, x2 = xs[a] + 8, xs[b] - 8
            middle = (x1 + x2) / 2
            title = f"{route.label}: " + (
                _number(amount)
                if route.cell.value is not None
                else ("withheld" if route.cell.is_suppressed else "unknown")
            )
            if route.cell.value is None:
                stroke = f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="4 3"'
            else:
                stroke = f'stroke="{PALETTE[0]}" stroke-opacity="0.45" stroke-width="{width:.1f}"'
            body.append(
                f'<path d="M{x1:.1f},{y1:.1f} C{middle:.1f},{y1:.1f} {middle:.1f},{y2:.1f} '
                f'{x2:.1f},{y2:.1f}" fill="none" {stroke}><title>{_e(title)}</title></path>'
            )
            if route.cell.value is not None:
                start[1] += width
                end[1] += width
    for (stage, name), (top, _free, size) in positions.items():
        x = xs[stage]
        anchor, text_x = ("end", x - 12) if stage == "origin" else ("start", x + 12)
        if stage == "transit":
            anchor, text_x = "middle", x
        body.append(
            f'<rect x="{x - 8:.1f}" y="{top:.1f}" width="16" height="{size:.1f}" fill="{INK}">'
            f"<title>{_e(name)}</title></rect>"
            f'<text x="{text_x:.1f}" y="{top + min(size, 14) / 2 + 5:.1f}" text-anchor="{anchor}" '
            f'fill="{INK}">{_e(_short(name, 22 if stage != "transit" else 16))}</text>'
        )
    summary = (
        f"Flow diagram of {table.title}, {table.period.label}: the {len(shown)} largest of "
        f"{len(routes)} routes from {'origin through transit to' if has_transit else 'origin to'} "
        "destination; band width follows the number of persons. Withheld and unknown routes are "
        "dashed lines."
    )
    data = ChartData(
        row_heading="Route",
        columns=(table.columns[0].label,),
        rows=tuple((route.label, (route.cell,)) for route in shown),
    )
    return Chart(
        ChartKind.FLOW,
        chart_id,
        table.title,
        summary,
        _svg(chart_id, height, table.title, summary, body),
        data,
        omitted=len(routes) - len(shown),
    )


def chart_for(table: StatTable, kind: ChartKind, chart_id: str = "") -> Chart | None:
    """The chart of ``kind`` for a table, or None when there is nothing to draw."""
    if not table.source_available or table.is_empty:
        return None
    if table.measure == Measure.MIXED:
        # Counts, medians and shares on one axis would mislead: the table says it all.
        return None
    identifier = _safe_id(chart_id or table.table_id)
    if kind == ChartKind.LINE and len(table.rows) >= 2:
        return line_chart(table, identifier)
    if kind == ChartKind.FLOW:
        return flow_diagram(table, identifier)
    if kind == ChartKind.RANKED:
        return ranked_bars(table, identifier)
    return bar_chart(table, identifier)
