"""manage.py import_htcds, import_ctdc and export_htcds: summaries, exit codes, audit."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from waypoint.audit.models import AuditEvent
from waypoint.cases.models import CasePerson
from waypoint.exchange.models import ExportJob, ImportJob
from waypoint.exchange.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    {"ext_SourceRecordId": "1", "prs_FirstName": "Ana", "prs_Gender": "Feminine"},
    {"ext_SourceRecordId": "2", "prs_FirstName": "Ben", "prs_Gender": "Masculine"},
]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


def test_import_htcds_dry_run_then_import_then_again(tmp_path, org_a):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes(ROWS))
    output = run("import_htcds", str(path), "--organisation", "organisation a", "--dry-run")
    assert "Dry run: nothing was changed. 2 created" in output
    assert not CasePerson.objects.exists()
    output = run("import_htcds", str(path), "--organisation", org_a.name)
    assert "created: 2" in output and CasePerson.objects.count() == 2
    output = run("import_htcds", str(path), "--organisation", org_a.name)
    assert "unchanged: 2" in output
    job = ImportJob.objects.filter(is_dry_run=False).first()
    assert job.via == "cli" and job.requested_by is None
    event = AuditEvent.objects.filter(action="exchange.import").first()
    assert event.actor_username == "system" and event.organisation_name == org_a.name
    assert event.reason == "manage.py import_htcds"


def test_a_rejected_import_exits_non_zero_and_names_the_rows(tmp_path, org_a):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes([dict(ROWS[0], prs_Gender="Woman")]))
    report = tmp_path / "report.json"
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(
            "import_htcds",
            str(path),
            "--organisation",
            org_a.name,
            "--report",
            str(report),
            stdout=out,
            stderr=io.StringIO(),
        )
    assert "rejected" in str(failure.value)
    assert "Rejected row 2 prs_Gender 'Woman'" in out.getvalue()
    assert '"rows_rejected": 1' in report.read_text()
    assert not CasePerson.objects.exists()


def test_import_command_refuses_unknown_organisations_and_formats(tmp_path, org_a):
    path = tmp_path / "cases.txt"
    path.write_bytes(csv_bytes(ROWS))
    with pytest.raises(CommandError, match="No active organisation"):
        run("import_htcds", str(path), "--organisation", "Nobody")
    with pytest.raises(CommandError, match="--format"):
        run("import_htcds", str(path), "--organisation", org_a.name)
    assert "created: 2" in run(
        "import_htcds", str(path), "--organisation", org_a.name, "--format", "csv"
    )


def test_import_ctdc_command(tmp_path, org_a):
    path = tmp_path / "ctdc.csv"
    path.write_text(
        "yearOfRegistration,gender,ageBroad,citizenship,isForcedLabour,isSexualExploit,CountryOfExploitation\n2016,Female,9--17,NA,1.0,0.0,US\n"
    )
    output = run("import_ctdc", str(path), "--organisation", org_a.name)
    assert "created: 1" in output
    assert CasePerson.objects.get().person.is_deidentified
    bad = tmp_path / "bad.csv"
    bad.write_text("yearRegister,gender\n2019,Female\n")
    with pytest.raises(CommandError):
        run("import_ctdc", str(bad), "--organisation", org_a.name)


def test_export_command_acts_for_one_organisation(tmp_path, org_a, org_b):
    source = tmp_path / "a.csv"
    source.write_bytes(csv_bytes(ROWS))
    run("import_htcds", str(source), "--organisation", org_a.name)
    source.write_bytes(csv_bytes([dict(ROWS[0], ext_SourceRecordId="b1", prs_FirstName="Other")]))
    run("import_htcds", str(source), "--organisation", org_b.name)
    output_file = tmp_path / "out.csv"
    output = run(
        "export_htcds",
        "--format",
        "csv",
        "--output",
        str(output_file),
        "--organisation",
        org_a.name,
    )
    assert "Wrote 2 rows from 2 cases of Organisation A (de-identified" in output
    rows = list(csv.DictReader(io.StringIO(output_file.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2 and "prs_FirstName" not in rows[0]
    identifying = tmp_path / "identifying.json"
    run(
        "export_htcds",
        "--format",
        "json",
        "--output",
        str(identifying),
        "--organisation",
        org_a.name,
        "--identifying",
    )
    assert "Ana" in identifying.read_text() and "Other" not in identifying.read_text()
    with pytest.raises(CommandError, match="exists already"):
        run(
            "export_htcds",
            "--format",
            "csv",
            "--output",
            str(output_file),
            "--organisation",
            org_a.name,
        )
    with pytest.raises(CommandError, match="--organisation"):
        run("export_htcds", "--format", "csv", "--output", str(tmp_path / "x.csv"))
    assert ExportJob.objects.filter(via="cli").count() == 2
    assert (
        AuditEvent.objects.filter(action="exchange.export", reason="manage.py export_htcds").count()
        == 2
    )


def test_demo_import_is_idempotent():
    from waypoint.operations.demo import load

    load()
    load()
    assert CasePerson.objects.filter(source_record_id__startswith="demo-").count() == 5
    assert ImportJob.objects.filter(status="succeeded").count() == 1
