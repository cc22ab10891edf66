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


def test_measure_reports_the_median_of_repeated_runs():
    calls = []
    timing, result = measure(lambda: calls.append(1) or len(calls), repeat=3, warmup=1)
    assert len(timing.runs) == 3
    assert result == 4
    assert timing.best <= timing.median


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
    assert {"generate records", f"load {connection.vendor}", "write parquet"} <= set(report.setup)
