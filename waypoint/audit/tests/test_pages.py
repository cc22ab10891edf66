import pytest

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.audit import services as audit
from waypoint.testing.factories import (
    OrganisationFactory,
    actor_for,
    api_client,
    member,
    signed_in_client,
)


@pytest.fixture
def events(org_a, org_b):
    worker_a = member(org_a, Role.CASE_WORKER, username="worker_a")
    worker_b = member(org_b, Role.CASE_WORKER, username="worker_b")
    audit.record(
        actor=actor_for(worker_a, org_a),
        action="case.view",
        target_type="cases.case",
        target_id="11111111-1111-1111-1111-111111111111",
    )
    audit.record(
        actor=actor_for(worker_b, org_b),
        action="case.view",
        target_type="cases.case",
        target_id="22222222-2222-2222-2222-222222222222",
    )


@pytest.mark.django_db
def test_auditor_searches_own_organisation_events(org_a, org_b, events):
    auditor = member(org_a, Role.AUDITOR)
    response = signed_in_client(auditor).get("/audit/", {"user": "worker_a"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "11111111-1111-1111-1111-111111111111" in body
    assert "22222222" not in body


@pytest.mark.django_db
def test_auditor_of_other_organisation_never_sees_these_events(org_a, org_b, events):
    auditor = member(org_b, Role.AUDITOR)
    response = api_client(auditor).get(
        "/api/v1/audit-events/", {"record": "11111111-1111-1111-1111-111111111111"}
    )
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_national_auditor_sees_every_event(events):
    national = OrganisationFactory(
        name="National Coordination", org_type=OrganisationType.NATIONAL_COORDINATION
    )
    auditor = member(national, Role.AUDITOR)
    response = api_client(auditor).get("/api/v1/audit-events/", {"action": "case."})
    assert response.json()["count"] == 2


@pytest.mark.django_db
def test_audit_filters_by_date_and_reject_bad_dates(org_a, events):
    auditor = member(org_a, Role.AUDITOR)
    client = api_client(auditor)
    response = client.get("/api/v1/audit-events/", {"date_from": "2999-01-01"})
    assert response.json()["count"] == 0
    response = client.get("/api/v1/audit-events/", {"date_from": "not a date"})
    assert response.status_code == 400
    assert "date_from" in response.json()["error"]["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r != Role.AUDITOR])
def test_other_roles_cannot_read_the_audit_log(org_a, events, role):
    person = member(org_a, role)
    page = signed_in_client(person).get("/audit/")
    assert page.status_code == 403
    assert b"11111111" not in page.content
    response = api_client(person).get("/api/v1/audit-events/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert "results" not in response.json()
