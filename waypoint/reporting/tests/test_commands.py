"""manage.py statistics and import_reference_statistics."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from waypoint.audit.models import AuditEvent
from waypoint.reporting.models import ReferenceDataset


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_list_shows_every_table_and_whether_it_has_data(small_uk):
    output = run("statistics", "--list")
    lines = {line.split()[0]: line for line in output.splitlines()}
    assert "[available]" in lines["uk-nrm-referrals"]
    assert "[available]" in lines["tip-t5"]
    assert "[available]" in lines["tip-t1"]
    assert "[no data source yet]" in lines["unodc-glotip-victims"]


@pytest.mark.django_db
def test_json_is_disclosure_controlled_and_audited(small_uk):
    body = json.loads(run("statistics", "uk-nrm-referrals", "--period", "2023", "--format", "json"))
    assert body["internal"] is False
    assert body["disclosure"]["suppressed_cells"] > 0
    child_q2 = next(row for row in body["rows"] if row["key"] == "2023-Q2")["cells"][1]
    assert child_q2 == {"column": "Child (17 or under)", "value": None, "status": "suppressed"}
    event = AuditEvent.objects.get(action="statistics.export")
    assert (event.via, event.actor_username, event.actor_roles) == ("cli", "system", "analyst")
    assert event.reason == "manage.py statistics"


@pytest.mark.django_db
def test_csv_to_stdout_and_xlsx_to_a_file(small_uk, tmp_path):
    output = run("statistics", "uk-nrm-referrals", "--period", "2023-Q1", "--format", "csv")
    assert output.splitlines()[0] == "table,period,row_key,row,column_key,column,value,status"
    assert (
        "uk-nrm-referrals,2023-Q1,2023-Q1,2023 Q1,Adult (18 or over),Adult (18 or over),80,value"
        in output
    )
    with pytest.raises(CommandError, match="--output"):
        run("statistics", "uk-nrm-referrals", "--format", "xlsx")
    target = tmp_path / "table.xlsx"
    message = run(
        "statistics",
        "uk-nrm-referrals",
        "--period",
        "2023",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert "Wrote waypoint_uk-nrm-referrals_2023.xlsx" in message
    sheet = load_workbook(target)["uk-nrm-referrals"]
    assert sheet["A1"].value == "UK NRM referrals by quarter and age"


@pytest.mark.django_db
def test_errors_name_what_is_wrong(small_uk):
    with pytest.raises(CommandError, match="There is no statistics table"):
        run("statistics", "tip-t99")
    with pytest.raises(CommandError, match="period: .*not a period"):
        run("statistics", "uk-nrm-referrals", "--period", "soon")
    with pytest.raises(CommandError, match="Name a table id"):
        run("statistics")
    assert not AuditEvent.objects.filter(action="statistics.export").exists()


@pytest.mark.django_db
def test_import_command(small_glotip_file, tmp_path):
    output = run("import_reference_statistics", str(small_glotip_file))
    assert "Imported 17 figures of UNODC GLOTIP" in output
    assert "2 withheld by the publisher" in output
    assert ReferenceDataset.objects.get().source == "unodc_glotip"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Year,Quarter,Age at exploitation,Location of exploitation,NRM referrals\n2023,Q9,A,UK,1\n"
    )
    with pytest.raises(CommandError, match="line 2: the quarter must be Q1 to Q4"):
        run("import_reference_statistics", str(bad))
    with pytest.raises(CommandError, match="is not a file"):
        run("import_reference_statistics", str(tmp_path / "missing.csv"))
    assert ReferenceDataset.objects.count() == 1
