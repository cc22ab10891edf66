"""The gap rules of the TIP workspace and the TIP reporting period, as pure functions."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypoint.action_plans.choices import Tier
from waypoint.action_plans.evidence import CriterionEvidence, Figure
from waypoint.action_plans.gaps import (
    TierYear,
    all_figures,
    missing_law_enforcement_data,
    no_increase,
    watch_list,
)
from waypoint.action_plans.periods import TipPeriod, parse_period

PERIOD = TipPeriod.starting_in(2025)  # 1 April 2025 – 31 March 2026, assessed in the 2026 report
WL, T2, T3 = Tier.TIER_2_WATCH_LIST, Tier.TIER_2, Tier.TIER_3


def law_enforcement(**values):
    figures = {
        code: Figure(code, code, current, previous) for code, (current, previous) in values.items()
    }
    return {
        "SSE1": CriterionEvidence(
            "SSE1", provider_count=1, has_external_source=True, figures=figures
        )
    }


def test_period_runs_from_april_to_march():
    assert PERIOD.end == dt.date(2026, 3, 31)
    assert PERIOD.previous.start == dt.date(2024, 4, 1)
    assert PERIOD.report_year == 2026
    assert TipPeriod.containing(dt.date(2026, 3, 31)) == PERIOD
    assert TipPeriod.containing(dt.date(2026, 4, 1)) == PERIOD.next
    assert parse_period("2025-2026", default=dt.date(2020, 1, 1)) == PERIOD
    with pytest.raises(ValueError):
        TipPeriod(dt.date(2025, 1, 1))
    with pytest.raises(ValueError):
        parse_period("next year", default=dt.date(2020, 1, 1))


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_day_falls_in_exactly_one_period(day):
    period = TipPeriod.containing(day)
    assert period.contains(day)
    assert not period.previous.contains(day)
    assert not period.next.contains(day)


def test_no_data_source_at_all_is_a_critical_gap_naming_every_figure():
    gaps = missing_law_enforcement_data({})
    assert {gap.criteria for gap in gaps} == {("SSE1",), ("SSE7",)}
    first = next(gap for gap in gaps if gap.criteria == ("SSE1",))
    assert first.severity == "critical"
    assert "No data source is connected yet" in first.message
    assert first.figure == "investigations,prosecutions,convictions,sentences"


def test_missing_convictions_are_named():
    evidence = law_enforcement(
        investigations=(12, 10), prosecutions=(6, 5), convictions=(None, 2), sentences=(3, 2)
    )
    gaps = [gap for gap in missing_law_enforcement_data(evidence) if gap.criteria == ("SSE1",)]
    assert len(gaps) == 1
    assert gaps[0].figure == "convictions"
    assert "Not available for this period: convictions" in gaps[0].message
    assert "presumes" in gaps[0].message


def test_complete_law_enforcement_data_raise_no_missing_gap_for_them():
    evidence = law_enforcement(
        investigations=(12, 10),
        prosecutions=(6, 5),
        convictions=(3, 2),
        sentences=(3, 2),
        complicity_cases=(1, 0),
    )
    assert missing_law_enforcement_data(evidence) == []


def test_no_increase_is_flagged_per_figure_and_increase_is_not():
    evidence = law_enforcement(
        investigations=(12, 12),
        prosecutions=(4, 6),
        convictions=(3, 2),
        victims_assisted=(20, 15),
        complicity_cases=(1, 0),
    )
    gaps = no_increase(all_figures(evidence))
    flagged = {gap.figure for gap in gaps if gap.code == "no_increase"}
    assert flagged == {"investigations", "prosecutions"}
    message = next(gap.message for gap in gaps if gap.figure == "prosecutions")
    assert "4 this period against 6" in message


def test_increase_cannot_be_tested_without_the_previous_period():
    evidence = law_enforcement(victims_assisted=(20, None), investigations=(5, None))
    gaps = no_increase(all_figures(evidence))
    assert {gap.figure for gap in gaps if gap.code == "increase_unknown"} == {
        "victims_assisted",
        "investigations",
    }
    # Missing current law-enforcement figures are the missing-data gap's job, not repeated here.
    assert "convictions" not in {gap.figure for gap in gaps}


def test_zero_against_zero_is_no_increase_and_none_is_never_zero():
    gaps = no_increase(all_figures(law_enforcement(convictions=(0, 0))))
    assert [gap.figure for gap in gaps if gap.code == "no_increase"] == ["convictions"]


def test_two_consecutive_watch_list_years_mean_automatic_downgrade():
    gaps = watch_list([TierYear(2024, WL), TierYear(2025, WL)], PERIOD)
    assert [gap.code for gap in gaps] == ["watch_list_downgrade"]
    assert "2024, 2025" in gaps[0].message
    assert "2026 report places it on Tier 3" in gaps[0].message


def test_one_watch_list_year_is_a_warning():
    gaps = watch_list([TierYear(2024, T2), TierYear(2025, WL)], PERIOD)
    assert [(gap.code, gap.severity) for gap in gaps] == [("watch_list_warning", "warning")]
    assert "automatic Tier 3 in 2027" in gaps[0].message


def test_a_used_waiver_is_mentioned():
    history = [TierYear(2023, WL), TierYear(2024, WL), TierYear(2025, WL, is_waiver=True)]
    message = watch_list(history, PERIOD)[0].message
    assert "waiver was already used for 2025" in message


def test_after_an_automatic_downgrade_one_watch_list_year_is_the_limit():
    history = [TierYear(2021, WL), TierYear(2022, WL), TierYear(2023, T3), TierYear(2024, WL)]
    gaps = watch_list(history, TipPeriod.starting_in(2024))
    assert [gap.code for gap in gaps] == ["watch_list_downgrade"]
    assert "one Watch List year is the limit" in gaps[0].message


def test_no_watch_list_no_gap_and_missing_year_is_said():
    assert watch_list([TierYear(2024, T2), TierYear(2025, T2)], PERIOD) == []
    gaps = watch_list([TierYear(2023, WL)], PERIOD)
    assert [gap.code for gap in gaps] == ["tier_history_incomplete"]
