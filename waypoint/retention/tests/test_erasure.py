import datetime as dt

import pytest
from django.db import connection

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.cases import services as case_services
from waypoint.cases.models import CaseNote, Document
from waypoint.common import files
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.people.models import Person
from waypoint.retention import services
from waypoint.retention.models import ErasureRequest
from waypoint.testing.factories import (
    actor_for,
    api_client,
    member,
    person_and_case,
    signed_in_client,
)

SECRETS = (
    "Yasmin",
    "Erasable",
    "ER-778899",
    "2002-02-02",
    "Confidential note about Yasmin",
    "passport of Yasmin",
)


def _raw_dump():
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    return " ".join(chunks)


@pytest.fixture
def subject(org_a, settings, tmp_path):
    worker = member(org_a, Role.CASE_WORKER)
    actor = actor_for(worker, org_a)
    person, case = person_and_case(
        org_a,
        opener=worker,
        values={
            "first_name": "Yasmin",
            "second_name": "Erasable",
            "identity_number": "ER-778899",
            "birthdate": dt.date(2002, 2, 2),
            "gender": "Feminine",
            "citizenship": ["SY"],
        },
    )
    case_services.note_add(actor=actor, case=case, body="Confidential note about Yasmin")
    document = case_services.document_upload(
        actor=actor,
        case=case,
        content=b"%PDF-1.4 passport of Yasmin",
        file_name="passport.pdf",
        title="passport",
        document_type="identity",
    )
    settings.WAYPOINT_EXPORTS_DIR.mkdir(parents=True, exist_ok=True)
    (settings.WAYPOINT_EXPORTS_DIR / "export.csv").write_text("prs_FirstName\nYasmin\n")
    return {"worker": worker, "person": person, "case": case, "document": document}


@pytest.mark.django_db
def test_erasure_needs_a_second_person_and_then_removes_every_trace(org_a, subject, settings):
    requester = actor_for(subject["worker"], org_a)
    request = services.erasure_request_create(
        actor=requester, person=subject["person"], reason="The person asked (art. 17)"
    )
    # The requester cannot approve their own request, even with the role.
    from waypoint.accounts.models import Membership

    Membership.objects.create(user=subject["worker"], organisation=org_a, role=Role.AUDITOR)
    with pytest.raises(ValidationFailed, match="second person"):
        services.erasure_request_decide(
            actor=actor_for(subject["worker"], org_a), request=request, approve=True
        )
    assert Person.objects.get(pk=subject["person"].pk).first_name == "Yasmin"
    dpo = actor_for(member(org_a, Role.AUDITOR), org_a)
    done = services.erasure_request_decide(actor=dpo, request=request, approve=True)
    assert done.status == "executed"
    person = Person.objects.get(pk=subject["person"].pk)
    assert (
        person.first_name is None and person.identity_number_index == "" and person.is_deidentified
    )
    # The statistical record stays: gender, citizenship, the victim link and its codes.
    assert person.gender == "Feminine"
    assert list(person.citizenships.values_list("country", flat=True)) == ["SY"]
    assert subject["case"].case_persons.filter(role="victim").exists()
    assert not CaseNote.objects.exists() and not Document.objects.exists()
    assert not files.exists(subject["document"].stored_name)
    assert not any(settings.WAYPOINT_EXPORTS_DIR.iterdir())
    dump = _raw_dump()
    for secret in SECRETS:
        assert secret not in dump
    event = AuditEvent.objects.get(action="retention.erasure_execute")
    assert event.target_id == str(subject["person"].public_id)
    assert event.details["documents_deleted"] == 1


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_changes_nothing(org_a, subject):
    request = services.erasure_request_create(
        actor=actor_for(subject["worker"], org_a), person=subject["person"], reason="asked"
    )
    dpo = actor_for(member(org_a, Role.AUDITOR), org_a)
    with pytest.raises(ValidationFailed):
        services.erasure_request_decide(actor=dpo, request=request, approve=False)
    services.erasure_request_decide(
        actor=dpo, request=request, approve=False, note="Needed for the ongoing trial"
    )
    assert Person.objects.get(pk=subject["person"].pk).first_name == "Yasmin"
    assert ErasureRequest.objects.get().status == "rejected"


@pytest.mark.django_db
def test_other_organisations_cannot_request_or_approve(org_a, org_b, subject):
    with pytest.raises(NotVisible):
        services.erasure_request_create(
            actor=actor_for(member(org_b, Role.CASE_WORKER), org_b),
            person=subject["person"],
            reason="x",
        )
    request = services.erasure_request_create(
        actor=actor_for(subject["worker"], org_a), person=subject["person"], reason="asked"
    )
    with pytest.raises(NotVisible):
        services.erasure_request_decide(
            actor=actor_for(member(org_b, Role.AUDITOR), org_b), request=request, approve=True
        )
    with pytest.raises(ActionDenied):
        services.erasure_request_decide(
            actor=actor_for(member(org_a, Role.CASE_SUPERVISOR), org_a),
            request=request,
            approve=True,
        )
    assert Person.objects.get(pk=subject["person"].pk).first_name == "Yasmin"


@pytest.mark.django_db
def test_retention_schedule_removes_what_is_due_and_keeps_the_rest(org_a, subject, settings):
    admin = actor_for(member(org_a, Role.SYSTEM_ADMIN), org_a)
    services.retention_schedule_save(
        actor=admin,
        country=settings.WAYPOINT_COUNTRY,
        record_type="case_identifying",
        keep_months=60,
    )
    services.retention_schedule_save(
        actor=admin, country=settings.WAYPOINT_COUNTRY, record_type="case_documents", keep_months=12
    )
    worker = actor_for(subject["worker"], org_a)
    case = subject["case"]
    case_services.case_close(
        actor=worker,
        case=case,
        closure_reason="SupportCompleted",
        closed_on=dt.date.today(),
        expected_version=case.version,
    )
    from waypoint.access.actor import Actor

    system = Actor.system("test")
    services.retention_apply(actor=system, today=dt.date.today())
    assert Document.objects.count() == 1
    services.retention_apply(actor=system, today=dt.date.today() + dt.timedelta(days=400))
    assert Document.objects.count() == 0
    assert Person.objects.get(pk=subject["person"].pk).first_name == "Yasmin"
    run = services.retention_apply(actor=system, today=dt.date.today() + dt.timedelta(days=61 * 31))
    assert Person.objects.get(pk=subject["person"].pk).first_name is None
    assert run.report["applied"]["case_identifying"] == 1


@pytest.mark.django_db
def test_erasure_through_the_pages_and_api(org_a, subject):
    client = signed_in_client(subject["worker"])
    response = client.post(
        f"/retention/persons/{subject['person'].public_id}/erase/", {"reason": "asked"}, follow=True
    )
    assert b"Erasure requested" in response.content
    dpo = member(org_a, Role.AUDITOR)
    request = ErasureRequest.objects.get()
    api = api_client(dpo)
    listed = api.get("/api/v1/erasure-requests/").json()
    assert [item["id"] for item in listed] == [str(request.public_id)]
    decided = api.post(
        f"/api/v1/erasure-requests/{request.public_id}/decision/", {"approve": True}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "executed"
