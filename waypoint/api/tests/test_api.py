import pytest
from rest_framework.test import APIClient

from waypoint.access.roles import Role
from waypoint.accounts.models import Membership, Organisation
from waypoint.testing.factories import api_client, member


@pytest.mark.django_db
def test_token_authentication_and_me(org_a):
    person = member(org_a, Role.CASE_WORKER)
    response = api_client(person).get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == person.username
    assert body["roles"] == ["case_worker"]
    assert "cases.view" in body["permissions"]


@pytest.mark.django_db
@pytest.mark.parametrize("header", [None, "Token wpt_not-a-real-token", "Token", "Bearer abc"])
def test_unauthenticated_requests_get_the_error_shape(header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}


@pytest.mark.django_db
def test_organisation_header_chooses_the_acting_organisation(org_a, org_b):
    person = member(org_a, Role.CASE_WORKER)
    Membership.objects.create(user=person, organisation=org_b, role=Role.ANALYST)
    client = api_client(person, organisation=org_b)
    assert client.get("/api/v1/me/").json()["roles"] == ["analyst"]
    # An organisation the person does not belong to is ignored (first organisation is used).
    client.defaults["HTTP_X_WAYPOINT_ORGANISATION"] = "00000000-0000-0000-0000-000000000000"
    assert client.get("/api/v1/me/").json()["organisation"]["name"] == "Organisation A"


@pytest.mark.django_db
def test_validation_errors_name_each_field(org_a):
    admin = member(org_a, Role.SYSTEM_ADMIN)
    response = api_client(admin).post(
        "/api/v1/organisations/", {"name": "", "org_type": "Pirates"}, format="json"
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert {"name", "org_type", "country"} <= set(fields)
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_organisation_admin_api_is_scoped(org_a, org_b):
    admin = member(org_a, Role.ORG_ADMIN)
    stranger = member(org_b, Role.CASE_WORKER)
    client = api_client(admin)
    response = client.post(
        "/api/v1/memberships/",
        {
            "user": str(stranger.public_id),
            "organisation": str(org_b.public_id),
            "role": "case_worker",
        },
        format="json",
    )
    assert response.status_code == 404
    assert (
        not Membership.objects.filter(user=stranger, organisation=org_b, role="case_worker")
        .exclude(pk=Membership.objects.get(user=stranger).pk)
        .exists()
    )
    listed = client.get("/api/v1/memberships/").json()
    assert {item["organisation_name"] for item in listed["results"]} == {"Organisation A"}
    response = client.patch(
        f"/api/v1/organisations/{org_b.public_id}/", {"city": "Valletta"}, format="json"
    )
    assert response.status_code == 404
    org_b.refresh_from_db()
    assert org_b.city == ""


@pytest.mark.django_db
def test_tokens_api_shows_the_token_once(org_a):
    person = member(org_a, Role.CASE_WORKER)
    client = api_client(person)
    issued = client.post("/api/v1/api-tokens/", {"name": "cli"}, format="json").json()
    assert issued["token"].startswith("wpt_")
    listed = client.get("/api/v1/api-tokens/").json()
    assert all("token" not in item for item in listed)
    assert client.delete(f"/api/v1/api-tokens/{issued['id']}/").status_code == 204
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {issued['token']}")
    assert other.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db
def test_schema_and_docs_are_served(org_a):
    person = member(org_a, Role.CASE_WORKER)
    client = api_client(person)
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/me/" in schema.json()["paths"]
    assert client.get("/api/v1/docs/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/"])
def test_schema_and_docs_need_a_signed_in_person(path):
    """Declared for signed-in people; drf-spectacular's default would serve them to anyone."""
    response = APIClient().get(path)
    assert response.status_code in (401, 403)
    assert b"/api/v1/me/" not in response.content
    assert b"openapi" not in response.content.lower()


@pytest.mark.django_db
def test_unknown_api_path_is_a_json_404(org_a):
    person = member(org_a, Role.CASE_WORKER)
    response = api_client(person).get("/api/v1/organisations/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
