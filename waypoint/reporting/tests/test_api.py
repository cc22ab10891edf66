"""The statistics API: a list of tables and one table for a period, always disclosure-controlled."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.testing.factories import api_client, member


def figures(body):
    """Every (row, column) → (value, status) of a table response, totals included."""
    found = {}
    for row in body["rows"]:
        for cell in row["cells"]:
            found[(row["key"], cell["column"])] = (cell["value"], cell["status"])
        if row["total"] is not None:
            found[(row["key"], "_total")] = (row["total"]["value"], row["total"]["status"])
    for cell in body["column_totals"] or []:
        found[("_total", cell["column"])] = (cell["value"], cell["status"])
    if body["grand_total"] is not None:
        found[("_total", "_total")] = (body["grand_total"]["value"], body["grand_total"]["status"])
    return found


@pytest.mark.django_db
def test_list_of_tables(org_a, small_uk):
    analyst = member(org_a, Role.ANALYST)
    client = api_client(analyst)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/statistics/")
    assert response.status_code == 200
    assert (
        len(queries) <= 13
    )  # authentication, the rate-limit counter, a few per reference table; never per row
    tables = {item["table"]: item for item in response.json()}
    assert tables["uk-nrm-referrals"]["source_available"] is True
    assert "2023" in tables["uk-nrm-referrals"]["suggested_periods"]
    assert tables["unodc-glotip-victims"]["source_available"] is False
    assert "import" in tables["unodc-glotip-victims"]["awaiting"]
    assert tables["tip-t5"]["source_available"] is True
    assert tables["tip-t5"]["period_kinds"] == ["tip"]
    assert tables["tip-t5"]["default_period"].startswith("tip-")
    assert tables["tip-t1"]["source_available"] is True
    assert tables["tip-t1"]["awaiting"] == ""
    assert tables["eurostat-e2"]["url"] == "/api/v1/statistics/eurostat-e2/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ANALYST, Role.COORDINATOR, Role.INVESTIGATOR])
def test_a_table_is_always_disclosure_controlled(org_a, small_uk, role):
    person = member(org_a, role)
    response = api_client(person).get("/api/v1/statistics/uk-nrm-referrals/?period=2023")
    assert response.status_code == 200
    body = response.json()
    assert body["table"] == "uk-nrm-referrals"
    assert body["period"]["token"] == "2023"
    assert body["internal"] is False
    assert body["disclosure"]["threshold"] == 5
    cells = figures(body)
    assert cells[("2023-Q1", "Adult (18 or over)")] == (80, "value")
    assert cells[("2023-Q2", "Child (17 or under)")] == (None, "suppressed")  # 3
    assert cells[("2023-Q2", "Age not specified or unknown")] == (None, "suppressed")  # 1
    assert cells[("2023-Q1", "Age not specified or unknown")][1] in ("value", "suppressed")
    for value, status in cells.values():
        assert (value is None) == (status != "value")
        assert value is None or value == 0 or value >= 5
    event = AuditEvent.objects.get(action="statistics.export")
    assert event.target_id == "uk-nrm-referrals"
    assert event.details["format"] == "json"
    assert event.details["period"] == "2023"
    assert event.details["suppressed_cells"] == body["disclosure"]["suppressed_cells"] > 0


@pytest.mark.django_db
def test_without_trailing_slash_and_default_period(org_a, small_uk):
    client = api_client(member(org_a, Role.ANALYST))
    response = client.get("/api/v1/statistics/uk-nrm-referrals?period=2023-Q3")
    assert response.status_code == 200
    assert [row["key"] for row in response.json()["rows"]] == ["2023-Q3"]
    default = client.get("/api/v1/statistics/uk-nrm-referrals/").json()
    assert default["period"]["token"] == "2023"  # the small series holds one year


@pytest.mark.django_db
def test_a_table_without_data_says_so(org_a, awaiting_table):
    client = api_client(member(org_a, Role.ANALYST))
    body = client.get("/api/v1/statistics/test-awaiting/?period=2024").json()
    assert body["source_available"] is False
    assert body["rows"] == []
    assert body["columns"] == []
    assert body["grand_total"] is None
    assert "issue #" in body["notes"][0]


@pytest.mark.django_db
def test_unknown_table_is_a_404_in_the_error_shape(org_a):
    response = api_client(member(org_a, Role.ANALYST)).get("/api/v1/statistics/tip-t99/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert not AuditEvent.objects.filter(action="statistics.export").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("table_id", "period", "message"),
    [
        ("uk-nrm-referrals", "last year", "not a period"),
        ("eurostat-e2", "tip-2025", "counted by year"),
        ("uk-nrm-referrals", "2024-02-30..2024-03-01", "does not exist"),
    ],
)
def test_bad_period_is_a_400_naming_the_field(org_a, small_uk, table_id, period, message):
    client = api_client(member(org_a, Role.ANALYST))
    response = client.get(f"/api/v1/statistics/{table_id}/", {"period": period})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert list(error["fields"]) == ["period"]
    assert message in error["fields"]["period"][0]
    assert not AuditEvent.objects.filter(action="statistics.export").exists()


@pytest.mark.django_db
def test_statistics_are_national_the_same_for_every_organisation(org_a, org_b, small_uk):
    url = "/api/v1/statistics/uk-nrm-referrals/?period=2023"
    body_a = api_client(member(org_a, Role.ANALYST)).get(url).json()
    body_b = api_client(member(org_b, Role.ANALYST)).get(url).json()
    assert figures(body_a) == figures(body_b)
    assert body_a["disclosure"] == body_b["disclosure"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.AUDITOR, Role.FIRST_RESPONDER])
def test_roles_without_statistics_get_nothing(org_a, org_b, small_uk, role):
    member(org_a, Role.ANALYST)
    client = api_client(member(org_b, role))
    for url in ("/api/v1/statistics/", "/api/v1/statistics/uk-nrm-referrals/?period=2023"):
        response = client.get(url)
        assert response.status_code == 403
        body = response.json()
        assert set(body) == {"error"}
        assert "Analyst" in body["error"]["message"]
        assert "uk-nrm" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="statistics.export").exists()


@pytest.mark.django_db
def test_table_reads_are_rate_limited_as_exports(org_a, small_uk, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "exports": "2/hour",
        },
    }
    client = api_client(member(org_a, Role.ANALYST))
    url = "/api/v1/statistics/uk-nrm-referrals/?period=2023"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert AuditEvent.objects.filter(action="statistics.export").count() == 2
    # The list of tables is not an export.
    assert client.get("/api/v1/statistics/").status_code == 200
