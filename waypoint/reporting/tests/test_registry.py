"""The table registry: stable ids, the national catalogue, tables that await their data."""

import datetime as dt
import re

import pytest

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.reporting import registry
from waypoint.reporting.periods import PeriodError, PeriodKind, parse_period
from waypoint.reporting.registry import TableKind
from waypoint.reporting.tables import Cell, Header, build_table

ANALYST = Actor(user=None, organisation=None, roles=frozenset({Role.ANALYST}))


@pytest.mark.django_db
def test_the_national_catalogue_is_registered_with_stable_ids():
    ids = {spec.table_id for spec in registry.all_specs()}
    assert {f"tip-t{number}" for number in range(1, 12)} <= ids
    assert {f"eurostat-e{number}" for number in range(1, 9)} <= ids
    assert {"nrm-n1", "nrm-n2", "flows"} <= ids
    assert [spec.table_id for spec in registry.all_specs(TableKind.TIP)][:3] == [
        "tip-t1",
        "tip-t2",
        "tip-t3",
    ]
    for spec in registry.all_specs():
        assert spec.definitions, spec.table_id
        if not spec.source_available:
            assert re.search(r"#\d", spec.awaiting) or "import" in spec.awaiting, spec.table_id


@pytest.mark.django_db
def test_a_table_awaiting_its_data_says_so_and_is_never_zeros(awaiting_table):
    spec = registry.get("test-awaiting")
    assert not spec.source_available
    table = registry.compute(spec, actor=ANALYST, period=parse_period("tip-2025"))
    assert not table.source_available
    assert table.cells == {}
    assert table.rows == ()
    assert table.notes == (spec.awaiting,)
    assert "issue #99" in spec.awaiting


def test_periods_are_checked_against_the_table():
    eurostat = registry.get("eurostat-e2")
    assert registry.resolve_period(eurostat, "2024").token == "2024"
    with pytest.raises(PeriodError, match="counted by year"):
        registry.resolve_period(eurostat, "tip-2025")
    tip = registry.get("tip-t1")
    with pytest.raises(PeriodError, match="tip"):
        registry.resolve_period(tip, "2024")


def test_default_periods(settings):
    today = dt.date(2025, 5, 10)
    assert [p.token for p in registry.default_periods(frozenset({PeriodKind.TIP}), today)] == [
        "tip-2025",
        "tip-2024",
    ]
    assert registry.default_periods(frozenset({PeriodKind.YEAR}), today)[0].token == "2024"
    assert registry.default_periods(frozenset({PeriodKind.QUARTER}), today)[0].token == "2025-Q1"
    settings.WAYPOINT_TIP_PERIOD_START = "07-01"
    assert registry.resolve_period(registry.get("tip-t1"), "tip-2025").start == dt.date(2024, 7, 1)


def test_registering_a_table_function():
    def victims(request):
        return build_table(
            table_id=request.spec.table_id,
            title=request.spec.title,
            period=request.period,
            rows=[Header("f", "Female")],
            columns=[Header("adult", "Adult")],
            values={("f", "adult"): Cell.count(3)},
        )

    with pytest.raises(ValueError, match="already registered"):
        registry.register(
            "tip-t5", "Victims", TableKind.TIP, victims, period_kinds={PeriodKind.TIP}
        )
    with pytest.raises(ValueError, match="lower-case"):
        registry.register("Bad Id", "X", TableKind.TIP, victims, period_kinds={PeriodKind.TIP})
    with pytest.raises(ValueError, match="no period"):
        registry.register("test-x", "X", TableKind.TIP, victims, period_kinds=set())
    with pytest.raises(ValueError, match="awaits"):
        registry.register("test-x", "X", TableKind.TIP, period_kinds={PeriodKind.TIP})
    try:
        spec = registry.register(
            "test-victims", "Victims", TableKind.TIP, victims, period_kinds={PeriodKind.TIP}
        )
        assert spec.source_available
        table = registry.compute(spec, actor=ANALYST, period=parse_period("tip-2025"))
        assert table.cell("f", "adult") == Cell.count(3)
        assert table.is_internal
        replaced = registry.register(
            "test-victims",
            "Victims",
            TableKind.TIP,
            period_kinds={PeriodKind.TIP},
            awaiting="Gone.",
            replace=True,
        )
        assert registry.get("test-victims") is replaced
    finally:
        registry.unregister("test-victims")
    with pytest.raises(registry.UnknownTable):
        registry.get("test-victims")
