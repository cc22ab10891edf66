"""Published reference statistics: imported from the real files, checked against the files read
directly with the csv module (every cell as text, so "NA" stays Namibia)."""

import csv
import re
from collections import defaultdict

import pytest

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.common.errors import ActionDenied, ValidationFailed
from waypoint.reporting import registry
from waypoint.reporting.disclosure import DisclosurePolicy, apply_disclosure_control
from waypoint.reporting.models import FigureStatus, PublishedFigure, ReferenceDataset
from waypoint.reporting.reference_files import GLOTIP_HEADER
from waypoint.reporting.tables import Cell
from waypoint.reporting.tests.checkers import greedy_recover, linearly_determined
from waypoint.reporting.tests.conftest import load, write_csv

ANALYST = Actor(user=None, organisation=None, roles=frozenset({Role.ANALYST}))


def internal(table_id, period):
    spec = registry.get(table_id)
    return registry.compute(spec, actor=ANALYST, period=registry.resolve_period(spec, period))


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))  # every value is text; nothing is read as missing


def count(text):
    return int(text.replace(",", ""))


@pytest.mark.django_db
def test_uk_nrm_referrals_match_the_published_file(uk_nrm_file):
    dataset = load(uk_nrm_file)
    rows = read_rows(uk_nrm_file)
    assert dataset.figure_count == len(rows) == 885
    expected = defaultdict(int)
    published_totals = {}
    for row in rows:
        key = (f"{row['Year']}-{row['Quarter']}", row["Age at exploitation"])
        if row["Location of exploitation"] == "Total":
            published_totals[key] = count(row["NRM referrals"])
        else:
            expected[key] += count(row["NRM referrals"])
    # The file's own Total rows agree with its detail, which is why they are never added again.
    assert published_totals == dict(expected)

    table = internal("uk-nrm-referrals", "2009..2023")
    assert [row.key for row in table.rows][:2] == ["2009-Q2", "2009-Q3"]  # the series starts Q2
    assert len(table.rows) == 59
    for (quarter, age), value in expected.items():
        assert table.cell(quarter, age) == Cell.count(value), (quarter, age)
    for column in table.columns:
        assert table.column_totals[column.key] == Cell.count(
            sum(value for (_q, age), value in expected.items() if age == column.key)
        )
    assert table.grand_total == Cell.count(sum(expected.values()))

    # The same table as published: the UK's small counts are withheld, the rest is exact, and
    # nothing withheld can be worked out from the totals.
    published = apply_disclosure_control(table, DisclosurePolicy())
    small = [key for key, value in expected.items() if 0 < value < 5]
    assert small, "the series holds small counts"
    for (quarter, age), value in expected.items():
        cell = published.cell(quarter, age)
        if (quarter, age) in small:
            assert cell.is_suppressed
        elif cell.is_value:
            assert cell.value == value
    assert greedy_recover(table, published) == {}
    assert linearly_determined(table, published) == set()


def glotip_expected(rows):
    """Figures per key with the importer's rules: '<5' withheld; repeated keys with different
    figures unknown; regional aggregates (no country name) left out of country tables."""
    figures = {}
    conflicts = set()
    for row in rows:
        key = tuple(row[name] for name in GLOTIP_HEADER if name not in ("txtVALUE", "Source"))
        if key in figures and figures[key] != row["txtVALUE"]:
            conflicts.add(key)
        figures.setdefault(key, row["txtVALUE"])
    return figures, conflicts


@pytest.mark.django_db
def test_glotip_import_and_tables_match_the_file(glotip_file):
    """One import of the 46,556-row file, then every check against the file read directly."""
    dataset = load(glotip_file)
    rows = read_rows(glotip_file)
    figures, conflicts = glotip_expected(rows)
    check_import(dataset, rows, figures, conflicts)
    for year in ("2018", "2020"):
        check_victims_table(figures, conflicts, year)
    check_flows_table(figures, conflicts, "2019")


def check_import(dataset, rows, figures, conflicts):
    assert len(rows) == 46556
    assert dataset.figure_count == len(figures) == PublishedFigure.objects.count()
    assert dataset.conflict_count == len(conflicts)
    withheld = sum(1 for key, text in figures.items() if text == "<5" and key not in conflicts)
    assert dataset.suppressed_count == withheld
    assert PublishedFigure.objects.filter(status=FigureStatus.SUPPRESSED, value=None).count() == (
        withheld
    )
    assert not PublishedFigure.objects.filter(status=FigureStatus.SUPPRESSED, value__isnull=False)
    assert (dataset.first_year, dataset.last_year) == (2003, 2021)
    # Namibia is Namibia.
    assert PublishedFigure.objects.filter(area="NAM", area_name="Namibia").exists()


def check_victims_table(figures, conflicts, year):
    groups = {
        ("Female", "0 to 17 years"): "girls",
        ("Female", "18 years or over"): "women",
        ("Male", "0 to 17 years"): "boys",
        ("Male", "18 years or over"): "men",
        ("Total", "Total"): "total",
    }
    expected = {}
    for key, text in figures.items():
        (
            iso,
            country,
            _region,
            _subregion,
            indicator,
            dimension,
            category,
            sex,
            age,
            row_year,
            _unit,
        ) = key
        if (indicator, dimension, category, row_year) != (
            "Detected trafficking victims",
            "Total",
            "Total",
            year,
        ):
            continue
        if not country or (sex, age) not in groups:
            continue
        if key in conflicts:
            cell = Cell.unknown()
        elif text == "<5":
            cell = Cell.suppressed()
        else:
            cell = Cell.count(count(text))
        expected[(iso or f"name:{country}", groups[(sex, age)])] = cell

    table = internal("unodc-glotip-victims", year)
    assert {row.key for row in table.rows} == {row for row, _column in expected}
    for (row, column), cell in expected.items():
        got = table.row_totals[row] if column == "total" else table.cell(row, column)
        assert got == cell, (row, column)
    for row in table.rows:
        for column in table.columns:
            if (row.key, column.key) not in expected:
                assert table.cell(row.key, column.key).is_unknown  # not published, never 0
    known_women = sum(
        cell.value
        for (row, column), cell in expected.items()
        if column == "women" and cell.is_value
    )
    assert known_women == sum(table.cell(row.key, "women").value or 0 for row in table.rows)

    published = apply_disclosure_control(table, DisclosurePolicy())
    assert not published.disclosure.withheld_entirely
    for (row, column), cell in expected.items():
        got = published.row_totals[row] if column == "total" else published.cell(row, column)
        if cell.is_suppressed:
            assert got.is_suppressed
        if got.is_value:
            assert got == cell
            assert not 0 < got.value < 5


def check_flows_table(figures, conflicts, year):
    expected = {}
    for key, text in figures.items():
        iso, country, _r, _s, indicator, dimension, category, sex, age, row_year, _unit = key
        if (indicator, dimension, sex, age, row_year) != (
            "Detected trafficking victims",
            "by citizenship",
            "Total",
            "Total",
            year,
        ):
            continue
        if not country or category in ("Total", "TOTAL"):
            continue
        cell = (
            Cell.unknown()
            if key in conflicts
            else Cell.suppressed()
            if text == "<5"
            else Cell.count(count(text))
        )
        expected[f"{iso or 'name:' + country}|{category}"] = cell
    table = internal("unodc-glotip-flows", year)
    assert {row.key: table.cell(row.key, "victims") for row in table.rows} == expected
    nationals = [row for row in table.rows if row.key.endswith("|Nationals")]
    assert nationals
    assert all(row.parts[0] == row.parts[2] for row in nationals)


@pytest.mark.django_db
def test_small_file_statuses_namibia_and_regional_aggregates(small_glotip):
    table = internal("unodc-glotip-victims", "2022")
    assert [row.label for row in table.rows] == ["Italy", "Malta", "Namibia"]
    assert [row.key for row in table.rows] == ["ITA", "MLT", "NA"]
    assert table.cell("MLT", "girls").is_suppressed
    assert table.cell("MLT", "boys") == Cell.count(0)
    assert table.cell("NA", "girls").is_unknown
    assert table.row_totals["ITA"] == Cell.count(1282)
    flows = internal("unodc-glotip-flows", "2022")
    labels = [row.label for row in flows.rows]
    assert labels[:2] == ["Italy → Italy", "Nigeria → Italy"]
    assert "NA → Italy" in labels  # a citizenship written "NA" is kept, not dropped as missing


@pytest.mark.django_db
def test_importing_again_replaces_the_source(small_glotip_file):
    first = load(small_glotip_file)
    second = load(small_glotip_file)
    assert not ReferenceDataset.objects.filter(pk=first.pk).exists()
    assert PublishedFigure.objects.count() == second.figure_count
    assert AuditEvent.objects.filter(action="statistics.reference_import").count() == 2
    event = AuditEvent.objects.filter(action="statistics.reference_import").last()
    assert event.details["figures"] == second.figure_count
    assert event.details["suppressed"] == 2


@pytest.mark.django_db
def test_only_people_who_run_the_installation_import(small_glotip_file):
    with pytest.raises(ActionDenied):
        load_as(ANALYST, small_glotip_file)
    assert not ReferenceDataset.objects.exists()
    assert not PublishedFigure.objects.exists()
    assert not AuditEvent.objects.filter(action="statistics.reference_import").exists()


def load_as(actor, path):
    from waypoint.reporting.services import reference_statistics_import

    return reference_statistics_import(actor=actor, path=path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "rows", "message"),
    [
        (("a", "b"), [("1", "2")], "does not recognise"),
        (
            ("Year", "Quarter", "Age at exploitation", "Location of exploitation", "NRM referrals"),
            [
                ("2023", "Q5", "Adult", "UK", "3"),
                ("20x3", "Q1", "Adult", "UK", "3"),
                ("2023", "Q1", "Adult", "UK", "three"),
            ],
            "3 line",
        ),
        (GLOTIP_HEADER, [], "holds no figures"),
    ],
)
def test_files_that_cannot_be_imported_say_why(tmp_path, header, rows, message):
    path = write_csv(tmp_path / "bad.csv", header, rows)
    with pytest.raises(ValidationFailed, match=message) as error:
        load(path)
    assert "file" in error.value.fields
    if rows and len(rows) == 3:
        assert [re.match(r"line (\d+)", text)[1] for text in error.value.fields["file"]] == [
            "2",
            "3",
            "4",
        ]
    assert not ReferenceDataset.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Iso3_code,Country\nCIV,Côte d'Ivoire\n".encode("latin-1"))
    with pytest.raises(ValidationFailed, match="UTF-8"):
        load(path)


@pytest.mark.django_db
def test_forcing_the_wrong_source_is_refused(small_glotip_file):
    with pytest.raises(ValidationFailed, match="looks like"):
        load(small_glotip_file, source="uk_nrm_referrals")
