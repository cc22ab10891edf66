"""The benchmark harness runs end to end on a small synthetic set and its engines agree.

No time is asserted: only that every engine computes the same figures as the DuckDB baseline.
On the PostgreSQL run of the suite (DATABASE_URL is set), PostgreSQL is compared too.
"""

from benchmarks import bench_statistics
from benchmarks.harness import Report, measure
from benchmarks.synthetic import generate


def test_synthetic_records_are_deterministic_and_shaped_like_the_counting_rules():
    first, second = generate(3000, seed=7), generate(3000, seed=7)
    assert first.records == second.records
    assert first.record_count == 3000
    persons = set(first.records["person_key"])
    assert len(persons) < 3000  # some persons are recorded by two organisations
    assert "NA" in first.records["citizenship"]  # Namibia, never "missing"
    keys = first.forms["person_key"]
    assert len(keys) > len(set(keys))  # some persons have several forms


def test_measure_reports_the_median_of_repeated_runs():
    calls = []
    timing, result = measure(lambda: calls.append(1) or len(calls), repeat=3, warmup=1)
    assert len(timing.runs) == 3
    assert result == 4
    assert timing.best <= timing.median


def test_statistics_benchmark_engines_agree_with_the_baseline():
    report = Report()
    options = bench_statistics.Options(
        records=4000, repeat=1, postgres_url=bench_statistics.postgres_url_from_environment()
    )
    bench_statistics.run(options, report, log=lambda message: None)
    engines = {comparison.subject for comparison in report.comparisons}
    assert "sqlite" in engines
    if options.postgres_url:
        assert "postgresql" in engines
    cases = {comparison.case for comparison in report.comparisons}
    assert set(bench_statistics.CASES) < cases
    assert all(comparison.agrees for comparison in report.comparisons), [
        c.case for c in report.comparisons if not c.agrees
    ]
    assert all(comparison.ratio > 0 for comparison in report.comparisons)
    assert {"generate records", "load sqlite", "load duckdb-parquet"} <= set(report.setup)
