"""The statistics benchmark runs end to end on a small synthetic register and every table equals
the DuckDB baseline's, figure by figure.

No time is asserted. The benchmark runs in the suite's database: SQLite on the SQLite run,
PostgreSQL on the PostgreSQL run.
"""

import datetime as dt

import pytest
from django.db import connection

from benchmarks import bench_statistics
from benchmarks.harness import Report, measure
from benchmarks.synthetic import generate


def test_synthetic_records_are_deterministic_and_exercise_the_counting_rules():
    first = generate(3000, organisations=[1, 2, 3], today=dt.date(2026, 6, 1), seed=7)
    second = generate(3000, organisations=[1, 2, 3], today=dt.date(2026, 6, 1), seed=7)
    assert first.tables == second.tables
    assert first.record_count == 3000
    persons = first.tables["persons"]
    links = first.tables["case_persons"]
    assert len(set(links["person_id"])) < 3000  # the same person record in several cases
    assert any(persons["same_individual_as_id"])  # another agency's record, linked
    assert "NA" in first.tables["citizenships"]["country"]  # Namibia, never "missing"
    assert any(year is not None for year in links["registration_year_from"])
    assert any(day is None for day in links["registered_on"])
    codes = first.tables["codes"]
    forms = [
        link
        for link, field in zip(codes["case_person_id"], codes["field"], strict=True)
        if field == "vic_TypeOfExploitation"
    ]
    assert len(forms) > len(set(forms))  # several forms for some records
    assert None in first.tables["events"]["case_person_id"]  # transit recorded for the case


def test_synthetic_criminal_cases_exercise_the_counting_rules():
    data = generate(6000, organisations=[1, 2, 3], today=dt.date(2026, 6, 1), seed=7)
    tables = data.tables
    assert len(tables["investigations"]["id"]) == 6000 // 20
    suspects = tables["suspects"]
    persons = dict(
        zip(tables["persons"]["id"], tables["persons"]["same_individual_as_id"], strict=True)
    )
    assert len(set(suspects["person_id"])) < len(suspects["id"])  # suspected again
    assert any(persons[person] for person in suspects["person_id"])  # linked as the same one
    formed = set(tables["investigation_forms"]["investigation_id"])
    assert set(tables["investigations"]["id"]) - formed  # investigations without a form
    forms = tables["investigation_forms"]["investigation_id"]
    assert len(forms) > len(formed)  # several forms on some investigations
    assert {True, False, None} <= set(suspects["is_public_official"])
    assert "" in {
        agency
        for agency, official in zip(
            suspects["official_agency_type"], suspects["is_public_official"], strict=True
        )
        if official
    }  # an official whose agency is not recorded
    verdicts = tables["verdicts"]
    assert {"convicted", "plea", "acquitted", "dismissed"} <= set(verdicts["outcome"])
    assert any(
        day is None and year is not None
        for day, year in zip(verdicts["decided_on"], verdicts["year"], strict=True)
    )  # dated only to a year
    sentences = tables["sentences"]
    assert any(sentences["appeal_id"])  # a sentence on appeal, not at first instance
    assert True in sentences["is_suspended"] and 0 in sentences["imprisonment_months"]
    assert "conviction_overturned" in tables["appeals"]["outcome"]
    assert "discontinued" in tables["prosecutions"]["status"]
    assert max(filter(None, tables["charges"]["charged_on"])) <= dt.date(2026, 6, 1)
    witnesses = tables["witnesses"]
    assert {True, False, None} <= set(witnesses["is_cooperating"])
    assert any(witnesses["ended_at"])  # a link since ended: not counted
    orders = tables["orders"]
    assert {"EUR", "USD"} <= set(orders["currency"])
    assert None in orders["beneficiary_id"]  # an order naming no victim
    assert tables["payments"]["id"]


def test_synthetic_support_exercises_the_counting_rules():
    tables = generate(6000, organisations=[1, 2, 3], today=dt.date(2026, 6, 1), seed=7).tables
    referrals = tables["service_referrals"]
    assert {"pending", "accepted", "declined", "completed"} <= set(referrals["status"])
    assert any(referrals["ended_at"]) and None in referrals["ended_at"]
    plans = tables["support_plans"]
    assert any(plans["actual_end_date"]) and None in plans["actual_end_date"]
    steps = tables["steps"]
    assert {"granted", "refused", "return"} <= set(steps["to_state"])
    assert set(tables["tracks"]["kind"]) == {
        "residence_permit",
        "work_permit",
        "freedom_of_movement",
    }
    assert {"recovery_period", "preliminary_decision", "formal_decision"} <= set(
        tables["timers"]["kind"]
    )
    assert {True, False} <= set(tables["timers"]["is_breached"])
    decisions = tables["nrm_decisions"]
    assert {"preliminary", "formal", "preliminary_reconsideration"} <= set(decisions["stage"])
    assert {True, False, None} <= set(decisions["is_within_target"])
    assert None in tables["nrm_referrals"]["referred_at"]  # no referral date: not in the medians


def test_measure_reports_the_median_of_repeated_runs():
    calls = []
    timing, result = measure(lambda: calls.append(1) or len(calls), repeat=3, warmup=1)
    assert len(timing.runs) == 3
    assert result == 4
    assert timing.best <= timing.median


def test_measure_runs_a_slow_function_once():
    calls = []
    timing, result = measure(lambda: calls.append(1) or len(calls), repeat=3, once_over=0.0)
    assert len(timing.runs) == 1
    assert result == 1
    assert calls == [1]


@pytest.mark.django_db
def test_statistics_benchmark_tables_agree_with_the_baseline():
    report = Report()
    bench_statistics.run(
        bench_statistics.Options(records=3000, repeat=1), report, log=lambda message: None
    )
    assert {comparison.subject for comparison in report.comparisons} >= {connection.vendor}
    cases = {comparison.case.split()[0] for comparison in report.comparisons}
    assert {table_id for table_id, _kind, _method in bench_statistics.CASES} <= cases
    assert any(c.case == bench_statistics.DASHBOARD_CASE for c in report.comparisons)
    assert all(comparison.agrees for comparison in report.comparisons), [
        (c.case, c.note) for c in report.comparisons if not c.agrees
    ]
    assert all(comparison.ratio > 0 for comparison in report.comparisons)
    notes = {comparison.case.split()[0]: comparison.note for comparison in report.comparisons}
    # Criminal cases, victims in proceedings and support were compared, not only empty tables.
    for table_id in (
        "eurostat-e5",
        "eurostat-e6",
        "tip-t1",
        "tip-t2",
        "tip-t7",
        "tip-t6",
        "eurostat-e8",
        "nrm-n1",
    ):
        assert not notes[table_id].startswith("0 figures"), notes[table_id]
    assert {"generate records", f"load {connection.vendor}", "write parquet"} <= set(report.setup)
