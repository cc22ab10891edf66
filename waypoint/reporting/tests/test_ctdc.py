"""The national tables over the real CTDC global dataset (14 April 2020 release, column subset):
de-identified victim records loaded into the models (the years 2004, 2016 and 2017: 23,130 of its
48,773 records, the largest year among them), compared with counts taken straight from the file
with the csv module.

Reading the file: ``NA`` is Namibia; ``0``, ``-99`` and blanks are unknown; a flag is ``1.0``
(yes), ``0.0`` (no) or blank (not recorded). Each record is one person (CTDC links none), and
its registration year is a band of one year (CTDC gives years, not dates).
"""

import csv
import datetime as dt
from collections import Counter

import pytest
from django.db import connection

from waypoint.access.roles import Role
from waypoint.cases.models import Case, CasePerson, CasePersonCode
from waypoint.people.models import Person, PersonCitizenship
from waypoint.reporting import registry, selectors
from waypoint.reporting.periods import parse_period
from waypoint.reporting.tests.checkers import greedy_recover, linearly_determined
from waypoint.testing.factories import actor_for, member
from waypoint.testing.shared_data import shared_data_dir

CTDC_FILE = shared_data_dir() / "ctdc" / "global_dataset_14apr2020_subset_dados_app.csv"
UNKNOWN = {"", "0", "-99", "-99.0"}
GENDERS = {"Female": "Feminine", "Male": "Masculine"}
SEXES = {"Female": "female", "Male": "male"}
CHILD = {"0--8", "9--17"}
BATCH = 2000


@pytest.fixture
def ctdc_rows():
    assert CTDC_FILE.exists(), (
        f"the public test data is missing: {CTDC_FILE} (set WAYPOINT_SHARED_DATA)"
    )
    with CTDC_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(rows, organisation):
    """A small bulk loader: one de-identified person, case and victim record per row."""
    persons = Person.objects.bulk_create(
        [
            Person(
                owner_organisation=organisation,
                is_deidentified=True,
                gender=GENDERS.get(row["gender"], ""),
                age_band=row["ageBroad"].replace("--", "-")
                if row["ageBroad"] not in UNKNOWN
                else "",
            )
            for row in rows
        ],
        batch_size=BATCH,
    )
    found = Case.objects.bulk_create(
        [
            Case(
                reference=f"CTDC-{index:06d}",
                owner_organisation=organisation,
                opened_on=dt.date(int(row["yearOfRegistration"]), 1, 1),
                is_deidentified=True,
            )
            for index, row in enumerate(rows)
        ],
        batch_size=BATCH,
    )
    links = CasePerson.objects.bulk_create(
        [
            CasePerson(
                case=case,
                person=person,
                role="victim",
                registered_on=None,
                registration_year_from=int(row["yearOfRegistration"]),
                registration_year_to=int(row["yearOfRegistration"]),
                country_of_exploitation=(
                    row["CountryOfExploitation"]
                    if row["CountryOfExploitation"] not in UNKNOWN
                    else ""
                ),
                source_organisation=organisation,
                source_record_id=f"ctdc-{index}",
            )
            for index, (row, case, person) in enumerate(zip(rows, found, persons, strict=True))
        ],
        batch_size=BATCH,
    )
    PersonCitizenship.objects.bulk_create(
        [
            PersonCitizenship(person=person, country=row["citizenship"])
            for row, person in zip(rows, persons, strict=True)
            if row["citizenship"] not in UNKNOWN
        ],
        batch_size=BATCH,
    )
    CasePersonCode.objects.bulk_create(
        [
            CasePersonCode(case_person=link, field="vic_TypeOfExploitation", code=code)
            for row, link in zip(rows, links, strict=True)
            for flag, code in (
                ("isForcedLabour", "ForcedLabour"),
                ("isSexualExploit", "SexualExploitation"),
            )
            if row[flag] == "1.0"
        ],
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        # Planner statistics for the rows just loaded (autovacuum would, in production).
        cursor.execute("ANALYZE")


def sex(row):
    return SEXES.get(row["gender"], "unknown")


def age(row):
    if row["ageBroad"] in UNKNOWN:
        return "unknown"
    return "child" if row["ageBroad"] in CHILD else "adult"


def sex_age(row):
    s, a = sex(row), age(row)
    if s == "unknown":
        return "sex_unknown"
    if a == "unknown":
        return "age_unknown"
    return {
        "female": {"adult": "women", "child": "girls"},
        "male": {"adult": "men", "child": "boys"},
    }[s][a]


def country(value):
    return "" if value in UNKNOWN else value


@pytest.mark.django_db
def test_ctdc_tables_match_counts_taken_from_the_file(ctdc_rows, org_a, settings):
    settings.WAYPOINT_COUNTRY = "MT"
    assert len(ctdc_rows) == 48773
    chosen = [row for row in ctdc_rows if row["yearOfRegistration"] in ("2004", "2016", "2017")]
    load(chosen, org_a)
    coordinator = actor_for(member(org_a, Role.COORDINATOR), org_a)
    assert CasePerson.objects.count() == len(chosen) == 23130

    for year in (2016, 2004):
        rows = [row for row in ctdc_rows if row["yearOfRegistration"] == str(year)]
        period = parse_period(str(year))

        def compute(table_id, period=period):
            return registry.compute(registry.get(table_id), actor=coordinator, period=period)

        e2 = compute("eurostat-e2")
        expected = Counter((sex(row), age(row)) for row in rows)
        assert {key: cell.value for key, cell in e2.cells.items() if cell.value} == dict(expected)
        assert e2.grand_total.value == len(rows)

        e1 = compute("eurostat-e1")
        assert e1.cell("NGO", "unknown").value == len(rows)  # CTDC carries no status
        assert e1.column_totals["identified"].value == 0

        e3 = compute("eurostat-e3")
        citizenship = Counter(country(row["citizenship"]) for row in rows)
        named = [row.key for row in e3.rows][1:-3]
        top = sorted(
            (code for code, n in citizenship.items() if code and code != "MT" and n >= 5),
            key=lambda code: (-citizenship[code], code),
        )[:10]
        assert sorted(named) == sorted(top)
        for code in named:
            assert e3.row_totals[code].value == citizenship[code]
        assert e3.row_totals["unknown"].value == citizenship[""]
        assert e3.grand_total.value == len(rows)

        e4 = compute("eurostat-e4")
        for code, flag in (
            ("ForcedLabour", "isForcedLabour"),
            ("SexualExploitation", "isSexualExploit"),
        ):
            expected = Counter(sex_age(row) for row in rows if row[flag] == "1.0")
            assert {c: e4.cell(code, c).value for c in expected} == dict(expected)
            assert e4.row_totals[code].value == sum(expected.values())
        neither = [
            row
            for row in rows
            if row["isForcedLabour"] != "1.0" and row["isSexualExploit"] != "1.0"
        ]
        assert e4.row_totals["unknown"].value == len(neither)
        assert e4.grand_total.value == len(rows)

        flows = compute("flows")
        routes = Counter(
            (country(row["citizenship"]), country(row["CountryOfExploitation"])) for row in rows
        )
        listed = {
            tuple(row.key.split("-")[::2]): flows.cell(row.key, "persons").value
            for row in flows.rows
            if row.key != "other"
        }
        expected_listed = sorted(
            ((route, n) for route, n in routes.items() if n >= 5),
            key=lambda item: (-item[1], item[0]),
        )[:25]
        assert listed == {tuple(part or "_" for part in route): n for route, n in expected_listed}
        assert flows.column_totals["persons"].value == len(rows)

    # A TIP period (1 April - 31 March) cannot hold a year: the records are listed, not dropped.
    t5 = registry.compute(registry.get("flows"), actor=coordinator, period=parse_period("tip-2017"))
    spanning = sum(1 for row in ctdc_rows if row["yearOfRegistration"] in ("2016", "2017"))
    assert (
        f"{spanning:,} records with a registration year band spanning the period were not placed"
        in " ".join(t5.all_notes)
    )
    assert t5.column_totals["persons"].value == 0


@pytest.mark.django_db
def test_ctdc_tables_published_to_an_analyst_hide_every_small_count(ctdc_rows, org_a):
    load([row for row in ctdc_rows if row["yearOfRegistration"] in ("2004", "2009")], org_a)
    analyst = actor_for(member(org_a, Role.ANALYST), org_a)
    for table_id in ("eurostat-e2", "eurostat-e3", "eurostat-e4", "flows"):
        for year in ("2004", "2009"):
            internal = registry.compute(
                registry.get(table_id), actor=analyst, period=parse_period(year)
            )
            published = selectors.statistics_table(
                actor=analyst, table_id=table_id, period=year
            ).table
            assert published.disclosure is not None
            for cell in published.all_cells():
                if cell.is_value:
                    assert cell.value == 0 or cell.value >= 5
            assert greedy_recover(internal, published) == {}
            assert linearly_determined(internal, published) == set()
