"""Reference statistics for the tests: the real published files, and small files made here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from waypoint.access.actor import Actor
from waypoint.reporting.reference_files import GLOTIP_HEADER, UK_NRM_HEADER
from waypoint.reporting.services import reference_statistics_import
from waypoint.testing.shared_data import shared_data_dir

SHARED_DATA = shared_data_dir()
UK_NRM_FILE = SHARED_DATA / "uk_nrm" / "nrm_referrals_longitudinal.csv"
GLOTIP_FILE = SHARED_DATA / "unodc" / "data_glotip.csv"


def load(path: Path, source: str = ""):
    return reference_statistics_import(actor=Actor.console("tests"), path=path, source=source)


@pytest.fixture
def uk_nrm_file():
    assert UK_NRM_FILE.exists(), (
        f"the public test data is missing: {UK_NRM_FILE} (set WAYPOINT_SHARED_DATA)"
    )
    return UK_NRM_FILE


@pytest.fixture
def glotip_file():
    assert GLOTIP_FILE.exists(), (
        f"the public test data is missing: {GLOTIP_FILE} (set WAYPOINT_SHARED_DATA)"
    )
    return GLOTIP_FILE


def write_csv(path: Path, header, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# A small UK NRM series in the published layout: 2023, with small counts the UK publishes as is.
SMALL_UK_ROWS = [
    # year, quarter, age, location, referrals
    *[
        (2023, quarter, age, location, count)
        for quarter, counts in (
            ("Q1", {"Adult (18 or over)": (60, 10, 2, 8), "Child (17 or under)": (30, 5, 0, 3)}),
            ("Q2", {"Adult (18 or over)": (70, 12, 1, 9), "Child (17 or under)": (2, 0, 0, 1)}),
            ("Q3", {"Adult (18 or over)": (80, 9, 3, 7), "Child (17 or under)": (41, 6, 1, 2)}),
            ("Q4", {"Adult (18 or over)": (90, 11, 2, 6), "Child (17 or under)": (44, 7, 0, 3)}),
        )
        for age, values in counts.items()
        for location, count in zip(
            ("UK", "Overseas", "UK and Overseas", "Not specified or unknown"), values, strict=True
        )
    ],
    (2023, "Q1", "Age not specified or unknown", "UK", 0),
    (2023, "Q2", "Age not specified or unknown", "UK", 1),
    (2023, "Q3", "Age not specified or unknown", "UK", 0),
    (2023, "Q4", "Age not specified or unknown", "UK", 0),
    # A published 'Total' row: never added again.
    (2023, "Q1", "Adult (18 or over)", "Total", 80),
]


@pytest.fixture
def small_uk_file(tmp_path):
    return write_csv(tmp_path / "uk_nrm_small.csv", UK_NRM_HEADER, SMALL_UK_ROWS)


def glotip_row(iso, country, sex, age, year, value, *, dimension="Total", category="Total"):
    return (
        iso,
        country,
        "Europe",
        "Southern Europe",
        "Detected trafficking victims",
        dimension,
        category,
        sex,
        age,
        year,
        "Counts",
        value,
        "GLOTIP",
    )


SMALL_GLOTIP_ROWS = [
    glotip_row("MLT", "Malta", "Total", "Total", 2022, "14"),
    glotip_row("MLT", "Malta", "Female", "0 to 17 years", 2022, "<5"),
    glotip_row("MLT", "Malta", "Female", "18 years or over", 2022, "6"),
    glotip_row("MLT", "Malta", "Male", "0 to 17 years", 2022, "0"),
    glotip_row("MLT", "Malta", "Male", "18 years or over", 2022, "7"),
    glotip_row("ITA", "Italy", "Total", "Total", 2022, "1,282"),
    glotip_row("ITA", "Italy", "Female", "0 to 17 years", 2022, "60"),
    glotip_row("ITA", "Italy", "Female", "18 years or over", 2022, "700"),
    glotip_row("ITA", "Italy", "Male", "0 to 17 years", 2022, "22"),
    glotip_row("ITA", "Italy", "Male", "18 years or over", 2022, "500"),
    # "NA" is Namibia's two-letter code, never "missing".
    glotip_row("NA", "Namibia", "Total", "Total", 2022, "9"),
    glotip_row("NA", "Namibia", "Female", "18 years or over", 2022, "9"),
    # A regional aggregate (code, no country name) is not a country.
    glotip_row("SAM", "", "Total", "Total", 2022, "500"),
    # Routes: citizenship → detecting country.
    glotip_row(
        "ITA",
        "Italy",
        "Total",
        "Total",
        2022,
        "300",
        dimension="by citizenship",
        category="Nigeria",
    ),
    glotip_row(
        "ITA", "Italy", "Total", "Total", 2022, "<5", dimension="by citizenship", category="NA"
    ),
    glotip_row(
        "ITA",
        "Italy",
        "Total",
        "Total",
        2022,
        "400",
        dimension="by citizenship",
        category="Nationals",
    ),
    glotip_row(
        "MLT", "Malta", "Total", "Total", 2022, "8", dimension="by citizenship", category="Eritrea"
    ),
]


@pytest.fixture
def small_glotip_file(tmp_path):
    return write_csv(tmp_path / "glotip_small.csv", GLOTIP_HEADER, SMALL_GLOTIP_ROWS)


@pytest.fixture
def small_uk(db, small_uk_file):
    return load(small_uk_file)


@pytest.fixture
def small_glotip(db, small_glotip_file):
    return load(small_glotip_file)


AWAITING = "No data source yet: test records (issue #99)."


@pytest.fixture
def awaiting_table():
    """A table registered without a function, as a table awaiting its data is."""
    from waypoint.reporting import registry
    from waypoint.reporting.periods import PeriodKind
    from waypoint.reporting.registry import TableKind

    spec = registry.register(
        "test-awaiting",
        "Test records",
        TableKind.TIP,
        period_kinds={PeriodKind.TIP, PeriodKind.YEAR},
        definitions=("Test records.",),
        awaiting=AWAITING,
    )
    yield spec
    registry.unregister("test-awaiting")
