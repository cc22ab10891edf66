import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from waypoint.accounts.models import Membership, Organisation, User


def run(*args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **kwargs)
    return out.getvalue()


@pytest.mark.django_db
def test_bootstrap_commands_are_idempotent(monkeypatch):
    monkeypatch.setenv("WAYPOINT_NEW_USER_PASSWORD", "Harbour-Lights-2026!")
    assert "Created organisation" in run(
        "create_organisation", "Vice Squad", "--type", "LawEnforcement", "--country", "MT"
    )
    assert "already exists" in run("create_organisation", "Vice Squad", "--type", "LawEnforcement")
    assert Organisation.objects.count() == 1
    assert "Created" in run(
        "create_user", "vice.one", "--organisation", "Vice Squad", "--role", "decision_maker"
    )
    assert "Updated" in run(
        "create_user", "vice.one", "--organisation", "Vice Squad", "--role", "decision_maker"
    )
    assert User.objects.count() == 1
    assert Membership.objects.count() == 1


@pytest.mark.django_db
def test_bootstrap_errors_are_plain(monkeypatch):
    monkeypatch.setenv("WAYPOINT_NEW_USER_PASSWORD", "weak")
    with pytest.raises(CommandError, match="No organisation"):
        run("create_user", "x", "--organisation", "Missing", "--role", "case_worker")
    run("create_organisation", "Shelter One", "--type", "Shelter")
    with pytest.raises(CommandError, match="password"):
        run("create_user", "x", "--organisation", "Shelter One", "--role", "case_worker")
    assert not User.objects.exists()
    with pytest.raises(CommandError, match="country"):
        run("create_organisation", "Elsewhere", "--type", "NGO", "--country", "QQ")


@pytest.mark.django_db
def test_issue_api_token_prints_only_the_token(monkeypatch):
    monkeypatch.setenv("WAYPOINT_NEW_USER_PASSWORD", "Harbour-Lights-2026!")
    run("create_organisation", "NGO One", "--type", "NGO")
    run("create_user", "worker", "--organisation", "NGO One", "--role", "case_worker")
    output = run("issue_api_token", "worker")
    token = output.strip()
    assert output == token + "\n"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me/").json()["username"] == "worker"


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_prints_logins():
    first = run("load_demo")
    assert "Waypoint-demo-2026" in first
    users = User.objects.count()
    organisations = Organisation.objects.count()
    run("load_demo", "--quiet-logins")
    assert User.objects.count() == users
    assert Organisation.objects.count() == organisations
    from waypoint.accounts.models import Organisation as Org

    for org_type in Org.objects.values_list("org_type", flat=True).distinct():
        assert Org.objects.filter(org_type=org_type).count() >= 2 or org_type in {
            "CentralGovernmentOrganisation",
            "LocalGovernmentOrganisation",
        }


@pytest.mark.django_db
def test_demo_totp_matches_the_demo_device():
    run("load_demo", "--quiet-logins")
    from django_otp import match_token

    code = run("demo_totp").strip()
    assert match_token(User.objects.get(username="coordinator.coordination1"), code) is not None
