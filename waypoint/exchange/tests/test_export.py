"""HTCDS export: what each person may export, formula neutralisation, files, and the round trip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.cases.choices import GrantKind
from waypoint.cases.models import CaseAccessGrant, CasePerson
from waypoint.cases.services import (
    case_open,
    case_person_add,
    referral_detail_add,
    victim_context_update,
)
from waypoint.common.errors import ActionDenied, ValidationFailed
from waypoint.exchange import services, storage
from waypoint.exchange.choices import JobStatus
from waypoint.exchange.htcds.records import LINK_PREFETCH, record_values
from waypoint.exchange.htcds.schema import FIELDS, Level
from waypoint.exchange.models import ExportedPerson, ExportJob
from waypoint.exchange.tests.conftest import csv_bytes, export_bytes, run_import
from waypoint.people.services import consent_record, person_create
from waypoint.testing.factories import actor_for, member

pytestmark = pytest.mark.django_db


def make_case(actor, *, first_name="Amal", gender="Feminine"):
    victim = person_create(
        actor=actor,
        values={
            "first_name": first_name,
            "second_name": "Testcase",
            "birthdate": dt.date(1991, 5, 6),
            "gender": gender,
            "citizenship": ["NG", "NA"],
            "identity_number": "ID-77",
            "mobile_phone": "+356 2122 3344",
            "mailing_longitude": "-14.5",
        },
    )
    case = case_open(actor=actor, persons=[(victim, "victim")])
    link = CasePerson.objects.get(case=case, person=victim)
    victim_context_update(
        actor=actor,
        case_person=link,
        values={
            "trafficking_status": "ActualVictimOfTrafficking",
            "trafficking_status_decision_making_org": "Police",
            "country_of_exploitation": "MT",
            "age_when_trafficked": 17,
            "is_child_when_exploited": True,
        },
        codes={
            "vic_TypeOfExploitation": ["ForcedLabour", "ForcedCriminality"],
            "vic_MethodsOfControl": ["DebtBondage"],
        },
        expected_version=link.version,
    )
    perpetrator = person_create(actor=actor, values={"gender": "Masculine"})
    perpetrator_link = case_person_add(
        actor=actor, case=case, person=perpetrator, role="perpetrator"
    )
    victim_context_update(
        actor=actor,
        case_person=perpetrator_link,
        values={"perpetrator_role_details": "Ran the farm"},
        codes={"per_RoleInProcess": ["Exploiter"]},
        expected_version=perpetrator_link.version,
    )
    referral_detail_add(
        actor=actor,
        case=case,
        direction="incoming",
        organisation=None,
        referral_date=dt.date(2024, 2, 1),
        reason="Other",
        details="Came via hotline",
    )
    consent_record(actor=actor, person=victim, case=case, purpose="data_processing", is_given=True)
    return case


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_supervisor_exports_own_organisation_only_with_identifying_fields(
    actor_a, actor_b, org_a, org_b
):
    make_case(actor_a, first_name="Amal")
    make_case(actor_b, first_name="Bina")
    job, content = export_bytes(actor_a, identifying=True)
    rows = rows_of(content)
    assert {row["prs_FirstName"] for row in rows} == {"Amal", ""}
    assert job.row_count == 2 and job.case_count == 1
    victim = next(row for row in rows if row["ext_Role"] == "victim")
    assert victim["prs_Citizenship"] == "NA;NG"  # Namibia stays Namibia
    assert victim["vic_TypeOfExploitation"] == "ForcedCriminality;ForcedLabour"
    assert victim["prs_Birthdate"] == "1991-05-06"
    assert victim["con_Consent"] == "TRUE"
    assert ExportedPerson.objects.filter(job=job).count() == 2
    event = AuditEvent.objects.get(action="exchange.export")
    assert event.details["rows"] == 2 and event.details["identifying"] is True
    assert "Amal" not in json.dumps(event.details)


def test_case_worker_gets_a_de_identified_export_and_cannot_ask_for_identifying(org_a, actor_a):
    make_case(actor_a)
    worker = actor_for(member(org_a, Role.CASE_WORKER), org_a)
    with pytest.raises(ActionDenied):
        services.export_request(actor=worker, file_format="csv", is_identifying=True)
    _job, content = export_bytes(worker)
    header = content.decode("utf-8-sig").splitlines()[0].split(",")
    assert (
        "prs_FirstName" not in header
        and "prs_Birthdate" not in header
        and "per_RoleDetails" not in header
    )
    assert "prs_Gender" in header and "ext_AgeBand" in header
    assert b"Amal" not in content and b"ID-77" not in content and b"Ran the farm" not in content
    assert not ExportedPerson.objects.exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.COORDINATOR])
def test_aggregate_roles_cannot_export_rows(org_a, actor_a, role):
    make_case(actor_a)
    analyst = actor_for(member(org_a, role), org_a)
    with pytest.raises(ActionDenied) as refused:
        services.export_request(actor=analyst, file_format="csv", is_identifying=False)
    assert "statistics only" in refused.value.message
    assert not ExportJob.objects.exists()


def test_other_organisations_cases_only_through_a_grant_and_only_the_sections_it_opens(
    org_a, org_b, actor_a
):
    case = make_case(actor_a)
    make_case(actor_a, first_name="Other")
    # A service provider of organisation B who is also its analyst: shared scope, export permission.
    person = member(org_b, Role.SERVICE_PROVIDER, Role.ANALYST)
    provider = actor_for(person, org_b)
    _job, content = export_bytes(provider)
    assert rows_of(content) == []
    CaseAccessGrant.objects.create(case=case, organisation=org_b, kind=GrantKind.SERVICE_REFERRAL)
    _job, content = export_bytes(provider)
    rows = rows_of(content)
    assert len(rows) == 2  # only the granted case
    victim = next(row for row in rows if row["ext_Role"] == "victim")
    assert victim["prs_Gender"] == "Feminine"  # persons: the service needs to know who is coming
    assert (
        victim["vic_TypeOfExploitation"] == "" and victim["vic_TraffickingStatus"] == ""
    )  # not what happened
    assert victim["cas_ReasonForIncomingReferral"] == "Other"


def test_formula_like_cells_are_neutralised_in_csv_and_xlsx(actor_a):
    make_case(actor_a, first_name="=cmd|' /C calc'!A0")
    _job, content = export_bytes(actor_a, identifying=True)
    victim = next(row for row in rows_of(content) if row["ext_Role"] == "victim")
    assert victim["prs_FirstName"] == "'=cmd|' /C calc'!A0"
    assert victim["prs_MobilePhone"] == "'+356 2122 3344"
    assert victim["prs_MailingLongitude"] == "'-14.5"
    _job, content = export_bytes(actor_a, file_format="xlsx", identifying=True)
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "'=cmd|' /C calc'!A0" in values
    assert not any(str(value).startswith(("=", "+", "-", "@")) for value in values)
    _job, content = export_bytes(actor_a, file_format="json", identifying=True)
    names = [
        person["prs_FirstName"]
        for case in json.loads(content)["cases"]
        for person in case["persons"]
    ]
    assert "=cmd|' /C calc'!A0" in names  # JSON is not a spreadsheet: values stay as they are


def test_export_files_are_encrypted_deleted_after_download_and_expire(actor_a, settings):
    make_case(actor_a)
    job = services.export_request(actor=actor_a, file_format="csv", is_identifying=True)
    job = services.export_run(actor=actor_a, job=job)
    path = storage.path_for(storage.exports_dir(), job.stored_name)
    assert path.parent == settings.WAYPOINT_EXPORTS_DIR
    assert b"Amal" not in path.read_bytes()
    content = b"".join(services.export_download(actor=actor_a, job=job))
    assert b"Amal" in content
    assert not path.exists()
    job.refresh_from_db()
    assert job.downloaded_at is not None and job.deleted_at is not None and job.stored_name == ""
    with pytest.raises(ValidationFailed):
        services.export_download(actor=actor_a, job=job)
    # Another export left undownloaded expires.
    other = services.export_run(
        actor=actor_a,
        job=services.export_request(actor=actor_a, file_format="json", is_identifying=False),
    )
    other_path = storage.path_for(storage.exports_dir(), other.stored_name)
    from waypoint.exchange.tasks import purge_expired_files

    assert purge_expired_files.call() == 0
    removed = services.exchange_files_purge(
        actor=__import__("waypoint.access.actor", fromlist=["Actor"]).Actor.system("test"),
        now=timezone.now() + dt.timedelta(hours=25),
    )
    assert removed == 1 and not other_path.exists()
    assert AuditEvent.objects.filter(action="exchange.export_expire").count() == 1
    assert AuditEvent.objects.filter(action="exchange.download").count() == 1


def test_only_the_requester_downloads(org_a, actor_a):
    make_case(actor_a)
    job = services.export_run(
        actor=actor_a,
        job=services.export_request(actor=actor_a, file_format="csv", is_identifying=False),
    )
    colleague = actor_for(member(org_a, Role.CASE_SUPERVISOR), org_a)
    from waypoint.common.errors import NotVisible

    with pytest.raises(NotVisible):
        services.export_download(actor=colleague, job=job)
    job.refresh_from_db()
    assert job.downloaded_at is None


def _comparable(link):
    """Everything but the row's identity and what belongs to the organisation that holds it."""
    levels = {spec.name: spec.level for spec in FIELDS}
    return {
        name: value
        for name, value in record_values(link).items()
        if levels[name] is not Level.META and name not in ("cas_CaseOwner", "ext_OpenedOn")
    }


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_round_trip_into_another_organisation_gives_the_same_records_and_codes(
    actor_a, actor_b, org_a, org_b, file_format
):
    make_case(actor_a)
    imported = run_import(
        actor_a,
        csv_bytes(
            [
                {
                    "ext_SourceRecordId": "x1",
                    "ext_CaseReference": "K",
                    "prs_Gender": "NonConforming",
                    "ext_AgeBand": "24-26",
                    "ext_RegistrationYear": "2014-2018",
                    "ext_UNRegionOfOrigin": "Asia",
                    "ext_KnownAbsent": "vic_TypeOfExploitation=ForcedMarriage",
                    "vic_MethodsOfControl": "RestrictsMovement",
                    "ext_Deidentified": "TRUE",
                    "cas_Status": "Closed",
                    "ext_ClosureReason": "LostContact",
                },
            ]
        ),
    )
    assert imported.status == JobStatus.SUCCEEDED, imported.report
    _job, content = export_bytes(actor_a, file_format=file_format, identifying=True)
    job = run_import(actor_b, content, file_format=file_format)
    assert job.status == JobStatus.SUCCEEDED, job.report
    assert job.records_created == 3
    originals = {
        str(link.public_id): link
        for link in CasePerson.objects.filter(case__owner_organisation=org_a)
        .select_related("case", "person")
        .prefetch_related(*LINK_PREFETCH)
    }
    copies = {
        link.source_record_id: link
        for link in CasePerson.objects.filter(case__owner_organisation=org_b)
        .select_related("case", "person")
        .prefetch_related(*LINK_PREFETCH)
    }
    assert set(copies) == set(originals)
    for key, original in originals.items():
        assert _comparable(copies[key]) == _comparable(original), key
    # Importing the same export again changes nothing.
    again = run_import(actor_b, content, file_format=file_format)
    assert (again.records_created, again.records_updated, again.records_unchanged) == (0, 0, 3)


def test_erasing_a_person_removes_every_export_file_and_closes_its_download(actor_a):
    from waypoint.retention.erasure import ErasureReport, erase_person

    case = make_case(actor_a)
    job = services.export_run(
        actor=actor_a,
        job=services.export_request(actor=actor_a, file_format="csv", is_identifying=True),
    )
    path = storage.path_for(storage.exports_dir(), job.stored_name)
    assert path.exists()
    person = CasePerson.objects.get(case=case, role="victim").person
    report = ErasureReport()
    erase_person(person, report)
    assert not path.exists() and report.export_files_deleted == 1
    job.refresh_from_db()
    assert job.stored_name == "" and job.deleted_at is not None
    with pytest.raises(ValidationFailed):
        services.export_download(actor=actor_a, job=job)
