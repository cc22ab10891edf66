"""HTCDS import: the flat shape, aliases, JSON, XLSForm; dry run, idempotence, updates."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest

from waypoint.audit.models import AuditEvent
from waypoint.cases.models import (
    Case,
    CasePerson,
    CasePersonCode,
    CaseReferralDetail,
    TraffickingStatusChange,
)
from waypoint.exchange.choices import JobStatus
from waypoint.exchange.models import CasePersonExtension, ExternalReference
from waypoint.exchange.tests.conftest import csv_bytes, issues, run_import
from waypoint.people.models import ConsentRecord, Person, PersonCitizenship

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "ext_SourceRecordId": "R-1",
        "ext_CaseReference": "CASE-1",
        "ext_PersonReference": "P-1",
        "ext_Role": "victim",
        "prs_FirstName": "Amal",
        "prs_SecondName": "Testcase",
        "prs_Birthdate": "1990-02-03",
        "prs_Gender": "Feminine",
        "prs_Citizenship": "NG;NA",
        "vic_TypeOfExploitation": "ForcedLabour;SexualExploitation",
        "vic_MethodsOfControl": "DebtBondage ;WithholdsDocuments",
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "vic_TraffickingStatusDecisionMakingOrg": "NGO",
        "ext_CountryOfExploitation": "MT",
        "per_RoleInProcess": "",
        "cas_Status": "Active",
        "cas_IncomingReferralDate": "2024-01-15",
        "cas_ReasonForIncomingReferral": "AdditionalServicesRequired",
        "con_Consent": "TRUE",
    },
    {
        "ext_SourceRecordId": "R-2",
        "ext_CaseReference": "CASE-1",
        "ext_PersonReference": "P-2",
        "ext_Role": "perpetrator",
        "prs_FirstName": "",
        "prs_SecondName": "",
        "prs_Birthdate": "",
        "prs_Gender": "Masculine",
        "prs_Citizenship": "",
        "vic_TypeOfExploitation": "",
        "vic_MethodsOfControl": "",
        "vic_TraffickingStatus": "",
        "vic_TraffickingStatusDecisionMakingOrg": "",
        "ext_CountryOfExploitation": "",
        "per_RoleInProcess": "RecruiterOrIntermediary;Exploiter",
        "cas_Status": "Active",
        "cas_IncomingReferralDate": "2024-01-15",
        "cas_ReasonForIncomingReferral": "AdditionalServicesRequired",
        "con_Consent": "",
    },
]


def test_flat_csv_creates_persons_cases_links_and_codes(actor_a, org_a):
    job = run_import(actor_a, csv_bytes(ROWS))
    assert job.status == JobStatus.SUCCEEDED, job.report
    assert job.records_created == 2
    case = Case.objects.get()
    assert case.owner_organisation == org_a and case.status == "Active"
    victim = CasePerson.objects.get(role="victim")
    assert victim.source_record_id == "R-1" and victim.source_organisation == org_a
    assert victim.person.first_name == "Amal"
    assert victim.person.birthdate == dt.date(1990, 2, 3)
    assert victim.person.age_band  # derived from the date of birth
    assert sorted(
        PersonCitizenship.objects.filter(person=victim.person).values_list("country", flat=True)
    ) == ["NA", "NG"]
    codes = set(CasePersonCode.objects.filter(case_person=victim).values_list("field", "code"))
    assert codes == {
        ("vic_TypeOfExploitation", "ForcedLabour"),
        ("vic_TypeOfExploitation", "SexualExploitation"),
        ("vic_MethodsOfControl", "DebtBondage"),
        ("vic_MethodsOfControl", "WithholdsDocuments"),
    }
    perpetrator = CasePerson.objects.get(role="perpetrator")
    assert set(perpetrator.codes.values_list("code", flat=True)) == {
        "RecruiterOrIntermediary",
        "Exploiter",
    }
    assert (
        TraffickingStatusChange.objects.filter(
            case_person=victim, status="PossibleVictimOfTrafficking"
        ).count()
        == 1
    )
    assert CaseReferralDetail.objects.get(case=case).reason == "AdditionalServicesRequired"
    assert ConsentRecord.objects.get(person=victim.person).is_given is True
    # Encrypted at rest: the name is not in the database in clear.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name FROM people_person WHERE id = %s", [victim.person_id])
        assert "Amal" not in cursor.fetchone()[0]
    # One audit event for the import itself, with counts and the file hash, no names.
    event = AuditEvent.objects.get(action="exchange.import")
    assert event.details["created"] == 2 and event.details["sha256"] == job.sha256
    assert "Amal" not in json.dumps(event.details)


def test_dry_run_and_real_run_give_the_same_report_and_dry_run_writes_nothing(actor_a):
    content = csv_bytes(ROWS)
    dry = run_import(actor_a, content, dry_run=True)
    assert dry.status == JobStatus.SUCCEEDED
    assert (
        Person.objects.count() == 0
        and Case.objects.count() == 0
        and CasePerson.objects.count() == 0
    )
    real = run_import(actor_a, content)
    assert Case.objects.count() == 1
    comparable = lambda job: {k: v for k, v in job.report.items() if k != "is_dry_run"}  # noqa: E731
    assert comparable(dry) == comparable(real)
    assert dry.report["records_created"] == 2


def test_rejected_dry_run_and_real_run_report_the_same(actor_a):
    bad = [dict(ROWS[0], prs_Gender="Femme"), dict(ROWS[1], per_RoleInProcess="Boss")]
    dry = run_import(actor_a, csv_bytes(bad), dry_run=True)
    real = run_import(actor_a, csv_bytes(bad))
    assert dry.status == real.status == JobStatus.REJECTED
    assert dry.report["errors"] == real.report["errors"]
    assert Person.objects.count() == 0


def test_reimport_is_idempotent_and_changes_are_updates(actor_a):
    content = csv_bytes(ROWS)
    run_import(actor_a, content)
    again = run_import(actor_a, content)
    assert (again.records_created, again.records_updated, again.records_unchanged) == (0, 0, 2)
    assert Person.objects.count() == 2 and Case.objects.count() == 1
    changed = [dict(ROWS[0], vic_TypeOfExploitation="ForcedLabour", prs_FirstName="Amala"), ROWS[1]]
    third = run_import(actor_a, csv_bytes(changed))
    assert (third.records_created, third.records_updated, third.records_unchanged) == (0, 1, 1)
    victim = CasePerson.objects.get(role="victim")
    assert victim.person.first_name == "Amala"
    assert list(
        victim.codes.filter(field="vic_TypeOfExploitation").values_list("code", flat=True)
    ) == ["ForcedLabour"]
    assert victim.person.version > 1


def test_rows_of_a_later_file_join_the_same_case_and_person(actor_a):
    run_import(actor_a, csv_bytes([ROWS[0]]))
    second_case = dict(ROWS[0], ext_SourceRecordId="R-3", ext_CaseReference="CASE-2")
    run_import(actor_a, csv_bytes([ROWS[1], second_case]))
    assert Case.objects.count() == 2
    assert Person.objects.count() == 2  # P-1 is in two cases
    assert (
        CasePerson.objects.filter(
            person__in=ExternalReference.objects.filter(reference="P-1").values("person")
        ).count()
        == 2
    )


def test_without_source_ids_each_import_creates_again_and_says_so(actor_a):
    rows = [{"prs_Gender": "Feminine"}, {"prs_Gender": "Masculine"}]
    first = run_import(actor_a, csv_bytes(rows))
    second = run_import(actor_a, csv_bytes(rows))
    assert first.records_created == second.records_created == 2
    assert Case.objects.count() == 4
    assert "2 rows have no ext_SourceRecordId" in " ".join(first.report["warning_counts"])


def test_unknown_is_distinct_from_no_and_from_zero(actor_a):
    rows = [
        {
            "ext_SourceRecordId": "a",
            "prs_Deceased": "",
            "prs_NumberOfChildren": "",
            "con_Consent": "",
        },
        {
            "ext_SourceRecordId": "b",
            "prs_Deceased": "FALSE",
            "prs_NumberOfChildren": "0",
            "con_Consent": "FALSE",
        },
        {
            "ext_SourceRecordId": "c",
            "prs_Deceased": "TRUE",
            "prs_NumberOfChildren": "2",
            "con_Consent": "TRUE",
        },
    ]
    job = run_import(actor_a, csv_bytes(rows))
    assert job.status == JobStatus.SUCCEEDED, job.report
    people = {
        link.source_record_id: link.person for link in CasePerson.objects.select_related("person")
    }
    assert people["a"].is_deceased is None and people["a"].number_of_children is None
    assert people["b"].is_deceased is False and people["b"].number_of_children == 0
    assert people["c"].is_deceased is True and people["c"].number_of_children == 2
    assert not ConsentRecord.objects.filter(person=people["a"]).exists()
    assert ConsentRecord.objects.get(person=people["b"]).is_given is False


def test_excel_template_headers_label_row_and_typos(actor_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "prs_FirstName",
            "prs_Gender",
            "vic_TraffickingStatus",
            "vic_TraffickinStatusDecisionMakingOrg",
            "vic_MethodsOfControl",
            "cas_Status",
            None,
        ]
    )
    sheet.append(
        [
            "First Name",
            "Gender",
            "Trafficking Status",
            "Trafficking Status Decision Making Organization",
            "Methods of Control",
            "Status",
            "Reason for Outgoing Referral",
        ]
    )
    sheet.append(
        [
            "Mira",
            "Feminine",
            "ActualVictimOfTrafficking",
            "Police",
            "DebtBondage ;Threats",
            "Follow Up",
            "Other",
        ]
    )
    sheet.append([None] * 7)  # trailing empty rows are common in spreadsheets
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = run_import(actor_a, buffer.getvalue(), file_format="xlsx")
    assert job.status == JobStatus.SUCCEEDED, job.report
    link = CasePerson.objects.get()
    assert link.trafficking_status_decision_making_org == "Police"
    assert set(link.codes.values_list("code", flat=True)) == {"DebtBondage", "PhysicalThreats"}
    assert link.case.status == "FollowUp"
    assert CaseReferralDetail.objects.get(case=link.case, direction="outgoing").reason == "Other"


def test_json_nested_shape(actor_a):
    document = {
        "format": "waypoint-htcds",
        "cases": [
            {
                "ext_CaseReference": "J-1",
                "cas_Status": "Active",
                "persons": [
                    {
                        "ext_SourceRecordId": "J-1-a",
                        "ext_Role": "victim",
                        "prs_Gender": "Feminine",
                        "vic_TypeOfExploitation": ["ForcedLabour", "ForcedCriminality"],
                        "prs_NumberOfChildren": 0,
                        "prs_Deceased": False,
                    },
                    {
                        "ext_SourceRecordId": "J-1-b",
                        "ext_Role": "perpetrator",
                        "per_RoleInProcess": ["Exploiter"],
                    },
                ],
            },
            {
                "cas_Status": "Active",
                "persons": [{"ext_SourceRecordId": "J-2-a", "prs_Citizenship": ["NA"]}],
            },
        ],
    }
    job = run_import(actor_a, json.dumps(document).encode(), file_format="json")
    assert job.status == JobStatus.SUCCEEDED, job.report
    assert Case.objects.count() == 2
    victim = CasePerson.objects.get(source_record_id="J-1-a")
    assert victim.person.number_of_children == 0 and victim.person.is_deceased is False
    assert set(victim.codes.values_list("code", flat=True)) == {"ForcedLabour", "ForcedCriminality"}
    assert CasePerson.objects.get(source_record_id="J-1-b").case_id == victim.case_id
    again = run_import(actor_a, json.dumps(document).encode(), file_format="json")
    assert again.records_unchanged == 3


def test_xlsform_submission_export(actor_a):
    content = (
        b"start;end;group_a/prs_First_Name;prs_Gender;vic_Methods_of_Control;vic_Methods_of_Control/PhysicalThreats;"
        b"con_Consent;meta/instanceID;_id;_uuid;_submission_time;__version__\n"
        b"2024-01-01T10:00:00;2024-01-01T10:05:00;Lina;Feminine;PhysicalThreats DebtBondage;1;TRUE;"
        b"uuid:0e1f;17;0e1f;2024-01-01T10:06:00;vSmt4GQA3C9uBMLPEVfgND\n"
    )
    job = run_import(actor_a, content, file_format="xlsform")
    assert job.status == JobStatus.SUCCEEDED, job.report
    link = CasePerson.objects.get()
    assert link.source_record_id == "0e1f"
    assert set(link.codes.values_list("code", flat=True)) == {"PhysicalThreats", "DebtBondage"}
    assert "start" in job.report["ignored_columns"]
    assert run_import(actor_a, content, file_format="xlsform").records_unchanged == 1


def test_rows_of_one_case_must_agree_on_case_fields(actor_a):
    rows = [dict(ROWS[0]), dict(ROWS[1], cas_Status="Closed")]
    job = run_import(actor_a, csv_bytes(rows))
    assert job.status == JobStatus.REJECTED
    assert issues(job, "cas_Status")[0]["where"] == "row 3"


def test_duplicate_source_ids_are_rejected(actor_a):
    rows = [dict(ROWS[0]), dict(ROWS[1], ext_SourceRecordId="R-1")]
    job = run_import(actor_a, csv_bytes(rows))
    assert job.status == JobStatus.REJECTED
    assert "row 2" in issues(job, "ext_SourceRecordId")[0]["reason"]


def test_victim_fields_on_a_perpetrator_row_are_rejected(actor_a):
    job = run_import(actor_a, csv_bytes([dict(ROWS[1], vic_TypeOfExploitation="ForcedLabour")]))
    assert job.status == JobStatus.REJECTED
    assert "victim context" in issues(job, "vic_TypeOfExploitation")[0]["reason"]


def test_extension_values_are_stored(actor_a):
    job = run_import(
        actor_a,
        csv_bytes(
            [
                {
                    "ext_SourceRecordId": "x",
                    "ext_UNRegionOfOrigin": "Europe",
                    "ext_KnownAbsent": "vic_TypeOfExploitation=ForcedLabour",
                }
            ]
        ),
    )
    assert job.status == JobStatus.SUCCEEDED, job.report
    assert set(CasePersonExtension.objects.values_list("field", "value")) == {
        ("ext_UNRegionOfOrigin", "Europe"),
        ("ext_KnownAbsent", "vic_TypeOfExploitation=ForcedLabour"),
    }


def test_identifying_values_are_not_repeated_in_the_report(actor_a):
    job = run_import(
        actor_a, csv_bytes([{"prs_FirstName": '=HYPERLINK("x")', "prs_Email": "=1+1"}])
    )
    assert job.status == JobStatus.REJECTED
    assert {issue["value"] for issue in issues(job)} == {"(identifying value not shown)"}


def test_a_person_already_in_a_case_is_not_added_twice_under_another_source_id(actor_a):
    run_import(actor_a, csv_bytes([ROWS[0]]))
    job = run_import(actor_a, csv_bytes([dict(ROWS[0], ext_SourceRecordId="R-other")]))
    assert job.status == JobStatus.REJECTED
    assert "already in this case" in issues(job, "ext_PersonReference")[0]["reason"]
    assert CasePerson.objects.count() == 1
