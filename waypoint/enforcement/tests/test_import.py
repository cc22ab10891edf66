"""Importing the US defendant data: the real file's counts, refused files, dry runs, idempotence,
and the command. Counts are recomputed here straight from the file with the csv module."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from waypoint.access.roles import Role
from waypoint.access.scopes.enforcement import visible_investigations
from waypoint.audit.models import AuditEvent
from waypoint.common.errors import ActionDenied
from waypoint.enforcement.importing import parse_list
from waypoint.enforcement.models import (
    Charge,
    CompensationOrder,
    Defendant,
    Investigation,
    Prosecution,
    Sentence,
    Suspect,
    Verdict,
)
from waypoint.enforcement.selectors import counts
from waypoint.enforcement.services.imports import import_actor, prosecutions_import
from waypoint.people.models import Person
from waypoint.testing.factories import actor_for, member
from waypoint.testing.shared_data import shared_data_dir

DATA = shared_data_dir() / "us_prosecutions" / "htd_defendant_data.csv"
TABLES = (
    Investigation,
    Prosecution,
    Person,
    Suspect,
    Defendant,
    Charge,
    Verdict,
    Sentence,
    CompensationOrder,
)


def _numbers(value: str) -> list[int]:
    """The numbers in a statute cell, None as 0 (independent of the importer's parser)."""
    return [int(token) if token != "None" else 0 for token in re.findall(r"\d+|None", value)]


def expected_from_file() -> dict:
    """Outcomes and sentence bands computed straight from the CSV."""
    outcomes: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    orders = 0
    restitution = Decimal("0")
    with DATA.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        statutes = (
            re.findall(r"[0-9A-Za-z_]+", row["statute_sentence"]) if row["statute_sentence"] else []
        )
        columns = {
            name: _numbers(row[name]) or [0] * len(statutes)
            for name in (
                "statute_trial_guilty",
                "statute_plea_guilty",
                "statute_trial_ng",
                "statute_plea_dismissed",
                "statute_counts_np",
            )
        }
        per_statute = []
        for index in range(len(statutes)):
            value = {name: columns[name][index] for name in columns}
            if value["statute_trial_guilty"] > 0:
                per_statute.append("convicted")
            elif value["statute_plea_guilty"] > 0:
                per_statute.append("plea")
            elif value["statute_trial_ng"] > 0:
                per_statute.append("acquitted")
            elif value["statute_plea_dismissed"] > 0 or value["statute_counts_np"] > 0:
                per_statute.append("dismissed")
        verdicts.update(per_statute)
        convicted = bool({"convicted", "plea"} & set(per_statute))
        if convicted:
            outcomes["convicted"] += 1
        elif "acquitted" in per_statute:
            outcomes["acquitted"] += 1
        elif "dismissed" in per_statute:
            outcomes["dismissed"] += 1
        months = row["total_months_sentenced"]
        if convicted and months != "":
            months_value = int(months)
            band = (
                "0"
                if months_value == 0
                else "1-12"
                if months_value <= 12
                else "13-60"
                if months_value <= 60
                else "61-120"
                if months_value <= 120
                else "121+"
            )
            bands[band] += 1
        if convicted and row["restitution"] and int(row["restitution"]) > 0:
            orders += 1
            restitution += Decimal(row["restitution"])
    return {
        "rows": len(rows),
        "cases": len({row["case_id"] for row in rows}),
        "outcomes": outcomes,
        "verdicts": verdicts,
        "bands": bands,
        "orders": orders,
        "restitution": restitution,
    }


@pytest.fixture
def importer(prosecution_a):
    return import_actor(prosecution_a, "tests")


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


@pytest.mark.django_db
def test_the_real_file_imports_and_its_counts_match(prosecution_a, importer, pros_a):
    expected = expected_from_file()
    assert expected["rows"] == 1762
    with DATA.open("rb") as handle:
        report = prosecutions_import(actor=importer, organisation=prosecution_a, stream=handle)
    assert not report.is_rejected and report.written
    assert Defendant.objects.count() == expected["rows"]
    assert Person.objects.filter(is_deidentified=True).count() == expected["rows"]
    assert Investigation.objects.count() == Prosecution.objects.count() == expected["cases"]
    # No names exist in the file, and none are stored.
    assert not Person.objects.filter(first_name__isnull=False).exists()
    assert not Person.objects.filter(second_name__isnull=False).exists()

    statistics = actor_for(member(prosecution_a, Role.ANALYST), prosecution_a)
    assert counts.defendant_outcomes(actor=statistics) == {
        "convicted": expected["outcomes"]["convicted"],
        "acquitted": expected["outcomes"]["acquitted"],
        "dismissed": expected["outcomes"]["dismissed"],
    }
    verdicts = counts.verdict_counts(actor=statistics)
    assert {code: verdicts[code] for code in ("convicted", "plea", "acquitted", "dismissed")} == {
        code: expected["verdicts"][code] for code in ("convicted", "plea", "acquitted", "dismissed")
    }
    assert counts.sentences_by_band(actor=statistics) == {
        band: expected["bands"][band] for band in ("0", "1-12", "13-60", "61-120", "121+")
    }
    assert counts.persons_convicted(actor=statistics) == expected["outcomes"]["convicted"]
    restitution = counts.compensation_by_currency(actor=statistics)
    assert [(row.currency, row.kind, row.orders, row.ordered_amount) for row in restitution] == [
        ("USD", "restitution", expected["orders"], expected["restitution"])
    ]
    # Year-only verdicts count in a calendar year but never in a TIP year (April–March).
    in_2012 = counts.defendant_outcomes(actor=statistics, period=counts.Period.calendar_year(2012))
    assert 0 < in_2012["convicted"] < expected["outcomes"]["convicted"]
    assert counts.defendant_outcomes(actor=statistics, period=counts.Period.tip_year(2012)) == {
        "convicted": 0,
        "acquitted": 0,
        "dismissed": 0,
    }
    # The prosecution service sees the imported cases; the import is in the audit log.
    assert visible_investigations(pros_a).count() == Investigation.objects.count()
    assert AuditEvent.objects.filter(action="enforcement.import").count() == 1


@pytest.mark.django_db
def test_importing_again_adds_nothing(prosecution_a, importer):
    with DATA.open("rb") as handle:
        prosecutions_import(actor=importer, organisation=prosecution_a, stream=handle)
    before = table_counts()
    with DATA.open("rb") as handle:
        report = prosecutions_import(actor=importer, organisation=prosecution_a, stream=handle)
    assert report.already_imported == 1762 and not report.written
    assert sum(report.created.values()) == 0
    assert table_counts() == before


HEADER = (
    "id,case_id,gender,arrest_age,race,arrest_date,charge_date,bail_type,bail_amount,"
    "statute_sentence,statute_counts,statute_counts_np,statute_plea_dismissed,statute_plea_guilty,"
    "statute_trial_guilty,statute_trial_ng,statute_fines,statute_months_sentenced,"
    "statute_months_probation,n_charges,n_sentences,year_terminated,total_months_sentenced,"
    "total_months_probation,restitution,forfeiture_charge,forfeiture_sentence\n"
)
GOOD = (
    "1,10,Male,30,,2010-01-05,2010-01-02,,,1591,1,0,0,1,0,0,0,120,0,1,1,2011,120,0,5000,false,Yes\n"
)


@pytest.mark.django_db
def test_a_file_with_a_bad_row_is_refused_whole(prosecution_a, importer):
    bad = (
        HEADER
        + GOOD
        + "2,10,Alien,300,,2010-13-01,2010-01-02,,,\"['1591', '1594']\",\"['1', '1']\",0,0,1,0,0,0,,,2,1,2011,12,0,0,,\n"
        + "1,11,Female,22,,,2010-02-02,,,1589,1,0,0,0,1,0,0,60,0,1,1,2011,60,0,0,,\n"
    )
    before = table_counts()
    report = prosecutions_import(
        actor=importer, organisation=prosecution_a, stream=io.StringIO(bad)
    )
    assert report.is_rejected and not report.written
    assert table_counts() == before
    problems = {(problem.line, problem.column): problem for problem in report.problems}
    assert problems[(3, "gender")].value == "Alien"
    assert problems[(3, "arrest_age")].reason == "expected a number no greater than 120"
    assert problems[(3, "arrest_date")].value == "2010-13-01"
    assert "has 1 values but statute_sentence lists 2" in problems[(3, "statute_counts_np")].reason
    assert "already on line 2" in problems[(4, "id")].reason
    text = "\n".join(report.summary_lines())
    assert "line 3, gender = 'Alien'" in text and "Nothing was written" in text
    # The dry run gives the same report.
    dry = prosecutions_import(
        actor=importer, organisation=prosecution_a, stream=io.StringIO(bad), dry_run=True
    )
    assert dry.problems == report.problems


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "column", "reason"),
    [
        ("id,case_id\n1,2\n", "gender", "this column is missing from the header"),
        (HEADER, "(file)", "the file has no rows"),
        (b"\xff\xfe\x00bad", "(file)", "not a UTF-8 CSV file"),
    ],
)
def test_unreadable_files_are_refused(prosecution_a, importer, content, column, reason):
    stream = io.BytesIO(content) if isinstance(content, bytes) else io.StringIO(content)
    report = prosecutions_import(actor=importer, organisation=prosecution_a, stream=stream)
    assert report.is_rejected
    assert any(p.column == column and p.reason.startswith(reason) for p in report.problems)
    assert Defendant.objects.count() == 0


@pytest.mark.django_db
def test_a_dry_run_reports_what_would_be_created_and_writes_nothing(prosecution_a, importer):
    report = prosecutions_import(
        actor=importer, organisation=prosecution_a, stream=io.StringIO(HEADER + GOOD), dry_run=True
    )
    assert not report.is_rejected and not report.written
    assert (
        report.created["defendants"],
        report.created["sentences"],
        report.created["orders"],
    ) == (1, 1, 1)
    assert "  Would create 1 defendants." in report.summary_lines()
    assert table_counts() == dict.fromkeys(table_counts(), 0)


@pytest.mark.django_db
def test_one_row_becomes_a_whole_criminal_case(prosecution_a, importer):
    prosecutions_import(
        actor=importer, organisation=prosecution_a, stream=io.StringIO(HEADER + GOOD)
    )
    defendant = Defendant.objects.select_related("suspect__person", "prosecution").get()
    person = defendant.suspect.person
    assert (person.gender, person.age_band, person.is_deidentified) == ("Masculine", "30-38", True)
    assert defendant.suspect.arrested_on.isoformat() == "2010-01-05"
    charge = defendant.charges.get()
    assert (charge.external_statute_code, charge.counts, charge.charged_on.isoformat()) == (
        "1591",
        1,
        "2010-01-02",
    )
    assert (charge.verdict.outcome, charge.verdict.year, charge.verdict.decided_on) == (
        "plea",
        2011,
        None,
    )
    sentence = defendant.sentences.get()
    assert (sentence.imprisonment_months, sentence.other_measures, sentence.year) == (
        120,
        ["forfeiture"],
        2011,
    )
    order = defendant.compensation_orders.get()
    assert (order.kind, order.amount, order.currency) == ("restitution", Decimal("5000.00"), "USD")
    assert defendant.prosecution.status == "concluded"
    assert defendant.prosecution.filed_on.isoformat() == "2010-01-02"


def test_statute_cells_in_every_shape_of_the_file():
    assert parse_list("") is None
    assert parse_list("None") is None
    assert parse_list("1591") == ["1591"]
    assert parse_list("['1591', '2421_to_2424']") == ["1591", "2421_to_2424"]
    assert parse_list("[None, None]") == [None, None]
    assert parse_list("['0' '10000']") == ["0", "10000"]
    assert parse_list("['0' None]") == ["0", None]
    with pytest.raises(ValueError):
        parse_list("['1591'")
    with pytest.raises(ValueError):
        parse_list("[1591, x]")


@pytest.mark.django_db
def test_only_a_prosecution_service_imports_for_itself(prosecution_a, prosecution_b, police_a):
    with pytest.raises(ActionDenied):
        prosecutions_import(
            actor=import_actor(prosecution_b, "tests"),
            organisation=prosecution_a,
            stream=io.StringIO(HEADER + GOOD),
        )
    with pytest.raises(ActionDenied):
        prosecutions_import(
            actor=import_actor(police_a, "tests"),
            organisation=police_a,
            stream=io.StringIO(HEADER + GOOD),
        )
    assert Defendant.objects.count() == 0


@pytest.mark.django_db
def test_the_command_imports_reports_and_fails_on_refusal(prosecution_a, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    call_command("import_prosecutions", str(good), "--organisation", "Prosecution A", "--dry-run")
    assert Defendant.objects.count() == 0
    call_command("import_prosecutions", str(good), "--organisation", "prosecution a")
    output = capsys.readouterr()
    assert "Created 1 defendants." in output.out
    assert "Checking rows" in output.err  # the progress bar
    assert Defendant.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + GOOD.replace("Male", "Robot").replace("1,10,", "9,10,"), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_prosecutions", str(bad), "--organisation", "Prosecution A")
    assert "line 2, gender = 'Robot'" in capsys.readouterr().out
    assert Defendant.objects.count() == 1
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import_prosecutions", str(good), "--organisation", "Nobody")
