"""Memory stays flat as the file grows (generous bound; the benchmark measures the real figures)."""

from __future__ import annotations

import csv
import tracemalloc

import pytest

from waypoint.exchange import services
from waypoint.exchange.choices import JobStatus

pytestmark = pytest.mark.django_db


def write_rows(path, count):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "ext_SourceRecordId",
                "ext_CaseReference",
                "prs_FirstName",
                "prs_Gender",
                "prs_Citizenship",
                "vic_TypeOfExploitation",
                "cas_Status",
            ]
        )
        for index in range(count):
            writer.writerow(
                [
                    f"m-{index}",
                    f"c-{index // 2}",
                    "Name",
                    "Feminine",
                    "NG;NA",
                    "ForcedLabour;Servitude",
                    "Active",
                ]
            )


def peak_of_import(actor, path):
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        job = services.import_file(actor=actor, path=path, file_format="csv", is_dry_run=True)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert job.status == JobStatus.SUCCEEDED, job.report
    return peak


def test_peak_memory_does_not_grow_with_the_file(actor_a, tmp_path):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    write_rows(small, 600)
    write_rows(large, 6000)
    peak_of_import(actor_a, small)  # warm caches (translations, code lists) before measuring
    small_peak = peak_of_import(actor_a, small)
    large_peak = peak_of_import(actor_a, large)
    assert large_peak < 2.5 * small_peak, (small_peak, large_peak)
