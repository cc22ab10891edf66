"""Disclosure control: small counts are withheld and nothing withheld can be worked out again."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waypoint.reporting.disclosure import DisclosurePolicy, apply_disclosure_control
from waypoint.reporting.periods import parse_period
from waypoint.reporting.tables import Cell, Header, Measure, build_table
from waypoint.reporting.tests.checkers import (
    entries,
    greedy_recover,
    integer_completions,
    linearly_determined,
)

PERIOD = parse_period("2024")
POLICY = DisclosurePolicy()


def table_of(grid, *, row_totals=True, column_totals=True, grand_total=True, **details):
    rows = [Header(f"r{i}", f"Row {i}") for i in range(len(grid))]
    columns = [Header(f"c{j}", f"Column {j}") for j in range(len(grid[0]))]
    values = {}
    for i, line in enumerate(grid):
        for j, value in enumerate(line):
            if value == "?":
                values[(f"r{i}", f"c{j}")] = Cell.unknown()
            elif value == "s":
                values[(f"r{i}", f"c{j}")] = Cell.suppressed()
            else:
                values[(f"r{i}", f"c{j}")] = Cell.count(value)
    return build_table(
        table_id="test",
        title="Test",
        period=PERIOD,
        rows=rows,
        columns=columns,
        values=values,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=grand_total,
        **details,
    )


def hidden(table):
    return {address for address, cell in entries(table).items() if cell.is_suppressed}


def assert_nothing_recoverable(original, published, policy=POLICY):
    assert greedy_recover(original, published) == {}
    assert linearly_determined(original, published) == set()
    completions = integer_completions(original, published, smallest=policy.smallest_hidden)
    if completions is not None:
        pinned = {address for address, values in completions.items() if len(values) < 2}
        assert pinned == set(), f"pinned by integer bounds: {pinned}"


def test_counts_under_the_threshold_are_withheld_zero_and_larger_counts_are_not():
    original = table_of([[0, 1, 4, 5, 30]], column_totals=False, grand_total=False)
    published = apply_disclosure_control(original, POLICY)
    statuses = [published.cell("r0", f"c{j}").status.value for j in range(5)]
    assert statuses[:3] == ["value", "suppressed", "suppressed"]
    assert published.cell("r0", "c0").value == 0
    assert published.disclosure.primary == 2
    assert_nothing_recoverable(original, published)


def test_a_single_withheld_cell_with_a_published_total_is_not_derivable():
    original = table_of([[2, 40, 60]], column_totals=False, grand_total=False)
    published = apply_disclosure_control(original, POLICY)
    # 2 is withheld; 40 goes with it so that 100 - 60 tells only their sum.
    assert hidden(published) == {("r0", "c0"), ("r0", "c1")}
    assert published.row_totals["r0"] == Cell.count(102)
    assert_nothing_recoverable(original, published)


def test_a_one_dimensional_column_with_its_total():
    original = table_of([[3], [25], [40]], row_totals=False, grand_total=False)
    published = apply_disclosure_control(original, POLICY)
    assert hidden(published) == {("r0", "c0"), ("r1", "c0")}
    assert published.column_totals["c0"] == Cell.count(68)
    assert_nothing_recoverable(original, published)


def test_a_small_total_is_withheld_and_protected_too():
    original = table_of([[0, 3], [10, 20]])
    published = apply_disclosure_control(original, POLICY)
    assert published.row_totals["r0"].is_suppressed
    assert published.cell("r0", "c1").is_suppressed
    assert published.cell("r0", "c0") == Cell.count(0)
    assert_nothing_recoverable(original, published)


def test_two_dimensional_table_needs_a_complementary_rectangle():
    original = table_of([[2, 10, 12], [9, 15, 30], [20, 25, 40]])
    published = apply_disclosure_control(original, POLICY)
    assert ("r0", "c0") in hidden(published)
    assert len(hidden(published)) >= 4
    # Row 0 and column 0 each lose a second figure, and the pattern closes.
    assert sum(1 for address in hidden(published) if address[0] == "r0") >= 2
    assert sum(1 for address in hidden(published) if address[1] == "c0") >= 2
    assert_nothing_recoverable(original, published)


def test_two_withheld_ones_in_a_line_are_not_left_adding_up_to_two():
    # 1 + 1 = 2 with a published total would tell that both are 1.
    original = table_of([[1, 1, 50]], column_totals=False, grand_total=False)
    published = apply_disclosure_control(original, POLICY)
    assert ("r0", "c2") in hidden(published)
    assert_nothing_recoverable(original, published)


def test_withheld_figures_cannot_be_worked_out_across_several_lines():
    # A bridge between two otherwise protected blocks would be determined by summing equations.
    original = table_of(
        [
            [2, 3, 20, 20],
            [3, 2, 20, 20],
            [20, 20, 2, 3],
            [20, 20, 3, 2],
        ]
    )
    published = apply_disclosure_control(original, POLICY)
    assert_nothing_recoverable(original, published)


def test_zeros_can_be_withheld_by_policy():
    policy = DisclosurePolicy(threshold=5, suppress_zeros=True)
    original = table_of([[0, 12, 30]], column_totals=False, grand_total=False)
    published = apply_disclosure_control(original, policy)
    assert published.cell("r0", "c0").is_suppressed
    assert_nothing_recoverable(original, published, policy)
    assert apply_disclosure_control(original, POLICY).cell("r0", "c0") == Cell.count(0)


def test_unknown_stays_unknown_and_source_withheld_stays_withheld():
    original = table_of([["?", "s", 30, 40]], column_totals=False, grand_total=False)
    published = apply_disclosure_control(original, POLICY)
    assert published.cell("r0", "c0").is_unknown
    assert published.cell("r0", "c1").is_suppressed
    # The publisher's withheld figure is protected like any other.
    assert original.row_totals["r0"].is_suppressed


def test_published_total_with_a_publishers_withheld_cell():
    rows = [Header("mt", "Malta")]
    columns = [Header(key, key) for key in ("girls", "women", "boys", "men")]
    original = build_table(
        table_id="test",
        title="Test",
        period=PERIOD,
        rows=rows,
        columns=columns,
        values={
            ("mt", "girls"): Cell.suppressed(),
            ("mt", "women"): Cell.count(27),
            ("mt", "boys"): Cell.count(23),
            ("mt", "men"): Cell.count(35),
        },
        row_totals={"mt": Cell.count(86)},
        column_totals=False,
        grand_total=False,
        totals_additive=False,
    )
    published = apply_disclosure_control(original, POLICY)
    assert published.cell("mt", "girls").is_suppressed
    assert published.cell("mt", "boys").is_suppressed  # the next smallest
    assert published.cell("mt", "women") == Cell.count(27)
    assert published.row_totals["mt"] == Cell.count(86)


def test_a_line_of_unknowns_does_not_force_withholding_the_table():
    original = table_of([["?", "?"], [20, 30]], column_totals=False, grand_total=False)
    original = original.with_cells(
        original.cells,
        {"r0": Cell.suppressed(), "r1": Cell.count(50)},
        None,
        None,
        None,
    )
    published = apply_disclosure_control(original, POLICY)
    assert not published.disclosure.withheld_entirely
    assert published.row_totals["r1"] == Cell.count(50)


def test_medians_resting_on_few_persons_are_withheld_but_not_their_neighbours():
    rows = [Header("a", "A"), Header("b", "B")]
    columns = [Header("days", "Median days")]
    original = build_table(
        table_id="test",
        title="Test",
        period=PERIOD,
        rows=rows,
        columns=columns,
        values={
            ("a", "days"): Cell.figure(Decimal("12.5"), base=3),
            ("b", "days"): Cell.figure(Decimal("20"), base=40),
        },
        row_totals=False,
        column_totals=False,
        measure=Measure.MEDIAN_DAYS,
    )
    published = apply_disclosure_control(original, POLICY)
    assert published.cell("a", "days").is_suppressed
    assert published.cell("b", "days").value == Decimal("20")
    assert published.cell("b", "days").base is None  # the base is internal


def test_unavailable_tables_pass_through_with_nothing_in_them():
    from waypoint.reporting.tables import unavailable_table

    table = unavailable_table(table_id="x", title="X", period=PERIOD, awaiting="Later.")
    published = apply_disclosure_control(table, POLICY)
    assert published.cells == {}
    assert published.disclosure.suppressed == 0
    assert not published.source_available


# Property-based: random tables of small counts, the kind trafficking statistics are made of.
COUNTS = st.sampled_from([0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 12, 20, 45])


@st.composite
def random_tables(draw):
    m = draw(st.integers(1, 5))
    n = draw(st.integers(1, 5))
    grid = [[draw(COUNTS) for _ in range(n)] for _ in range(m)]
    if draw(st.booleans()):
        i, j = draw(st.integers(0, m - 1)), draw(st.integers(0, n - 1))
        grid[i][j] = "?"
    row_totals = draw(st.booleans()) or m == 1
    column_totals = draw(st.booleans()) or n == 1
    grand_total = row_totals and column_totals and draw(st.booleans())
    return table_of(
        grid, row_totals=row_totals, column_totals=column_totals, grand_total=grand_total
    )


POLICIES = st.builds(DisclosurePolicy, threshold=st.integers(2, 10), suppress_zeros=st.booleans())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(original=random_tables(), policy=POLICIES)
def test_no_withheld_figure_can_be_recomputed_from_what_is_published(original, policy):
    published = apply_disclosure_control(original, policy)
    assert greedy_recover(original, published) == {}
    assert linearly_determined(original, published) == set()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(original=random_tables())
def test_no_withheld_figure_is_pinned_by_integer_bounds(original):
    published = apply_disclosure_control(original, POLICY)
    completions = integer_completions(original, published, smallest=1, limit=60_000)
    if completions is not None:
        assert {address for address, values in completions.items() if len(values) < 2} == set()


@settings(max_examples=300, deadline=None)
@given(original=random_tables(), policy=POLICIES)
def test_suppression_never_reveals_more_than_before(original, policy):
    published = apply_disclosure_control(original, policy)
    before = entries(original)
    after = entries(published)
    for address, cell in before.items():
        out = after[address]
        # Sensitive counts and the publisher's withheld figures are withheld ...
        if cell.is_suppressed or (cell.is_value and policy.is_sensitive(cell.value)):
            assert out.is_suppressed, address
        # ... unknowns stay unknown, and a published figure is the true one, never altered.
        if cell.is_unknown:
            assert out.is_unknown, address
        if out.is_value:
            assert out == cell, address
    # Protecting again withholds nothing more and changes nothing.
    again = apply_disclosure_control(published, policy)
    assert entries(again) == after
    assert published.disclosure.suppressed == sum(
        1 for cell in after.values() if cell.is_suppressed
    )
