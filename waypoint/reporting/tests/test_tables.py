from decimal import Decimal

import pytest

from waypoint.reporting.exports import serialize_table, table_csv
from waypoint.reporting.periods import parse_period
from waypoint.reporting.tables import (
    Cell,
    CellStatus,
    Header,
    StatTable,
    build_table,
    sum_cells,
    unavailable_table,
)

PERIOD = parse_period("2024")


def test_a_cell_has_a_value_exactly_when_its_status_says_so():
    assert Cell.count(0).value == 0
    assert Cell.count(0).status == CellStatus.VALUE
    assert Cell.unknown().value is None
    assert Cell.suppressed().value is None
    with pytest.raises(ValueError, match="exactly when"):
        Cell(value=None, status=CellStatus.VALUE)
    with pytest.raises(ValueError, match="exactly when"):
        Cell(value=3, status=CellStatus.SUPPRESSED)
    with pytest.raises(ValueError, match="negative"):
        Cell.count(-1)
    with pytest.raises(TypeError):
        Cell(value=True, status=CellStatus.VALUE)


def test_totals_keep_zero_unknown_and_withheld_apart():
    assert sum_cells([Cell.count(2), Cell.count(0)]) == Cell.count(2)
    assert sum_cells([]) == Cell.count(0)
    assert sum_cells([Cell.count(2), Cell.unknown()]).is_unknown
    assert sum_cells([Cell.unknown(), Cell.suppressed()]).is_suppressed
    assert sum_cells([Cell.figure(Decimal("1.5"), base=4), Cell.count(1)]).value == Decimal("2.5")


def test_build_table_fills_missing_cells_as_known_none_and_computes_totals():
    table = build_table(
        table_id="t",
        title="T",
        period=PERIOD,
        rows=[Header("a", "A"), Header("b", "B")],
        columns=[Header("x", "X"), Header("y", "Y")],
        values={("a", "x"): Cell.count(3), ("b", "y"): Cell.unknown()},
    )
    assert table.cell("a", "y") == Cell.count(0)
    assert table.row_totals == {"a": Cell.count(3), "b": Cell.unknown()}
    assert table.column_totals == {"x": Cell.count(3), "y": Cell.unknown()}
    assert table.grand_total.is_unknown
    assert table.is_internal


def test_published_figures_fill_missing_cells_as_unknown():
    table = build_table(
        table_id="t",
        title="T",
        period=PERIOD,
        rows=[Header("a", "A")],
        columns=[Header("x", "X")],
        values={},
        missing=Cell.unknown(),
        row_totals=False,
        column_totals=False,
    )
    assert table.cell("a", "x").is_unknown
    assert table.row_totals is None
    assert table.grand_total is None


def test_a_table_is_checked_for_completeness():
    with pytest.raises(ValueError, match="every"):
        StatTable(
            table_id="t",
            title="T",
            period=PERIOD,
            rows=(Header("a", "A"),),
            columns=(Header("x", "X"),),
            cells={},
        )
    with pytest.raises(ValueError, match="unique"):
        build_table(
            table_id="t",
            title="T",
            period=PERIOD,
            rows=[Header("a", "A"), Header("a", "A again")],
            columns=[Header("x", "X")],
            values={},
        )


def test_a_table_without_source_holds_no_figure_at_all():
    table = unavailable_table(
        table_id="tip-t5", title="Victims identified", period=PERIOD, awaiting="No data yet."
    )
    data = serialize_table(table)
    assert data["source_available"] is False
    assert data["rows"] == []
    assert data["columns"] == []
    assert data["grand_total"] is None
    assert data["notes"] == ["No data yet."]
    assert table_csv(table).decode("utf-8-sig").splitlines() == [
        "table,period,row_key,row,column_key,column,value,status"
    ]


def test_serialisation_shape():
    table = build_table(
        table_id="t",
        title="T",
        period=parse_period("tip-2025"),
        rows=[Header("a", "A", parts=("MT", "", "IT"))],
        columns=[Header("x", "X"), Header("y", "Y")],
        values={("a", "x"): Cell.count(7), ("a", "y"): Cell.suppressed()},
        definitions=("Persons.",),
    )
    data = serialize_table(table)
    assert data["table"] == "t"
    assert data["period"] == {
        "token": "tip-2025",
        "kind": "tip",
        "label": data["period"]["label"],
        "start": "2024-04-01",
        "end": "2025-03-31",
    }
    assert data["columns"] == [{"key": "x", "label": "X"}, {"key": "y", "label": "Y"}]
    assert data["rows"][0]["parts"] == ["MT", "", "IT"]
    assert data["rows"][0]["cells"] == [
        {"column": "x", "value": 7, "status": "value"},
        {"column": "y", "value": None, "status": "suppressed"},
    ]
    assert data["rows"][0]["total"] == {"value": None, "status": "suppressed"}
    assert data["column_totals"] == [
        {"column": "x", "value": 7, "status": "value"},
        {"column": "y", "value": None, "status": "suppressed"},
    ]
    assert data["internal"] is True
    assert data["disclosure"] is None
    assert data["definitions"] == ["Persons."]
