"""Broken files of every kind get a clear report and change nothing."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest
from django.utils import timezone

from waypoint.cases.models import Case, CasePerson
from waypoint.exchange.choices import JobStatus
from waypoint.exchange.tests.conftest import csv_bytes, issues, run_import
from waypoint.people.models import Person

pytestmark = pytest.mark.django_db

GOOD = [
    {
        "ext_SourceRecordId": "1",
        "prs_FirstName": "Zoë",
        "prs_Gender": "Feminine",
        "prs_Citizenship": "MT",
    }
]


def assert_nothing_written():
    assert Person.objects.count() == 0
    assert Case.objects.count() == 0
    assert CasePerson.objects.count() == 0


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with BOM
        lambda text: text.encode("utf-16-le"),  # without BOM
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-no-bom"],
)
def test_utf8_and_utf16_are_read(actor_a, encode):
    job = run_import(actor_a, encode(csv_bytes(GOOD).decode()))
    assert job.status == JobStatus.SUCCEEDED, job.report
    assert Person.objects.get().first_name == "Zoë"


def test_other_encodings_are_reported_not_guessed(actor_a):
    job = run_import(actor_a, csv_bytes(GOOD, encoding="cp1252"))
    assert job.status == JobStatus.REJECTED
    assert "not UTF-8" in job.report["file_errors"][0]
    assert "CSV UTF-8" in job.message
    assert_nothing_written()


def test_unknown_columns_are_named(actor_a):
    job = run_import(actor_a, b"prs_Gendr,prs_FirstName,Notes\nFeminine,Ana,x\n")
    assert job.status == JobStatus.REJECTED
    message = job.report["file_errors"][0]
    assert "prs_Gendr" in message and "Notes" in message and "prs_FirstName" not in message
    assert_nothing_written()


def test_the_same_field_twice_is_refused(actor_a):
    job = run_import(actor_a, b"prs_FirstName,prs_First_Name\nA,B\n")
    assert job.status == JobStatus.REJECTED
    assert "same field" in job.report["file_errors"][0]


def test_missing_required_ctdc_columns_are_named(actor_a):
    job = run_import(actor_a, b"yearRegister,gender\n2019,Female\n", file_format="ctdc")
    assert job.status == JobStatus.REJECTED
    assert "missing" in job.report["file_errors"][0] and "IP_Gender" in job.report["file_errors"][0]


def test_a_file_with_no_known_column(actor_a):
    job = run_import(actor_a, b"name,age\nAna,3\n")
    assert job.status == JobStatus.REJECTED
    assert "name" in job.report["file_errors"][0]


def test_header_only_and_empty_files(actor_a):
    assert "no rows" in run_import(actor_a, b"prs_Gender\n").report["file_errors"][0]


def test_formula_cells_in_input_are_rejected(actor_a):
    rows = [
        dict(GOOD[0], prs_FirstName='=HYPERLINK("http://evil")'),
        dict(
            GOOD[0],
            ext_SourceRecordId="2",
            prs_MobilePhone="+356 2122 3344",
            prs_MailingLongitude="-14.5",
        ),
    ]
    job = run_import(actor_a, csv_bytes(rows))
    assert job.status == JobStatus.REJECTED
    problems = issues(job)
    assert [(issue["where"], issue["field"]) for issue in problems] == [("row 2", "prs_FirstName")]
    assert "formula" in problems[0]["reason"]
    assert_nothing_written()


def test_formula_cells_in_xlsx_are_rejected(actor_a):
    workbook = openpyxl.Workbook()
    workbook.active.append(["prs_Gender", "prs_FirstName"])
    workbook.active.append(["Feminine", "=1+2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = run_import(actor_a, buffer.getvalue(), file_format="xlsx")
    assert job.status == JobStatus.REJECTED
    assert "formula" in issues(job, "prs_FirstName")[0]["reason"]


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_truncated_xlsx_is_reported(actor_a):
    content = _xlsx([["prs_Gender"], ["Feminine"]])
    job = run_import(actor_a, content[: len(content) // 2], file_format="xlsx")
    assert job.status == JobStatus.REJECTED
    assert "damaged or was cut short" in job.report["file_errors"][0]
    assert_nothing_written()


def test_corrupt_xlsx_member_is_reported(actor_a):
    content = bytearray(_xlsx([["prs_Gender"]] + [["Feminine"]] * 200))
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 5, start + 40):
        content[offset] ^= 0xFF
    job = run_import(actor_a, bytes(content), file_format="xlsx")
    assert job.status == JobStatus.REJECTED
    assert job.report["file_errors"]


def test_xml_bomb_is_refused(actor_a):
    content = _xlsx([["prs_Gender"], ["Feminine"]])
    source = zipfile.ZipFile(io.BytesIO(content))
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>prs_Gender</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            data = (
                bomb.encode()
                if item.filename == "xl/worksheets/sheet1.xml"
                else source.read(item.filename)
            )
            target.writestr(item, data)
    job = run_import(actor_a, output.getvalue(), file_format="xlsx")
    assert job.status == JobStatus.REJECTED
    assert "entity" in job.report["file_errors"][0]
    assert_nothing_written()


def test_zip_bomb_ratio_is_refused(actor_a):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (50 * 1024 * 1024))
    job = run_import(actor_a, output.getvalue(), file_format="xlsx")
    assert job.status == JobStatus.REJECTED
    assert "decompresses" in job.report["file_errors"][0]


def test_wrong_container_for_the_chosen_format(actor_a):
    job = run_import(actor_a, _xlsx([["prs_Gender"], ["Feminine"]]), file_format="csv")
    assert job.status == JobStatus.REJECTED
    assert "XLSX" in job.report["file_errors"][0]


def test_dates_in_the_future_and_unknown_codes_name_row_field_value_and_reason(actor_a):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    rows = [
        dict(GOOD[0], ext_RegisteredOn=tomorrow),
        dict(GOOD[0], ext_SourceRecordId="2", prs_Gender="Woman", prs_Citizenship="XX"),
        dict(GOOD[0], ext_SourceRecordId="3", prs_Birthdate="1900-01-01"),
        dict(GOOD[0], ext_SourceRecordId="4", prs_Birthdate="2001-02-30"),
    ]
    job = run_import(actor_a, csv_bytes(rows))
    assert job.status == JobStatus.REJECTED
    found = {(issue["where"], issue["field"], issue["value"]) for issue in issues(job)}
    assert ("row 2", "ext_RegisteredOn", tomorrow) in found
    assert ("row 3", "prs_Gender", "Woman") in found
    assert ("row 3", "prs_Citizenship", "XX") in found
    reasons = {issue["field"]: issue["reason"] for issue in issues(job)}
    assert "future" in reasons["ext_RegisteredOn"]
    assert job.report["rows_rejected"] == 4
    assert_nothing_written()


def test_truncated_json(actor_a):
    document = json.dumps({"cases": [{"persons": [{"prs_Gender": "Feminine"}]}] * 3})
    job = run_import(actor_a, document[:-20].encode(), file_format="json")
    assert job.status == JobStatus.REJECTED
    assert (
        "cut short" in job.report["file_errors"][0] or "not valid" in job.report["file_errors"][0]
    )
    assert_nothing_written()


def test_json_unknown_keys_and_bad_values(actor_a):
    document = {
        "cases": [{"persons": [{"prs_Gendre": "Feminine", "prs_NumberOfChildren": {"a": 1}}]}]
    }
    job = run_import(actor_a, json.dumps(document).encode(), file_format="json")
    assert job.status == JobStatus.REJECTED
    assert {issue["field"] for issue in issues(job)} == {"prs_Gendre", "prs_NumberOfChildren"}


def test_a_valid_row_is_not_written_when_another_is_rejected(actor_a):
    rows = [GOOD[0], dict(GOOD[0], ext_SourceRecordId="2", prs_Gender="?")]
    job = run_import(actor_a, csv_bytes(rows))
    assert (
        job.status == JobStatus.REJECTED
        and job.report["rows_read"] == 2
        and job.report["rows_rejected"] == 1
    )
    assert_nothing_written()


def test_values_in_columns_without_a_name_are_rejected(actor_a):
    job = run_import(actor_a, b"prs_Gender,\nFeminine,lost value\n")
    assert job.status == JobStatus.REJECTED
    assert issues(job)[0]["field"] == "column 2"
