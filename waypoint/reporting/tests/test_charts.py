"""Charts are well-formed SVG, escape every text, and never draw a withheld figure as a bar."""

import xml.etree.ElementTree as ET

from waypoint.reporting.charts import chart_for, nice_ceiling
from waypoint.reporting.periods import parse_period
from waypoint.reporting.registry import ChartKind
from waypoint.reporting.tables import Cell, Header, build_table, unavailable_table

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>" onload="x'


def parse(chart):
    return ET.fromstring(str(chart.svg))


def titles(root):
    return [element.text or "" for element in root.iter(f"{SVG}title")]


def sample(values, rows=("a", "b"), columns=("x", "y"), **kwargs):
    return build_table(
        table_id="sample",
        title="Sample",
        period=parse_period("2024"),
        rows=[Header(key, key.upper()) for key in rows],
        columns=[Header(key, key.upper()) for key in columns],
        values=values,
        **kwargs,
    )


def test_bar_chart_draws_values_and_marks_withheld_and_unknown():
    table = sample(
        {
            ("a", "x"): Cell.count(10),
            ("a", "y"): Cell.suppressed(),
            ("b", "x"): Cell.unknown(),
            ("b", "y"): Cell.count(0),
        }
    )
    chart = chart_for(table, ChartKind.BAR)
    root = parse(chart)
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    bar_titles = [rect.find(f"{SVG}title").text for rect in bars]
    assert bar_titles == ["A, X: 10", "B, Y: 0"]
    assert root.find(f".//{SVG}g[@class='chart-withheld']") is not None
    assert root.find(f".//{SVG}g[@class='chart-unknown']") is not None
    assert [label for label, _cells in chart.data.rows] == ["A", "B"]
    assert chart.data.rows[0][1] == (Cell.count(10), Cell.suppressed())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "sample-title sample-desc"


def test_every_text_is_escaped():
    table = build_table(
        table_id="evil",
        title=HOSTILE,
        period=parse_period("2024"),
        rows=[Header("a", HOSTILE, parts=(HOSTILE, HOSTILE, HOSTILE))],
        columns=[Header("x", HOSTILE)],
        values={("a", "x"): Cell.count(7)},
    )
    for kind in ChartKind:
        chart = chart_for(table, kind)
        text = str(chart.svg)
        assert "<script" not in text
        assert "&lt;script&gt;" in text
        root = parse(chart)  # still well-formed: no attribute was broken out of
        assert root.get("onload") is None
        assert all(element.get("onload") is None for element in root.iter())


def test_line_chart_breaks_at_withheld_points():
    rows = [f"2024-Q{q}" for q in range(1, 5)]
    table = sample(
        {
            ("2024-Q1", "x"): Cell.count(5),
            ("2024-Q2", "x"): Cell.count(8),
            ("2024-Q3", "x"): Cell.suppressed(),
            ("2024-Q4", "x"): Cell.count(9),
        },
        rows=rows,
        columns=("x",),
    )
    chart = chart_for(table, ChartKind.LINE)
    root = parse(chart)
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 1  # Q1-Q2; Q4 stands alone after the gap
    assert len(lines[0].get("points").split()) == 2
    assert len(list(root.iter(f"{SVG}circle"))) == 3
    assert any("withheld" in title for title in titles(root))


def test_ranked_bars_put_the_largest_first_and_withheld_last():
    table = sample(
        {("a", "x"): Cell.count(5), ("b", "x"): Cell.count(50), ("c", "x"): Cell.suppressed()},
        rows=("a", "b", "c"),
        columns=("x",),
        column_totals=False,
        grand_total=False,
    )
    chart = chart_for(table, ChartKind.RANKED)
    assert [label for label, _cells in chart.data.rows] == ["B", "A", "C"]
    assert chart.data.rows[2][1] == (Cell.suppressed(),)


def test_flow_diagram_with_and_without_transit():
    rows = [
        Header("1", "Nigeria → Italy", parts=("Nigeria", "Libya", "Italy")),
        Header("2", "Romania → Italy", parts=("Romania", "", "Italy")),
        Header("3", "Eritrea → Malta", parts=("Eritrea", "Libya", "Malta")),
    ]
    column = Header("victims", "Victims")
    table = build_table(
        table_id="flows",
        title="Flows",
        period=parse_period("2024"),
        rows=rows,
        columns=[column],
        values={
            ("1", "victims"): Cell.count(40),
            ("2", "victims"): Cell.count(12),
            ("3", "victims"): Cell.suppressed(),
        },
        row_totals=False,
        column_totals=False,
    )
    chart = chart_for(table, ChartKind.FLOW)
    root = parse(chart)
    node_names = {rect.find(f"{SVG}title").text for rect in root.iter(f"{SVG}rect")}
    assert node_names == {"Nigeria", "Romania", "Eritrea", "Libya", "Italy", "Malta"}
    paths = list(root.iter(f"{SVG}path"))
    # Routes through a transit country have two legs.
    assert len(paths) == 2 + 1 + 2
    dashed = [path for path in paths if path.get("stroke-dasharray")]
    assert len(dashed) == 2
    assert all("withheld" in path.find(f"{SVG}title").text for path in dashed)
    assert "through transit" in chart.summary


def test_nothing_to_draw_without_data():
    table = unavailable_table(table_id="x", title="X", period=parse_period("2024"), awaiting="-")
    assert chart_for(table, ChartKind.BAR) is None


def test_axis_ceiling():
    assert nice_ceiling(0) == 1
    assert nice_ceiling(7) == 10
    assert nice_ceiling(12) == 20
    assert nice_ceiling(430) == 500
