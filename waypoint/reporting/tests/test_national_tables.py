"""Every national table against counts computed independently, in plain Python, from the same
register (world.py, recorded through the people and cases services; reference.py)."""

import pytest

from waypoint.access.roles import Role
from waypoint.reporting import registry
from waypoint.reporting.periods import PeriodKind, parse_period
from waypoint.reporting.registry import TableKind
from waypoint.reporting.tests import reference as ref
from waypoint.reporting.tests.world import INDIVIDUALS, build
from waypoint.testing.factories import actor_for, member

YEAR = parse_period("2023")
TIP = parse_period("tip-2024")  # 1 April 2023 - 31 March 2024
EARLIER_TIP = parse_period("tip-2023")


@pytest.fixture
def register(org_a, org_b):
    return build({"a": org_a, "b": org_b})


@pytest.fixture
def analyst(org_a):
    return actor_for(member(org_a, Role.ANALYST), org_a)


def compute(actor, table_id, period):
    return registry.compute(registry.get(table_id), actor=actor, period=period)


def figures(table):
    return {key: cell.value for key, cell in table.cells.items()}


def assert_cells(table, expected):
    """Every cell equals the expected figure; cells not expected are 0 (known none)."""
    actual = figures(table)
    assert {key: value for key, value in actual.items() if value} == {
        key: value for key, value in expected.items() if value
    }
    assert all(cell.is_value for cell in table.cells.values())


def totals(mapping):
    return {key: cell.value for key, cell in mapping.items()}


@pytest.mark.django_db
def test_registered_victim_tables_match_the_reference(register, analyst, settings):
    settings.WAYPOINT_DISCLOSURE_THRESHOLD = 2
    e1 = compute(analyst, "eurostat-e1", YEAR)
    expected = ref.e1(YEAR)
    assert_cells(e1, expected["cells"])
    assert {k: v for k, v in totals(e1.row_totals).items() if v} == {
        k: v for k, v in expected["row_totals"].items() if v
    }
    assert totals(e1.column_totals) == expected["column_totals"]
    assert e1.grand_total.value == expected["grand_total"]
    assert e1.totals_additive is False

    e2 = compute(analyst, "eurostat-e2", YEAR)
    assert_cells(e2, ref.e2(YEAR)["cells"])
    assert e2.grand_total.value == ref.e2(YEAR)["grand_total"] == expected["grand_total"]

    e3 = compute(analyst, "eurostat-e3", YEAR)
    expected_e3 = ref.e3(YEAR, threshold=2)
    assert_cells(e3, expected_e3["cells"])
    assert {row.key for row in e3.rows} == {"MT", *expected_e3["listed"]} | {
        "other_eu",
        "other_non_eu",
        "unknown",
    }
    assert expected_e3["listed"] == {"NG"}  # the fixture names exactly one foreign country
    assert e3.grand_total.value == expected["grand_total"]

    e4 = compute(analyst, "eurostat-e4", YEAR)
    expected_e4 = ref.e4(YEAR)
    assert_cells(e4, expected_e4["cells"])
    assert {k: v for k, v in totals(e4.column_totals).items() if v} == expected_e4["column_totals"]
    assert e4.grand_total.value == expected_e4["grand_total"] == expected["grand_total"]
    # Each form's total adds its sex-and-age groups (a person is in one group).
    for row in e4.rows:
        assert e4.row_totals[row.key].value == sum(
            e4.cell(row.key, column.key).value for column in e4.columns
        )


@pytest.mark.django_db
@pytest.mark.parametrize("period", [TIP, EARLIER_TIP], ids=["tip-2024", "tip-2023"])
def test_victims_identified_tables_match_the_reference(register, analyst, settings, period):
    settings.WAYPOINT_DISCLOSURE_THRESHOLD = 2
    t5 = compute(analyst, "tip-t5", period)
    expected = ref.t5(period, lambda record, body: [ref.sex_age(record.individual)])
    assert_cells(t5, expected["cells"])
    assert {k: v for k, v in totals(t5.row_totals).items() if v} == expected["row_totals"]
    assert {k: v for k, v in totals(t5.column_totals).items() if v} == expected["column_totals"]
    assert t5.grand_total.value == expected["grand_total"]

    forms = compute(analyst, "tip-t5-forms", period)
    expected = ref.t5(period, lambda record, body: record.forms or ["unknown"])
    assert_cells(forms, expected["cells"])
    assert {k: v for k, v in totals(forms.row_totals).items() if v} == expected["row_totals"]

    bodies = compute(analyst, "tip-t5-bodies", period)
    expected = ref.t5(period, lambda record, body: [body or "unknown"])
    assert_cells(bodies, expected["cells"])
    assert {k: v for k, v in totals(bodies.row_totals).items() if v} == expected["row_totals"]

    nationality = compute(analyst, "tip-t5-nationality", period)
    anyone = ref.t5(period, lambda record, body: [ref.citizenship(record.individual)])
    listed = {code for code, n in anyone["row_totals"].items() if code not in ("", "MT") and n >= 2}

    def nationality_row(record, body):
        code = ref.citizenship(record.individual)
        if code == "MT" or code in listed:
            return [code]
        return ["unknown" if not code else "other"]

    expected = ref.t5(period, nationality_row)
    assert_cells(nationality, expected["cells"])
    assert {row.key for row in nationality.rows} == {"MT", "other", "unknown", *listed}


@pytest.mark.django_db
def test_flows_and_patterns_match_the_reference(register, analyst, settings):
    settings.WAYPOINT_DISCLOSURE_THRESHOLD = 2
    flows = compute(analyst, "flows", YEAR)
    expected = ref.routes(YEAR, threshold=2)
    listed = {
        tuple(part for part in row.key.split("-")): flows.cell(row.key, "persons").value
        for row in flows.rows
        if row.key != "other"
    }
    assert listed == {
        tuple(part or "_" for part in route): count for route, count in expected["listed"].items()
    }
    # Three persons transit Libya, one of them by an event recorded for the case.
    assert listed[("NG", "LY", "MT")] == 3
    assert flows.cell("other", "persons").value == expected["others"]
    assert flows.column_totals["persons"].value == expected["total"]
    route = next(row for row in flows.rows if row.key == "NG-LY-MT")
    assert route.parts == ("Nigeria", "Libya", "Malta")

    sectors = compute(analyst, "patterns-sectors", YEAR)
    expected = ref.sectors(YEAR)
    assert_cells(sectors, expected["cells"])
    assert sectors.grand_total.value == expected["grand_total"]
    for table_id, field in (
        ("patterns-recruitment", "vic_MethodOfRecruitment"),
        ("patterns-control", "vic_MethodsOfControl"),
    ):
        table = compute(analyst, table_id, YEAR)
        expected = ref.coded(ref.registered(YEAR), field)
        assert_cells(table, expected["cells"])
        assert table.grand_total.value == expected["grand_total"]


@pytest.mark.django_db
def test_overview_counts_this_period_and_the_last(register, analyst):
    table = compute(analyst, "overview-victims", TIP)
    assert [column.key for column in table.columns] == ["tip-2024", "tip-2023"]
    for period in (TIP, EARLIER_TIP):
        decided = ref.decisions(period)
        assert table.cell("registered", period.token).value == len(
            ref.persons(ref.registered(period))
        )
        assert table.cell("potential", period.token).value == len(
            {r.individual for r, status, _b in decided if status == "PossibleVictimOfTrafficking"}
        )
        assert table.cell("confirmed", period.token).value == len(
            {r.individual for r, status, _b in decided if status == "ActualVictimOfTrafficking"}
        )
    assert table.row_totals is None and table.grand_total is None


@pytest.mark.django_db
def test_notes_count_what_the_tables_leave_out(register, analyst):
    table = compute(analyst, "eurostat-e2", YEAR)
    notes = " ".join(table.all_notes)
    assert (
        f"{ref.not_placed(YEAR)} records with a registration year band spanning the period were "
        "not placed" in notes
    )
    assert f"{ref.undated()} victim records have neither a registration date" in notes
    assert "1 records whose status at the end of the period was 'not a victim" in notes
    t5 = compute(analyst, "tip-t5", TIP)
    # v13 was imported without history; v9 and v10 carry only year bands.
    assert "1 records have no status history: they count by their current status" in " ".join(
        t5.all_notes
    )
    assert "2 records with a registration year band spanning the period were not placed" in (
        " ".join(t5.all_notes)
    )


def test_the_register_covers_the_cases_the_rules_speak_of():
    """The fixture itself: the situations each counting rule is about are in it."""
    assert any(individual.citizenship == ("NA",) for individual in INDIVIDUALS.values())
    assert len({r.individual for r in ref.REGISTRATIONS}) < len(ref.REGISTRATIONS)
    assert any(r.separate_person for r in ref.REGISTRATIONS)
    assert any(r.band and r.band[0] != r.band[1] for r in ref.REGISTRATIONS)
    assert any(len(r.forms) > 1 for r in ref.REGISTRATIONS)


@pytest.mark.django_db
def test_tables_are_computed_in_a_few_queries_whatever_the_number_of_records(
    register, analyst, org_a
):
    """Aggregation happens in the database: the number of queries does not grow with records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from waypoint.cases import services as cases
    from waypoint.people.services import person_create

    def query_counts():
        counts = {}
        for spec in registry.all_specs():
            if spec.function is None or spec.kind == TableKind.REFERENCE:
                continue
            period = YEAR if PeriodKind.YEAR in spec.period_kinds else TIP
            with CaptureQueriesContext(connection) as queries:
                registry.compute(spec, actor=analyst, period=period)
            counts[spec.table_id] = len(queries)
        return counts

    before = query_counts()
    worker = actor_for(member(org_a, Role.CASE_WORKER), org_a)
    for index in range(12):
        someone = person_create(
            actor=worker,
            values={"gender": "Masculine", "citizenship": ["SY" if index % 2 else "IN"]},
        )
        cases.case_open(
            actor=worker, persons=[(someone, "victim")], opened_on=parse_period("2023").start
        )
    after = query_counts()
    assert set(before) >= {"eurostat-e1", "tip-t5", "flows", "patterns-control"}
    for table_id, count in after.items():
        assert count <= 12, (table_id, count)
        assert count <= before[table_id] + 1, (table_id, before[table_id], count)
