"""The case-management API as users of two organisations and several roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from waypoint.audit.models import AuditEvent
from waypoint.cases import services
from waypoint.cases.models import Case, CaseNote, CasePerson, CasePersonCode, CaseTask, Document
from waypoint.cases.tests.conftest import PDF
from waypoint.people.services import person_create
from waypoint.testing.factories import api_client, member

IDENTIFYING_KEYS = {"first_name", "second_name", "birthdate", "identity_number", "mobile_phone"}


def client_for(world, name):
    return api_client(world.users[name], world.org_of(name))


def _text(response):
    return response.content.decode()


# --- case list -----------------------------------------------------------------------------


def _extra_cases(world, count):
    from waypoint.testing.factories import actor_for

    actor = actor_for(world.users["worker_a"], world.org_a)
    for index in range(count):
        person = person_create(actor=actor, values={"gender": "Masculine", "citizenship": ["EG"]})
        case = services.case_open(actor=actor, persons=[(person, "victim")])
        services.task_create(
            actor=actor, case=case, title=f"Task {index}", due_on=timezone.localdate()
        )


@pytest.mark.django_db
def test_case_list_query_count_does_not_grow_with_rows(world, django_assert_num_queries):
    client = client_for(world, "worker_a")
    client.get(reverse("api:cases"))  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("api:cases")).status_code == 200
    _extra_cases(world, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("api:cases"))
    assert response.json()["count"] == 7


@pytest.mark.django_db
def test_person_list_query_count_does_not_grow_with_rows(world, django_assert_num_queries):
    client = client_for(world, "worker_a")
    client.get(reverse("api:persons"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("api:persons"))
    _extra_cases(world, 5)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("api:persons"))
    assert response.json()["count"] == 7


@pytest.mark.django_db
def test_case_list_filters_search_and_sort(world):
    client = client_for(world, "worker_a")
    url = reverse("api:cases")
    ref = world.case.reference

    def refs(**params):
        return [row["reference"] for row in client.get(url, params).json()["results"]]

    _extra_cases(world, 1)
    assert ref in refs(exploitation_type="ForcedLabour")
    assert refs(exploitation_type="SexualExploitation") == []
    assert refs(nationality="PH") == [ref]
    assert refs(search="construction") == [ref]
    assert refs(search=ref[2:6]) == [ref]
    assert refs(identity_number="XQ123456") == [ref]
    assert refs(first_name="Zorblina", second_name="Quenwick", birthdate="1995-05-17") == [ref]
    assert refs(overdue_tasks="true") == [ref]
    assert len(refs(assigned_to_me="true")) == 2
    assert refs(status="Closed") == []
    assert refs(organisation=str(world.org_b.public_id)) == []
    assert refs(sort="opened")[0] == ref
    page = client.get(url, {"page_size": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]
    row = client.get(url).json()["results"][0]
    assert not IDENTIFYING_KEYS & set(row) and "summary" not in row


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("worker_a", "both"),
        ("supervisor_a", "both"),
        ("responder", "none"),
        ("worker_b", "own_b"),
        ("decision_b", "shared"),
        ("provider_b", "shared"),
        ("auditor_a", "forbidden"),
    ],
)
def test_case_list_scope_by_role(world, name, expected):
    response = client_for(world, name).get(reverse("api:cases"))
    if expected == "forbidden":
        assert response.status_code == 403 and world.case.reference not in _text(response)
        return
    got = {row["reference"] for row in response.json()["results"]}
    wanted = {
        "both": {world.case.reference},
        "none": set(),
        "own_b": {world.case_b.reference},
        "shared": {world.case.reference},
    }[expected]
    assert got == wanted


# --- case detail and need to know ----------------------------------------------------------


@pytest.mark.django_db
def test_owner_sees_every_section(world):
    body = (
        client_for(world, "worker_a").get(reverse("api:case", args=[world.case.public_id])).json()
    )
    assert body["can_work"] is True
    for key in ("persons", "events", "support_plans", "tasks", "documents", "consents", "summary"):
        assert key in body
    victim = next(p for p in body["persons"] if p["role"] == "victim")
    assert victim["person"]["first_name"] == "Zorblina"
    context = victim["htcds_context"]
    assert context["codes"]["vic_TypeOfExploitation"] == ["ForcedLabour"]
    assert context["codes"]["vic_TypeOfSexExploitation"] == []
    assert context["age_when_trafficked"] == 0 and context["is_child_when_exploited"] is None
    assert [n["body"] for n in body["notes"]] == ["Zorblina prefers Tagalog"]


@pytest.mark.django_db
def test_decision_maker_sees_only_nrm_sections(world):
    body = (
        client_for(world, "decision_b").get(reverse("api:case", args=[world.case.public_id])).json()
    )
    assert set(body["sections"]) == {
        "summary",
        "persons",
        "identifying",
        "victim_context",
        "events",
        "documents",
        "consent",
        "referrals",
    }
    for absent in ("tasks", "support_plans", "summary"):
        assert absent not in body
    assert body["notes"] == []
    assert "Call the shelter" not in str(body) and "Safe bed" not in str(body)
    assert "Tagalog" not in str(body)


@pytest.mark.django_db
def test_service_provider_sees_only_service_sections(world):
    body = (
        client_for(world, "provider_b").get(reverse("api:case", args=[world.case.public_id])).json()
    )
    assert "events" not in body and "documents" not in body and "tasks" not in body
    assert "htcds_context" not in body["persons"][0]
    assert body["persons"][0]["person"]["first_name"] in ("Zorblina", "Varnok")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["worker_b", "supervisor_b", "responder"])
def test_case_not_visible_is_404_without_data(world, name):
    response = client_for(world, name).get(reverse("api:case", args=[world.case.public_id]))
    assert response.status_code == 404
    assert world.case.reference not in _text(response) and "Zorblina" not in _text(response)


@pytest.mark.django_db
def test_first_responder_own_case_versus_colleague(world):
    from waypoint.testing.factories import actor_for

    responder = actor_for(world.users["responder"], world.org_a)
    person = person_create(
        actor=responder, values={"first_name": "Ilvy", "second_name": "Marrowgate"}
    )
    own = services.case_open(actor=responder, persons=[(person, "victim")])
    client = client_for(world, "responder")
    assert client.get(reverse("api:case", args=[own.public_id])).status_code == 200
    note = client.post(
        reverse("api:case_notes", args=[own.public_id]), {"body": "seen at port"}, format="json"
    )
    assert note.status_code == 201
    colleague = client_for(world, "responder_colleague")
    response = colleague.get(reverse("api:case", args=[own.public_id]))
    assert response.status_code == 404 and "Ilvy" not in _text(response)
    denied = colleague.post(
        reverse("api:case_notes", args=[own.public_id]), {"body": "x"}, format="json"
    )
    assert denied.status_code == 404
    assert CaseNote.objects.filter(case=own).count() == 1


# --- actions ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_open_case_through_api(world):
    client = client_for(world, "worker_a")
    response = client.post(
        reverse("api:cases"),
        {
            "persons": [{"person": str(world.victim.public_id), "role": "victim"}],
            "summary": "second case",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["case"]["reference"].startswith("C-")
    unseen = client_for(world, "worker_b").post(
        reverse("api:cases"),
        {"persons": [{"person": str(world.victim.public_id), "role": "victim"}]},
        format="json",
    )
    assert unseen.status_code == 400 and "persons[0].person" in unseen.json()["error"]["fields"]
    assert Case.objects.count() == 3


@pytest.mark.django_db
def test_edit_case_with_stale_version_is_409(world):
    client = client_for(world, "worker_a")
    url = reverse("api:case", args=[world.case.public_id])
    version = world.case.version
    assert (
        client.patch(url, {"version": version, "status": "FollowUp"}, format="json").status_code
        == 200
    )
    stale = client.patch(url, {"version": version, "summary": "mine"}, format="json")
    assert stale.status_code == 409
    assert set(stale.json()["error"]) == {"code", "message", "fields"}
    world.case.refresh_from_db()
    assert world.case.summary == "Met at the Quenwick bakery" and world.case.status == "FollowUp"


@pytest.mark.django_db
def test_decision_maker_cannot_edit_shared_case(world):
    client = client_for(world, "decision_b")
    url = reverse("api:case", args=[world.case.public_id])
    response = client.patch(url, {"version": world.case.version, "summary": "x"}, format="json")
    assert response.status_code == 403
    world.case.refresh_from_db()
    assert world.case.summary == "Met at the Quenwick bakery"


@pytest.mark.django_db
def test_close_and_reopen(world):
    client = client_for(world, "worker_a")
    close_url = reverse("api:case_close", args=[world.case.public_id])
    missing = client.post(close_url, {"version": world.case.version}, format="json")
    assert missing.status_code == 400 and "closure_reason" in missing.json()["error"]["fields"]
    closed = client.post(
        close_url,
        {"version": world.case.version, "closure_reason": "SupportCompleted"},
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "Closed"
    reopened = client.post(
        reverse("api:case_reopen", args=[world.case.public_id]),
        {"version": closed.json()["version"], "reason": "new need"},
        format="json",
    )
    assert reopened.status_code == 200 and reopened.json()["reopened_count"] == 1
    denied = client_for(world, "provider_b").post(
        close_url, {"version": reopened.json()["version"], "closure_reason": "Other"}, format="json"
    )
    assert denied.status_code == 403
    assert Case.objects.get(pk=world.case.pk).status == "Active"


@pytest.mark.django_db
def test_assign_within_organisation_only(world):
    supervisor = client_for(world, "supervisor_a")
    url = reverse("api:case_assign", args=[world.case.public_id])
    ok = supervisor.post(url, {"user": str(world.users["responder"].public_id)}, format="json")
    assert ok.status_code == 200 and ok.json()["case_owner"]["id"] == str(
        world.users["responder"].public_id
    )
    outsider = supervisor.post(url, {"user": str(world.users["worker_b"].public_id)}, format="json")
    assert outsider.status_code == 400
    worker = client_for(world, "worker_a").post(url, {"user": None}, format="json")
    assert worker.status_code == 403
    assert Case.objects.get(pk=world.case.pk).case_owner == world.users["responder"]


@pytest.mark.django_db
def test_transfer_accept_changes_access_only_then(world):
    a = client_for(world, "supervisor_a")
    b = client_for(world, "supervisor_b")
    request = a.post(
        reverse("api:case_transfer", args=[world.case.public_id]),
        {"to_organisation": str(world.org_b.public_id), "reason": "moved to the north"},
        format="json",
    )
    assert request.status_code == 201
    transfer_id = request.json()["id"]
    assert (
        client_for(world, "worker_b")
        .get(reverse("api:case", args=[world.case.public_id]))
        .status_code
        == 404
    )
    incoming = b.get(reverse("api:case_transfers")).json()
    assert [row["id"] for row in incoming] == [transfer_id]
    # The sender cannot accept its own request.
    assert (
        a.post(
            reverse("api:case_transfer_accept", args=[transfer_id]), {}, format="json"
        ).status_code
        == 404
    )
    accepted = b.post(reverse("api:case_transfer_accept", args=[transfer_id]), {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert (
        client_for(world, "worker_b")
        .get(reverse("api:case", args=[world.case.public_id]))
        .status_code
        == 200
    )
    assert (
        client_for(world, "worker_a")
        .get(reverse("api:case", args=[world.case.public_id]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_transfer_decline_needs_reason_and_cancel(world):
    a = client_for(world, "supervisor_a")
    b = client_for(world, "supervisor_b")
    transfer_id = a.post(
        reverse("api:case_transfer", args=[world.case.public_id]),
        {"to_organisation": str(world.org_b.public_id), "reason": "capacity"},
        format="json",
    ).json()["id"]
    no_reason = b.post(reverse("api:case_transfer_decline", args=[transfer_id]), {}, format="json")
    assert no_reason.status_code == 400
    declined = b.post(
        reverse("api:case_transfer_decline", args=[transfer_id]), {"reason": "full"}, format="json"
    )
    assert declined.json()["status"] == "declined"
    second = a.post(
        reverse("api:case_transfer", args=[world.case.public_id]),
        {"to_organisation": str(world.org_b.public_id), "reason": "again"},
        format="json",
    ).json()["id"]
    assert (
        b.post(reverse("api:case_transfer_cancel", args=[second]), {}, format="json").status_code
        == 404
    )
    assert (
        a.post(reverse("api:case_transfer_cancel", args=[second]), {}, format="json").json()[
            "status"
        ]
        == "cancelled"
    )
    assert Case.objects.get(pk=world.case.pk).owner_organisation == world.org_a


@pytest.mark.django_db
def test_add_person_and_edit_context_with_conflict(world):
    client = client_for(world, "worker_a")
    from waypoint.testing.factories import actor_for

    extra = person_create(
        actor=actor_for(world.users["worker_a"], world.org_a), values={"first_name": "Quill"}
    )
    added = client.post(
        reverse("api:case_persons", args=[world.case.public_id]),
        {"person": str(extra.public_id), "role": "perpetrator"},
        format="json",
    )
    assert added.status_code == 201
    url = reverse("api:case_person", args=[added.json()["id"]])
    version = added.json()["version"]
    saved = client.patch(
        url,
        {
            "version": version,
            "codes": {"per_RoleInProcess": ["Recruiter", "Exploiter"]},
            "perpetrator_organisation": str(world.org_b.public_id),
        },
        format="json",
    )
    assert saved.status_code == 400 and "per_RoleInProcess" in saved.json()["error"]["fields"]
    saved = client.patch(
        url,
        {
            "version": version,
            "codes": {"per_RoleInProcess": ["RecruiterOrIntermediary", "Exploiter"]},
        },
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["htcds_context"]["codes"]["per_RoleInProcess"] == [
        "Exploiter",
        "RecruiterOrIntermediary",
    ]
    stale = client.patch(
        url, {"version": version, "codes": {"per_RoleInProcess": []}}, format="json"
    )
    assert stale.status_code == 409
    assert CasePersonCode.objects.filter(case_person__public_id=added.json()["id"]).count() == 2
    denied = client_for(world, "decision_b").patch(
        url, {"version": saved.json()["version"], "codes": {"per_RoleInProcess": []}}, format="json"
    )
    assert denied.status_code == 403
    assert CasePersonCode.objects.filter(case_person__public_id=added.json()["id"]).count() == 2


@pytest.mark.django_db
def test_tasks_create_update_complete_and_conflict(world):
    client = client_for(world, "worker_a")
    created = client.post(
        reverse("api:case_tasks", args=[world.case.public_id]),
        {
            "title": "Book the interpreter",
            "due_on": str(timezone.localdate() + dt.timedelta(days=3)),
        },
        format="json",
    )
    assert created.status_code == 201
    task = created.json()
    updated = client.patch(
        reverse("api:case_task", args=[task["id"]]),
        {"version": task["version"], "title": "Book a Tagalog interpreter"},
        format="json",
    )
    assert updated.status_code == 200
    stale = client.post(
        reverse("api:case_task_status", args=[task["id"]]),
        {"version": task["version"], "status": "done"},
        format="json",
    )
    assert stale.status_code == 409
    done = client.post(
        reverse("api:case_task_status", args=[task["id"]]),
        {"version": updated.json()["version"], "status": "done"},
        format="json",
    )
    assert done.json()["status"] == "done" and done.json()["completed_at"]
    denied = client_for(world, "decision_b").get(
        reverse("api:case_tasks", args=[world.case.public_id])
    )
    assert denied.status_code == 404 and "interpreter" not in _text(denied)
    other = client_for(world, "worker_b").post(
        reverse("api:case_task_status", args=[task["id"]]),
        {"version": 9, "status": "open"},
        format="json",
    )
    assert other.status_code == 404
    assert CaseTask.objects.get(public_id=task["id"]).status == "done"


@pytest.mark.django_db
def test_support_plan_and_events(world):
    client = client_for(world, "worker_a")
    plan = client.post(
        reverse("api:case_support_plans", args=[world.case.public_id]),
        {"plan_type": "Legal", "objectives": "Residence permit"},
        format="json",
    )
    assert plan.status_code == 201
    changed = client.patch(
        reverse("api:support_plan", args=[plan.json()["id"]]),
        {"version": plan.json()["version"], "action_plan": "Apply in May"},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["action_plan"] == "Apply in May"
    stale = client.patch(
        reverse("api:support_plan", args=[plan.json()["id"]]),
        {"version": plan.json()["version"], "action_plan": "x"},
        format="json",
    )
    assert stale.status_code == 409
    event = client.post(
        reverse("api:case_events", args=[world.case.public_id]),
        {"event_type": "Exploitation", "country": "MT", "event_date": "2024-03-01"},
        format="json",
    )
    assert event.status_code == 201
    assert client.delete(reverse("api:case_event", args=[event.json()["id"]])).status_code == 204
    denied = client_for(world, "decision_b").delete(
        reverse("api:case_event", args=[world.event.public_id])
    )
    assert denied.status_code == 403
    assert world.case.events.count() == 1


@pytest.mark.django_db
def test_document_upload_download_audited_and_refused_across_organisations(world):
    client = client_for(world, "worker_a")
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = client.post(
        reverse("api:case_documents", args=[world.case.public_id]),
        {
            "file": SimpleUploadedFile("evil.pdf", b"MZ\x90\x00binary"),
            "title": "x",
            "document_type": "other",
        },
        format="multipart",
    )
    assert bad.status_code == 400 and "file" in bad.json()["error"]["fields"]
    uploaded = client.post(
        reverse("api:case_documents", args=[world.case.public_id]),
        {
            "file": SimpleUploadedFile("contract.pdf", PDF),
            "title": "Contract",
            "document_type": "employment",
        },
        format="multipart",
    )
    assert uploaded.status_code == 201, uploaded.content
    url = reverse("api:document_content", args=[uploaded.json()["id"]])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert (
        AuditEvent.objects.filter(
            action="case.document_download", target_id=uploaded.json()["id"]
        ).count()
        == 1
    )
    for name, code in (("worker_b", 404), ("provider_b", 403), ("supervisor_b", 404)):
        refused = client_for(world, name).get(url)
        assert refused.status_code == code and PDF not in refused.content
    # The competent authority's NRM grant includes documents.
    assert client_for(world, "decision_b").get(url).status_code == 200
    assert AuditEvent.objects.filter(action="case.document_download").count() == 2
    assert Document.objects.filter(case=world.case).count() == 2


@pytest.mark.django_db
def test_history_and_my_work(world):
    client = client_for(world, "worker_a")
    history = client.get(reverse("api:case_history", args=[world.case.public_id])).json()["results"]
    actions = {row["action"] for row in history}
    assert {"case.open", "case.task_create", "case.document_upload"} <= actions
    assert "Zorblina" not in str(history)
    assert (
        client_for(world, "decision_b")
        .get(reverse("api:case_history", args=[world.case.public_id]))
        .json()["results"]
        == []
    )
    work = client.get(reverse("api:my_work")).json()
    assert [task["id"] for task in work["overdue_tasks"]] == [str(world.task.public_id)]
    assert [task["id"] for task in work["open_tasks"]] == [str(world.task.public_id)]


@pytest.mark.django_db
def test_service_provider_adds_own_note_and_reads_only_its_own(world):
    client = client_for(world, "provider_b")
    note = client.post(
        reverse("api:case_notes", args=[world.case.public_id]), {"body": "Bed ready"}, format="json"
    )
    assert note.status_code == 201
    notes = client.get(reverse("api:case_notes", args=[world.case.public_id])).json()
    assert [n["body"] for n in notes] == ["Bed ready"]
    assert CasePerson.objects.filter(case=world.case).count() == 2
    member(world.org_b, "case_worker")
