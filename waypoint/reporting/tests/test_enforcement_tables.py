"""Criminal-justice tables (TIP T1-T4, T7, T8; Eurostat E5-E7) over criminal cases recorded
through the enforcement services by two police forces: figures against counts worked out here by
hand, persons once, periods, unknown apart from 0, the API, the command, disclosure control and a
fixed number of queries."""

from __future__ import annotations

import csv
import io
import itertools
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.action_plans.evidence import EvidenceRequest, gather
from waypoint.action_plans.periods import TipPeriod
from waypoint.cases.choices import TypeOfExploitation
from waypoint.enforcement import services
from waypoint.enforcement.models import Suspect
from waypoint.reporting import registry, selectors
from waypoint.reporting.national.enforcement import TIP_FORM_GROUPS
from waypoint.reporting.periods import parse_period
from waypoint.reporting.tables import Cell, CellStatus
from waypoint.reporting.tests.checkers import (
    entries,
    equations,
    greedy_recover,
    linearly_determined,
)
from waypoint.reporting.tests.criminal_world import OUTSIDE, D, build
from waypoint.reporting.tests.test_disclosure import assert_nothing_recoverable
from waypoint.testing.factories import (
    actor_for,
    api_client,
    member,
    signed_in_client,
)

TIP = "tip-2026"
YEAR = "2025"


def tip_period(token=TIP):
    return parse_period(token, tip_start=registry.tip_start())


@pytest.fixture(autouse=True)
def _statutes(db):
    from waypoint.access.actor import Actor

    services.statutes_ensure_seeded(actor=Actor.console("tests"))


def compute(table_id, period, actor):
    return registry.compute(
        registry.get(table_id),
        actor=actor,
        period=parse_period(period, tip_start=registry.tip_start()),
    )


def figures(table):
    """Inner cells as {(row, column): value or status}."""
    return {
        key: (cell.value if cell.is_value else cell.status.value)
        for key, cell in table.cells.items()
        if not (cell.is_value and cell.value == 0)
    }


@pytest.fixture
def world(org_a, org_b):
    return build(org_a, org_b)


def period_contains(token, *days):
    period = tip_period(token)
    return all(period.start <= day <= period.end for day in days)


def test_every_form_of_exploitation_has_one_tip_form():
    grouped = [code for codes in TIP_FORM_GROUPS.values() for code in codes]
    assert sorted(grouped) == sorted(TypeOfExploitation.values)


@pytest.mark.django_db
def test_the_test_dates_fall_where_the_figures_assume():
    assert period_contains(TIP, D(2025, 8, 1), D(2026, 2, 1))
    assert not period_contains(TIP, OUTSIDE)


@pytest.mark.django_db
def test_t1_cases_and_suspects_by_form_count_each_person_once(world):
    table = compute("tip-t1", TIP, world.analyst)
    # Cases: I1 (sex, labour), I2 (labour), I3 (no form); I4 was opened before the period.
    # Suspects: P1 (I1, I2 and, as P4, I3) once; P2, P3 (I1); P5 (I2); P6, P7 (I3).
    assert figures(table) == {
        ("sex", "investigations"): 1,
        ("labour", "investigations"): 2,
        ("unknown", "investigations"): 1,
        ("sex", "suspects"): 3,
        ("labour", "suspects"): 4,
        ("unknown", "suspects"): 3,
    }
    assert table.cell("other", "investigations") == Cell.count(0)  # known none, not unknown
    assert table.column_totals == {"investigations": Cell.count(3), "suspects": Cell.count(6)}
    assert table.row_totals is None and table.totals_additive is False
    earlier = compute("tip-t1", "tip-2024", world.analyst)
    assert earlier.column_totals == {"investigations": Cell.count(1), "suspects": Cell.count(1)}
    assert earlier.cell("other", "investigations") == Cell.count(1)  # organ removal


@pytest.mark.django_db
def test_t2_defendants_charged_and_pending_at_the_end(world):
    table = compute("tip-t2", TIP, world.analyst)
    # Charged: P1 (Pr1 on I1 and, as P4, Pr2 on I3), P2, P3, P6. Pending at the end: Pr2 (Pr1
    # concluded on 1 February), with P1 (as P4) and P6, on an investigation without a form.
    assert figures(table) == {
        ("sex", "prosecuted"): 3,
        ("labour", "prosecuted"): 3,
        ("unknown", "prosecuted"): 2,
        ("unknown", "pending_defendants"): 2,
        ("unknown", "pending_cases"): 1,
    }
    assert table.column_totals == {
        "prosecuted": Cell.count(4),
        "pending_defendants": Cell.count(2),
        "pending_cases": Cell.count(1),
    }
    # At the end of an earlier period nothing was filed yet: 0, known.
    assert compute("tip-t2", "tip-2025", world.analyst).column_totals["pending_cases"] == (
        Cell.count(0)
    )


@pytest.mark.django_db
def test_t3_convictions_by_sentence_band_and_outcomes(world):
    table = compute("tip-t3", TIP, world.analyst)
    # P1: convicted in Pr1 (I1: sex, labour; 60 months) and, as P4, in Pr2 (I3, no form, no
    # sentence recorded); P3: guilty plea, 12 months suspended.
    assert figures(table) == {
        ("sex", "4-<10y"): 1,
        ("labour", "4-<10y"): 1,
        ("sex", "non_custodial"): 1,
        ("labour", "non_custodial"): 1,
        ("unknown", "unknown"): 1,
    }
    assert table.row_totals == {
        "sex": Cell.count(2),
        "labour": Cell.count(2),
        "other": Cell.count(0),
        "unknown": Cell.count(1),
    }
    assert table.column_totals["non_custodial"] == Cell.count(1)
    assert table.column_totals["unknown"] == Cell.count(1)
    assert table.grand_total == Cell.count(2)
    outcomes = compute("tip-t3-outcomes", TIP, world.analyst)
    assert figures(outcomes) == {
        ("sex", "acquitted"): 1,
        ("labour", "acquitted"): 1,
        ("sex", "overturned"): 1,
        ("labour", "overturned"): 1,
    }
    assert outcomes.column_totals == {"acquitted": Cell.count(1), "overturned": Cell.count(1)}


@pytest.mark.django_db
def test_t4_complicit_officials_by_agency_with_unknowns_apart(world):
    table = compute("tip-t4", TIP, world.analyst)
    assert figures(table) == {
        ("police", "suspected"): 1,
        ("police", "prosecuted"): 1,
        ("police", "convicted"): 1,
        ("immigration", "suspected"): 1,
        ("immigration", "prosecuted"): 1,
    }
    # The agency is recorded for every official here (imports may leave it blank): 0, known.
    assert table.cell("unknown", "suspected") == Cell.count(0)
    assert table.column_totals == {
        "suspected": Cell.count(2),
        "prosecuted": Cell.count(2),
        "convicted": Cell.count(1),
    }
    # P1, P5 and P7: whether officials was not recorded (P2: recorded as not one); said in a
    # note, never counted as 0.
    assert any("3 persons suspected in the period have no record" in n for n in table.all_notes)


@pytest.mark.django_db
def test_t7_victims_in_the_criminal_justice_process_once_per_person(world):
    today = timezone.localdate()
    token = f"tip-{today.year + 1}"
    if not period_contains(token, today):
        token = f"tip-{today.year}"
    table = compute("tip-t7", token, world.analyst)
    # V1 (two links, cooperating, testified, video link); V2 (not recorded in I1; not
    # cooperating and penalised in I2).
    assert figures(table) == {
        ("cooperating", "victims"): 1,
        ("cooperating", "testified"): 1,
        ("cooperating", "protected"): 1,
        ("not_cooperating", "victims"): 1,
        ("not_cooperating", "penalised"): 1,
        ("unknown", "victims"): 1,
    }
    assert table.column_totals == {
        "victims": Cell.count(2),
        "testified": Cell.count(1),
        "protected": Cell.count(1),
        "penalised": Cell.count(1),
    }
    # The links were made today: none in the TIP 2026 period.
    assert compute("tip-t7", TIP, world.analyst).column_totals["victims"] == Cell.count(0)


@pytest.mark.django_db
def test_t8_amounts_per_currency_rest_on_their_victims(world):
    table = compute("tip-t8", TIP, world.analyst)
    assert [row.key for row in table.rows] == ["EUR:compensation", "EUR:restitution"]
    assert table.cell("EUR:compensation", "victims") == Cell.count(1)
    ordered = table.cell("EUR:compensation", "ordered")
    assert (ordered.value, ordered.base) == (Decimal("12000.00"), 1)
    assert table.cell("EUR:compensation", "paid").value == Decimal("2000.00")
    assert table.cell("EUR:compensation", "paid_victims") == Cell.count(1)
    restitution = table.cell("EUR:restitution", "ordered")
    assert (restitution.value, restitution.base) == (Decimal("500.00"), 1)  # names nobody
    assert table.cell("EUR:restitution", "paid").value == 0
    assert table.row_totals is None and table.column_totals is None  # never across currencies
    published = selectors.statistics_table(actor=world.analyst, table_id="tip-t8", period=TIP).table
    # One victim behind every amount: withheld; zeros stay.
    assert published.cell("EUR:compensation", "ordered").is_suppressed
    assert published.cell("EUR:restitution", "ordered").is_suppressed
    assert published.cell("EUR:restitution", "paid_victims") == Cell.count(0)
    empty = compute("tip-t8", "tip-2024", world.analyst)
    assert {cell.status for cell in empty.cells.values()} == {CellStatus.VALUE}
    assert all(cell.value == 0 for cell in empty.cells.values())


@pytest.mark.django_db
def test_e5_to_e7_persons_by_form_sex_and_age(world):
    e5 = compute("eurostat-e5", YEAR, world.analyst)
    # P1 counts once as a woman (P4's own record says a man of 48+: the linked record is read).
    assert e5.column_totals == {
        "women": Cell.count(1),
        "men": Cell.count(2),
        "girls": Cell.count(1),
        "boys": Cell.count(0),
        "age_unknown": Cell.count(1),
        "other": Cell.count(0),
        "sex_unknown": Cell.count(1),
    }
    assert e5.grand_total == Cell.count(6)
    assert figures(e5) == {
        ("SexualExploitation", "women"): 1,
        ("SexualExploitation", "men"): 1,
        ("SexualExploitation", "age_unknown"): 1,
        ("ForcedLabour", "women"): 1,
        ("ForcedLabour", "men"): 1,
        ("ForcedLabour", "age_unknown"): 1,
        ("ForcedLabour", "girls"): 1,
        ("Servitude", "women"): 1,
        ("Servitude", "girls"): 1,
        ("unknown", "women"): 1,
        ("unknown", "men"): 1,
        ("unknown", "sex_unknown"): 1,
    }
    assert e5.row_totals["ForcedLabour"] == Cell.count(4)
    assert e5.row_totals["OrganRemoval"] == Cell.count(0)  # P8 was suspected in 2024
    e6 = compute("eurostat-e6", YEAR, world.analyst)
    assert e6.grand_total == Cell.count(4)  # P1, P2, P3, P6
    e7 = compute("eurostat-e7", YEAR, world.analyst)
    assert e7.grand_total == Cell.count(2)  # P1, P3
    assert e7.column_totals["women"] == Cell.count(1)
    assert e7.column_totals["men"] == Cell.count(1)
    assert compute("eurostat-e5", "2024", world.analyst).grand_total == Cell.count(1)


@pytest.mark.django_db
def test_e5_by_citizenship_counts_each_person_under_one_group(world, settings):
    settings.WAYPOINT_COUNTRY = "MT"
    table = compute("eurostat-e5-citizenship", YEAR, world.analyst)
    # P1 (MT; P4's GB not read), P7 (NG and MT: MT first); P3 IT; P2 NG; P5 and P6 none.
    assert figures(table) == {
        ("own", "women"): 1,
        ("own", "men"): 1,
        ("eu", "men"): 1,
        ("non_eu", "age_unknown"): 1,
        ("unknown", "girls"): 1,
        ("unknown", "sex_unknown"): 1,
    }
    assert table.grand_total == Cell.count(6)
    assert compute("eurostat-e7-citizenship", YEAR, world.analyst).grand_total == Cell.count(2)


ENFORCEMENT_TABLES = [
    ("tip-t1", TIP),
    ("tip-t2", TIP),
    ("tip-t3", TIP),
    ("tip-t3-outcomes", TIP),
    ("tip-t4", TIP),
    ("tip-t8", TIP),
    ("eurostat-e5", YEAR),
    ("eurostat-e6", YEAR),
    ("eurostat-e7", YEAR),
    ("eurostat-e5-citizenship", YEAR),
    ("eurostat-e6-citizenship", YEAR),
    ("eurostat-e7-citizenship", YEAR),
]


def assert_nothing_bounded(original, published, smallest=1):
    """Totals that are not sums (a person under each form, once in the total) give a reader
    only bounds: each part is at most its total, the parts together at least the total. No
    withheld figure may be pinned by them, nor by treating them as sums (stricter)."""
    assert greedy_recover(original, published) == {}
    assert linearly_determined(original, published) == set()
    cells = entries(original)
    hidden = sorted(address for address, cell in entries(published).items() if cell.is_suppressed)
    ceiling = max((cell.value or 0) for cell in cells.values()) + 3
    if not hidden or (ceiling + 1) ** len(hidden) > 200_000:
        return  # too many completions to try (as ``checkers.integer_completions``)
    known = {address: (cell.value or 0) for address, cell in cells.items() if address not in hidden}
    relations = [
        (parts, total) for parts, total in equations(original) if not cells[total].is_unknown
    ]
    possible = {address: set() for address in hidden}
    for values in itertools.product(range(smallest, ceiling + 1), repeat=len(hidden)):
        assignment = {**known, **dict(zip(hidden, values, strict=True))}
        if all(
            all(assignment[part] <= assignment[total] for part in parts)
            and sum(assignment[part] for part in parts) >= assignment[total]
            for parts, total in relations
        ):
            for address, value in zip(hidden, values, strict=True):
                possible[address].add(value)
    assert {address for address, values in possible.items() if len(values) < 2} == set()


@pytest.mark.django_db
@pytest.mark.parametrize("threshold", [5, 2])
def test_published_tables_let_no_withheld_figure_be_worked_out(world, settings, threshold):
    settings.WAYPOINT_DISCLOSURE_THRESHOLD = threshold
    withheld = 0
    for table_id, period in [
        *ENFORCEMENT_TABLES,
        ("tip-t7", f"tip-{timezone.localdate().year + 1}"),
    ]:
        internal = compute(table_id, period, world.analyst)
        published = selectors.statistics_table(
            actor=world.analyst, table_id=table_id, period=period
        ).table
        assert published.disclosure is not None and published.disclosure.threshold == threshold
        for cell in published.all_cells():
            if cell.is_value and isinstance(cell.value, int):
                assert cell.value == 0 or cell.value >= threshold, table_id
        if internal.totals_additive:
            assert_nothing_recoverable(internal, published)
        else:
            assert_nothing_bounded(internal, published)
        withheld += published.disclosure.suppressed
    assert withheld > 0


@pytest.mark.django_db
def test_api_serves_t1_protected(world):
    client = api_client(member(world.org_a, Role.ANALYST))
    body = client.get("/api/v1/statistics/tip-t1", {"period": TIP}).json()
    assert body["source_available"] is True
    assert body["internal"] is False
    assert body["period"]["token"] == TIP
    assert [row["key"] for row in body["rows"]] == ["sex", "labour", "other", "unknown"]
    labour = next(row for row in body["rows"] if row["key"] == "labour")
    # 2 investigations and 4 suspects: both withheld under 5, and nothing else gives them away.
    assert {cell["status"] for cell in labour["cells"]} == {"suppressed"}
    other = next(row for row in body["rows"] if row["key"] == "other")
    assert [cell["value"] for cell in other["cells"]] == [0, 0]
    assert (
        "Police A" not in client.get("/api/v1/statistics/tip-t1/", {"period": TIP}).content.decode()
    )


@pytest.mark.django_db
def test_command_writes_t3_as_csv(world):
    out = io.StringIO()
    call_command("statistics", "tip-t3", "--period", TIP, "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert rows[0][0] == "table"
    cells = {(row[2], row[5]): (row[6], row[7]) for row in rows[1:] if row[0] == "tip-t3"}
    assert cells[("other", "Suspended or fine only")] == ("0", "value")
    assert cells[("sex", "Suspended or fine only")] == ("", "suppressed")


@pytest.mark.django_db
def test_roles_without_statistics_get_no_figures(world, org_a):
    user = member(org_a, Role.CASE_WORKER)
    response = api_client(user).get("/api/v1/statistics/tip-t1/", {"period": TIP})
    assert response.status_code == 403
    assert "suspects" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.INVESTIGATOR, Role.PROSECUTOR])
def test_law_enforcement_sees_national_enforcement_figures_protected(world, role):
    # Police and prosecutors count every criminal case (aggregates only), never support records.
    organisation = world.police_b if role == Role.INVESTIGATOR else world.prosecution
    actor = actor_for(member(organisation, role), organisation)
    published = selectors.statistics_table(actor=actor, table_id="tip-t1", period=TIP).table
    assert published.disclosure is not None
    assert published.column_totals["suspects"] == Cell.count(6)


def queries(table_id, period, actor):
    with CaptureQueriesContext(connection) as captured:
        compute(table_id, period, actor)
    return len(captured)


@pytest.mark.django_db
def test_a_fixed_number_of_queries_whatever_the_number_of_records(world):
    t7 = f"tip-{timezone.localdate().year + 1}"
    tables = [*ENFORCEMENT_TABLES, ("tip-t7", t7)]
    before = {table_id: queries(table_id, period, world.analyst) for table_id, period in tables}
    # Twice as many cases, suspects, prosecutions, verdicts and witnesses.
    build(world.org_a, world.org_b)
    after = {table_id: queries(table_id, period, world.analyst) for table_id, period in tables}
    assert after == before
    assert max(before.values()) <= 12


@pytest.mark.django_db
def test_tip_workspace_gets_law_enforcement_evidence(world):
    period = TipPeriod(D(2025, 4, 1))
    gathered = gather(EvidenceRequest(actor=world.coordinator, criterion="SSE1", period=period))
    figures_by_code = gathered.figures
    assert figures_by_code["investigations"].current == 3
    assert figures_by_code["investigations"].previous == 0
    assert figures_by_code["prosecutions"].current == 4
    assert figures_by_code["convictions"].current == 2
    assert figures_by_code["sentences"].current == 1
    complicity = gather(EvidenceRequest(actor=world.coordinator, criterion="SSE7", period=period))
    assert complicity.figures["complicity_cases"].current == 2
    # Without the right to exact figures, nothing is given.
    assert not gather(
        EvidenceRequest(actor=world.analyst, criterion="SSE1", period=period)
    ).figures.get("investigations")


@pytest.mark.django_db
def test_no_criminal_case_recorded_gives_no_evidence(org_a):
    coordinator = actor_for(member(org_a, Role.COORDINATOR), org_a)
    gathered = gather(
        EvidenceRequest(actor=coordinator, criterion="SSE1", period=TipPeriod(D(2025, 4, 1)))
    )
    assert "investigations" not in gathered.figures
    assert gathered.has_data_source


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ANALYST, Role.COORDINATOR])
def test_every_table_shows_on_its_page_and_downloads(world, role):
    client = signed_in_client(member(world.org_a, role))
    for table_id, period in ENFORCEMENT_TABLES:
        page = client.get(f"/statistics/tables/{table_id}/", {"period": period})
        assert page.status_code == 200, table_id
        html = page.content.decode()
        assert 'class="stat-table"' in html and "<svg" in html, table_id
        for extension in ("csv", "xlsx", "pdf"):
            download = client.get(
                f"/statistics/tables/{table_id}/download.{extension}", {"period": period}
            )
            assert download.status_code == 200, (table_id, extension)
    html = client.get("/statistics/tables/tip-t8/", {"period": TIP}).content.decode()
    assert "Compensation to the victim (EUR)" in html
    if role == Role.COORDINATOR:
        assert "12,000" in html  # exact, internal, on screen only
    else:
        assert "12,000" not in html and "12000" not in html


@pytest.mark.django_db
def test_records_without_a_date_are_counted_in_no_period_and_said_so(world, org_a):
    # An imported suspect with no date of suspicion: P2's record, as an import may leave it.
    Suspect.objects.filter(person__suspect_links__investigation=world.i1).filter(
        is_public_official=False
    ).update(identified_on=None)
    e5 = compute("eurostat-e5", YEAR, world.analyst)
    assert e5.grand_total == Cell.count(5)
    assert "1 suspects have no date of suspicion" in " ".join(e5.all_notes)
    published = selectors.statistics_table(
        actor=world.analyst, table_id="eurostat-e5", period=YEAR
    ).table
    assert "fewer than 5 suspects have no date of suspicion" in " ".join(published.all_notes)
    assert "have a charge without a date" not in " ".join(
        compute("eurostat-e6", YEAR, world.analyst).all_notes
    )
