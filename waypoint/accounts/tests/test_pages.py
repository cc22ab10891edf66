import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from waypoint.access.roles import MFA_REQUIRED_ROLES, Role
from waypoint.accounts.models import Membership
from waypoint.testing.factories import PASSWORD, member, signed_in_client


@pytest.mark.django_db
def test_login_reaches_home_and_records_the_session(org_a):
    person = member(org_a, Role.CASE_WORKER, username="cw")
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "cw", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert b"Welcome" in response.content
    assert b"Organisation A" in response.content
    from waypoint.audit.models import AuditEvent

    assert AuditEvent.objects.filter(
        action="session.login", actor_public_id=str(person.public_id)
    ).exists()


@pytest.mark.django_db
def test_pages_need_signing_in(org_a):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_lockout_after_five_failures(org_a):
    member(org_a, Role.CASE_WORKER, username="target")
    client = Client()
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"username": "target", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "target", "password": PASSWORD})
    assert response.status_code == 429
    assert b"locked for 15 minutes" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(MFA_REQUIRED_ROLES))
def test_privileged_roles_must_set_up_two_factor(org_a, role):
    member(org_a, role, username="privileged")
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "privileged", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/setup/")
    # Nothing else is reachable until enrolment, not even the API with the session.
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/me/").status_code == 403


@pytest.mark.django_db
def test_two_factor_enrolment_and_verification(org_a):
    member(org_a, Role.COORDINATOR, username="coord")
    client = Client()
    client.post("/accounts/login/", {"username": "coord", "password": PASSWORD})
    page = client.get("/accounts/two-factor/setup/")
    assert b"data:image/svg+xml;base64," in page.content
    device = TOTPDevice.objects.get(user__username="coord", confirmed=False)
    wrong = client.post("/accounts/two-factor/setup/", {"code": "000000"})
    assert b"did not match" in wrong.content
    code = f"{totp(device.bin_key, step=30, digits=6):06d}"
    response = client.post("/accounts/two-factor/setup/", {"code": code})
    codes = re.findall(r"<li>([0-9a-f]{10})</li>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    # A new session must verify; a recovery code works once.
    fresh = Client()
    fresh.post("/accounts/login/", {"username": "coord", "password": PASSWORD})
    assert fresh.get("/").status_code == 302
    fresh.post("/accounts/two-factor/verify/", {"code": codes[0]})
    assert fresh.get("/").status_code == 200
    again = Client()
    again.post("/accounts/login/", {"username": "coord", "password": PASSWORD})
    response = again.post("/accounts/two-factor/verify/", {"code": codes[0]})
    assert b"did not match" in response.content


@pytest.mark.django_db
def test_organisation_switcher_only_offers_own_organisations(org_a, org_b):
    person = member(org_a, Role.CASE_WORKER)
    Membership.objects.create(user=person, organisation=org_b, role=Role.ANALYST)
    client = signed_in_client(person)
    home = client.get("/").content.decode()
    assert "Organisation A" in home and "Organisation B" in home
    client.post("/accounts/switch-organisation/", {"organisation": str(org_b.public_id)})
    assert "Analyst" in client.get("/").content.decode()
    me = client.get("/api/v1/me/").json()
    assert me["organisation"]["name"] == "Organisation B"
    assert me["roles"] == ["analyst"]


@pytest.mark.django_db
def test_removed_role_stops_working_at_once(org_a):
    person = member(org_a, Role.AUDITOR)
    client = signed_in_client(person)
    assert client.get("/audit/").status_code == 200
    Membership.objects.filter(user=person).update(is_active=False)
    assert client.get("/audit/").status_code == 403


@pytest.mark.django_db
def test_org_admin_invites_from_the_page(
    org_a, org_b, mailoutbox, django_capture_on_commit_callbacks
):
    admin = member(org_a, Role.ORG_ADMIN)
    client = signed_in_client(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/accounts/admin/organisations/{org_a.public_id}/invite/",
            {"email": "a@example.invalid", "role": "case_worker"},
            follow=True,
        )
    assert b"Invitation sent" in response.content
    assert len(mailoutbox) == 1
    link = re.search(r"(/accounts/invitations/[^/\s]+/)", mailoutbox[0].body).group(1)
    anonymous = Client()
    form = anonymous.get(link)
    assert b"Join Organisation A" in form.content
    response = anonymous.post(
        link, {"username": "invited", "password": "short", "password_again": "short"}
    )
    assert b"at least 12 characters" in response.content or b"too short" in response.content
    response = anonymous.post(
        link,
        {
            "username": "invited",
            "password": "Harbour-Lights-2026!",
            "password_again": "Harbour-Lights-2026!",
        },
        follow=True,
    )
    assert Membership.objects.filter(
        user__username="invited", organisation=org_a, role="case_worker"
    ).exists()
    # The other organisation's page is not there for this admin.
    assert client.get(f"/accounts/admin/organisations/{org_b.public_id}/").status_code == 404


@pytest.mark.django_db
def test_profile_issues_a_token_shown_once(org_a):
    person = member(org_a, Role.CASE_WORKER)
    client = signed_in_client(person)
    response = client.post("/accounts/profile/", {"action": "issue_token", "name": "my script"})
    token = re.search(r"(wpt_[A-Za-z0-9_-]+)", response.content.decode()).group(1)
    assert token not in client.get("/accounts/profile/").content.decode()
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["username"] == person.username


@pytest.mark.django_db
def test_security_headers_and_no_inline_script(org_a):
    person = member(org_a, Role.CASE_WORKER)
    response = signed_in_client(person).get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    body = response.content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body) is None
    assert re.search(r"\son[a-z]+=", body) is None


@pytest.mark.django_db
def test_arabic_is_laid_out_right_to_left(org_a):
    person = member(org_a, Role.CASE_WORKER)
    client = signed_in_client(person)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    body = client.get("/").content.decode()
    assert 'dir="rtl"' in body
    assert 'lang="ar"' in body
    assert "تسجيل الخروج" in body  # "Sign out", from the compiled Arabic catalogue
