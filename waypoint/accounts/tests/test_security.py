import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from waypoint.access.roles import Role
from waypoint.accounts import services
from waypoint.accounts.models import Membership
from waypoint.audit.models import AuditEvent
from waypoint.testing.factories import PASSWORD, actor_for, api_client, member


@pytest.mark.django_db
def test_password_reset_does_not_reveal_whether_an_account_exists(org_a, mailoutbox):
    member(org_a, Role.CASE_WORKER, username="known")
    client = Client()
    known = client.post(
        "/accounts/password-reset/", {"email": "known@example.invalid"}, follow=True
    )
    unknown = client.post(
        "/accounts/password-reset/", {"email": "nobody@example.invalid"}, follow=True
    )
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain

    def strip(body):
        return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"', "", body.decode())

    assert strip(known.content) == strip(unknown.content)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["known@example.invalid"]


@pytest.mark.django_db
def test_password_reset_link_sets_a_new_password_and_ends_other_sessions(org_a, mailoutbox):
    person = member(org_a, Role.CASE_WORKER, username="resetme")
    other_session = Client()
    other_session.post("/accounts/login/", {"username": "resetme", "password": PASSWORD})
    assert other_session.get("/").status_code == 200
    _token, raw = services.api_token_issue(actor=actor_for(person, org_a), user=person)
    Client().post("/accounts/password-reset/", {"email": "resetme@example.invalid"})
    link = re.search(r"(/accounts/password-reset/[^/\s]+/[^/\s]+/)", mailoutbox[0].body).group(1)
    client = Client()
    form = client.get(link, follow=True)
    action = form.redirect_chain[-1][0]
    done = client.post(
        action,
        {"new_password1": "Harbour-Lights-2026!", "new_password2": "Harbour-Lights-2026!"},
        follow=True,
    )
    assert b"was changed" in done.content
    assert other_session.get("/").status_code == 302
    assert services.api_token_authenticate(raw) is None
    assert AuditEvent.objects.filter(action="user.password_reset").count() == 1
    signed = Client()
    signed.post("/accounts/login/", {"username": "resetme", "password": "Harbour-Lights-2026!"})
    assert signed.get("/").status_code == 200


@pytest.mark.django_db
def test_password_reset_requests_are_rate_limited(org_a, mailoutbox, settings):
    settings.WAYPOINT_RATE_LIMITS = {
        **settings.WAYPOINT_RATE_LIMITS,
        "password_reset_ip": (2, 3600),
    }
    client = Client()
    for _attempt in range(2):
        assert (
            client.post("/accounts/password-reset/", {"email": "x@example.invalid"}).status_code
            == 302
        )
    assert (
        client.post("/accounts/password-reset/", {"email": "x@example.invalid"}).status_code == 429
    )


@pytest.mark.django_db
def test_sign_in_attempts_per_address_are_rate_limited(org_a, settings):
    settings.WAYPOINT_RATE_LIMITS = {**settings.WAYPOINT_RATE_LIMITS, "login_ip": (3, 900)}
    client = Client()
    for index in range(3):
        client.post("/accounts/login/", {"username": f"someone{index}", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "someone9", "password": "wrong"})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content


@pytest.mark.django_db
def test_removing_a_role_ends_sessions_and_tokens(org_a):
    admin = member(org_a, Role.ORG_ADMIN)
    worker = member(org_a, Role.CASE_WORKER, username="leaver")
    Membership.objects.create(user=worker, organisation=org_a, role=Role.ANALYST)
    client = Client()
    client.post("/accounts/login/", {"username": "leaver", "password": PASSWORD})
    assert client.get("/").status_code == 200
    api = api_client(worker)
    services.membership_end(
        actor=actor_for(admin, org_a),
        membership=Membership.objects.get(user=worker, role=Role.CASE_WORKER),
    )
    assert client.get("/").status_code == 302
    assert api.get("/api/v1/me/").status_code == 401
    # Signing in again works with the roles that remain.
    fresh = Client()
    fresh.post("/accounts/login/", {"username": "leaver", "password": PASSWORD})
    assert fresh.get("/api/v1/me/").json()["roles"] == ["analyst"]


@pytest.mark.django_db
def test_invalid_tokens_are_rate_limited_per_address(settings):
    settings.WAYPOINT_RATE_LIMITS = {**settings.WAYPOINT_RATE_LIMITS, "token_failure_ip": (3, 600)}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token wpt_guess")
    statuses = [client.get("/api/v1/me/").status_code for _attempt in range(5)]
    assert statuses[:3] == [401, 401, 401]
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_api_use_is_throttled_per_person(org_a, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/minute", "exports": "1/hour"},
    }
    client = api_client(member(org_a, Role.CASE_WORKER))
    statuses = [client.get("/api/v1/me/").status_code for _attempt in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/v1/me/").json()["error"]["code"] == "throttled"
