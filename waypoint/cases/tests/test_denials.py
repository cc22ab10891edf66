"""Every write, tried by people who may not make it: refused, no data in the answer, no change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waypoint.cases.models import (
    Case,
    CaseAccessGrant,
    CaseNote,
    CasePerson,
    CasePersonCode,
    CaseTask,
    CaseTransfer,
    Document,
    SupportPlan,
    TraffickingEvent,
)
from waypoint.cases.tests.conftest import PDF
from waypoint.people.models import ConsentRecord, Person
from waypoint.testing.factories import api_client, signed_in_client

SECRETS = ("Zorblina", "Quenwick", "XQ123456", "Tagalog", "Call the shelter")


def snapshot():
    return {
        "cases": list(
            Case.objects.order_by("pk").values_list(
                "pk", "version", "status", "owner_organisation_id", "case_owner_id"
            )
        ),
        "links": list(CasePerson.objects.order_by("pk").values_list("pk", "version")),
        "codes": CasePersonCode.objects.count(),
        "notes": CaseNote.objects.count(),
        "tasks": list(CaseTask.objects.order_by("pk").values_list("pk", "version", "status")),
        "documents": Document.objects.count(),
        "plans": list(SupportPlan.objects.order_by("pk").values_list("pk", "version")),
        "events": TraffickingEvent.objects.count(),
        "transfers": list(CaseTransfer.objects.values_list("pk", "status")),
        "grants": list(CaseAccessGrant.objects.values_list("pk", "revoked_at")),
        "persons": list(
            Person.objects.order_by("pk").values_list("pk", "version", "same_individual_as_id")
        ),
        "consents": list(ConsentRecord.objects.values_list("pk", "withdrawn_at")),
    }


def api_actions(world):
    case = world.case.public_id
    link = world.case.case_persons.get(role="victim").public_id
    v = world.case.version
    return [
        ("patch", reverse("api:case", args=[case]), {"version": v, "summary": "x"}),
        ("post", reverse("api:case_close", args=[case]), {"version": v, "closure_reason": "Other"}),
        ("post", reverse("api:case_assign", args=[case]), {"user": None}),
        (
            "post",
            reverse("api:case_transfer", args=[case]),
            {"to_organisation": str(world.org_b.public_id), "reason": "x"},
        ),
        (
            "post",
            reverse("api:case_persons", args=[case]),
            {"person": str(world.victim.public_id), "role": "contact"},
        ),
        (
            "patch",
            reverse("api:case_person", args=[link]),
            {"version": 1, "codes": {"vic_TypeOfExploitation": []}},
        ),
        ("post", reverse("api:case_notes", args=[case]), {"body": "x"}),
        ("post", reverse("api:case_tasks", args=[case]), {"title": "x"}),
        (
            "patch",
            reverse("api:case_task", args=[world.task.public_id]),
            {"version": world.task.version, "title": "x"},
        ),
        (
            "post",
            reverse("api:case_task_status", args=[world.task.public_id]),
            {"version": world.task.version, "status": "done"},
        ),
        ("post", reverse("api:case_support_plans", args=[case]), {"plan_type": "Legal"}),
        (
            "patch",
            reverse("api:support_plan", args=[world.plan.public_id]),
            {"version": world.plan.version, "objectives": "x"},
        ),
        ("post", reverse("api:case_events", args=[case]), {"event_type": "Transit"}),
        ("delete", reverse("api:case_event", args=[world.event.public_id]), None),
        (
            "patch",
            reverse("api:person", args=[world.victim.public_id]),
            {"version": world.victim.version, "first_name": "x"},
        ),
        (
            "post",
            reverse("api:person_consents", args=[world.victim.public_id]),
            {"purpose": "interview", "is_given": True},
        ),
        ("post", reverse("api:consent_withdraw", args=[world.consent.public_id]), {}),
        (
            "post",
            reverse("api:person_same_individual", args=[world.victim.public_id]),
            {"same_as": str(world.perpetrator.public_id)},
        ),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["worker_b", "supervisor_b", "responder", "decision_b", "provider_b", "auditor_a"]
)
def test_api_writes_refused_without_data_or_change(world, name):
    client = api_client(world.users[name], world.org_of(name))
    before = snapshot()
    for method, url, data in api_actions(world):
        if name == "provider_b" and url.endswith("/notes/"):
            continue  # service providers may add notes to a case shared with them (tested apart)
        response = getattr(client, method)(url, data, format="json")
        assert response.status_code in (400, 403, 404), (name, url, response.status_code)
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (name, url)
    upload = client.post(
        reverse("api:case_documents", args=[world.case.public_id]),
        {"file": __import__("io").BytesIO(PDF), "title": "x", "document_type": "other"},
        format="multipart",
    )
    assert upload.status_code in (403, 404)
    assert snapshot() == before


def page_actions(world):
    case = world.case.public_id
    link = world.case.case_persons.get(role="victim").public_id
    return [
        (
            reverse("cases:edit", args=[case]),
            {
                "version": world.case.version,
                "opened_on": world.case.opened_on.isoformat(),
                "status": "FollowUp",
                "summary": "x",
            },
        ),
        (
            reverse("cases:close", args=[case]),
            {"version": world.case.version, "status": "Closed", "closure_reason": "Other"},
        ),
        (reverse("cases:assign", args=[case]), {"case_owner": ""}),
        (
            reverse("cases:transfer", args=[case]),
            {"to_organisation": str(world.org_b.public_id), "reason": "x"},
        ),
        (
            reverse("cases:person_add", args=[case]),
            {"person": str(world.victim.public_id), "role": "contact"},
        ),
        (reverse("cases:context_edit", args=[link]), {"version": 1}),
        (reverse("cases:note_add", args=[case]), {"body": "x"}),
        (reverse("cases:task_create", args=[case]), {"title": "x"}),
        (
            reverse("cases:task_edit", args=[world.task.public_id]),
            {"version": world.task.version, "title": "x"},
        ),
        (
            reverse("cases:task_status", args=[world.task.public_id]),
            {"version": world.task.version, "status": "done"},
        ),
        (reverse("cases:plan_create", args=[case]), {"plan_type": "Legal"}),
        (
            reverse("cases:plan_edit", args=[world.plan.public_id]),
            {"version": world.plan.version, "plan_type": "Legal"},
        ),
        (reverse("cases:event_add", args=[case]), {"event_type": "Transit"}),
        (reverse("cases:event_delete", args=[world.event.public_id]), {}),
        (reverse("cases:document_upload", args=[case]), {"title": "x", "document_type": "other"}),
        (
            reverse("people:edit", args=[world.victim.public_id]),
            {"version": world.victim.version, "first_name": "x"},
        ),
        (
            reverse("people:consent_record", args=[world.victim.public_id]),
            {"purpose": "interview", "is_given": "true", "given_by": "person"},
        ),
        (reverse("people:consent_withdraw", args=[world.consent.public_id]), {}),
        (
            reverse("people:same_individual", args=[world.victim.public_id]),
            {"same_as": str(world.perpetrator.public_id)},
        ),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["worker_b", "supervisor_b", "responder_colleague", "decision_b", "provider_b"]
)
def test_page_writes_refused_without_data_or_change(world, name):
    client = signed_in_client(world.users[name], world.org_of(name))
    before = snapshot()
    for url, data in page_actions(world):
        if name == "provider_b" and url.endswith("/notes/"):
            continue  # service providers may add notes to a case shared with them (tested apart)
        response = client.post(url, data)
        assert response.status_code in (403, 404), (name, url, response.status_code)
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (name, url)
    assert snapshot() == before
