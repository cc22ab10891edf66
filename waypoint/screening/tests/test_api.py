"""The screening API: evaluate (including malformed requests), screenings, instruments."""

import json

import pytest
from rest_framework.test import APIClient

from waypoint.access.roles import Role
from waypoint.screening.models import AnonymousNotification, InstrumentVersion, Screening
from waypoint.screening.storage import DATA
from waypoint.screening.tests.conftest import MEETS, completed
from waypoint.testing.factories import api_client, member

EVALUATE = "/api/v1/screening/evaluate"


def evaluate(client, body):
    return client.post(EVALUATE, body, format="json")


@pytest.mark.django_db
def test_evaluate_returns_the_explained_reading(org_a, responder_a):
    answers = dict.fromkeys(MEETS, "yes") | {"AL-D6-01": "unknown", "AL-D2-01": "no"}
    response = evaluate(
        api_client(responder_a),
        {"instrument": "ILO_EC_2009", "profile": "ADULT_LABOUR", "answers": answers},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "meets_combination"
    assert body["version"] == 1 and body["rule_version"] == "ILO_EC_2009/1.0-provisional"
    d1 = next(d for d in body["dimensions"] if d["code"] == "D1")
    assert d1["present"] == {"strong": 1, "medium": 1, "weak": 0}
    assert d1["positive"] is True and d1["clause"] == {"S": 1, "M+W": 1}
    assert [e["element"] for e in body["elements"]] == [
        "recruitment",
        "exploitation",
        "destination",
    ]
    assert all(e["sentence"] for e in body["elements"])
    assert body["recommendation"]["next_step"] == "refer_as_presumed_victim"
    assert any("not a legal determination" in caveat for caveat in body["caveats"])
    assert "score" not in {key.lower() for key in body}


@pytest.mark.django_db
def test_evaluate_partial_names_the_questions_that_matter(org_a, responder_a):
    response = evaluate(
        api_client(responder_a),
        {
            "instrument": "ILO_EC_2009",
            "profile": "ADULT_LABOUR",
            "version": 1,
            "answers": {"AL-D4-01": "yes", "AL-D4-04": "yes"},
        },
    )
    body = response.json()
    assert response.status_code == 200
    assert body["outcome"] == "partial"
    assert body["unanswered_that_matter"][0]["grade"] == "S"
    assert body["unanswered_that_matter"][0]["questions"]
    assert body["recommendation"]["next_step"] == "refer_for_assessment"


@pytest.mark.django_db
def test_evaluate_names_each_bad_key(org_a, responder_a):
    response = evaluate(
        api_client(responder_a),
        {
            "instrument": "ILO_EC_2009",
            "profile": "ADULT_LABOUR",
            "answers": {"AL-D9-99": "yes", "AL-D1-01": "maybe", "AL-D1-02": "yes", "XX": "no"},
            "colour": "blue",
        },
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"answers.AL-D9-99", "answers.AL-D1-01", "answers.XX", "colour"}
    assert all(len(reasons) == 1 for reasons in error["fields"].values())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "keys"),
    [
        ({"instrument": "NOPE", "profile": "ADULT_LABOUR", "answers": {}}, {"instrument"}),
        ({"instrument": "ILO_EC_2009", "profile": "ADULTS", "answers": {}}, {"profile"}),
        (
            {"instrument": "ILO_EC_2009", "profile": "ADULT_LABOUR", "version": 7, "answers": {}},
            {"version"},
        ),
        (
            {"instrument": "ILO_EC_2009", "profile": "ADULT_LABOUR", "answers": ["AL-D1-01"]},
            {"answers"},
        ),
        ({"answers": {"AL-D1-01": "perhaps"}}, {"instrument", "profile", "answers.AL-D1-01"}),
        ({"instrument": 5, "profile": None}, {"instrument", "profile"}),
    ],
)
def test_evaluate_malformed_requests(org_a, responder_a, body, keys):
    response = evaluate(api_client(responder_a), body)
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == keys


@pytest.mark.django_db
def test_evaluate_refuses_a_body_that_is_not_an_object(org_a, responder_a):
    client = api_client(responder_a)
    assert client.post(EVALUATE, [1, 2], format="json").status_code == 400
    response = client.post(EVALUATE, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "fields"}


@pytest.mark.django_db
@pytest.mark.parametrize("profile", ["CHILD_LABOUR", "CHILD_SEXUAL", "ADULT_SEXUAL"])
def test_evaluate_an_unseeded_profile_is_unavailable(org_a, responder_a, profile):
    response = evaluate(
        api_client(responder_a),
        {"instrument": "ILO_EC_2009", "profile": profile, "answers": {"AL-D1-01": "yes"}},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "profile_unavailable"
    assert "not available" in error["message"]
    assert "profile" in error["fields"]


@pytest.mark.django_db
def test_evaluate_is_for_screening_roles_only(org_a, responder_a):
    body = {"instrument": "ILO_EC_2009", "profile": "ADULT_LABOUR", "answers": {"AL-D1-01": "yes"}}
    assert evaluate(api_client(member(org_a, Role.DECISION_MAKER)), body).status_code == 200
    assert evaluate(api_client(member(org_a, Role.INVESTIGATOR)), body).status_code == 200
    for role in (Role.ANALYST, Role.COORDINATOR, Role.AUDITOR):
        response = evaluate(api_client(member(org_a, role)), body)
        assert response.status_code == 403
        assert "outcome" not in response.json()
        assert response.json()["error"]["code"] == "permission_denied"
    assert evaluate(APIClient(), body).status_code in (401, 403)


@pytest.mark.django_db
def test_screening_api_create_answer_submit_and_read(org_a, org_b, responder_a, responder_b):
    client = api_client(responder_a)
    response = client.post(
        "/api/v1/screenings/",
        {
            "interview_language": "ti",
            "interpreter": {"is_present": True, "name": "Senait Quorbal", "language": "ti"},
            "age_years": 34,
            "exploitation_types": ["ForcedLabour"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    screening_id, version = created["id"], created["version"]
    assert created["status"] == "draft" and created["profile"] == "ADULT_LABOUR"
    assert created["interpreter"]["name"] == "Senait Quorbal"
    answers = {code: {"value": "yes", "basis": "self_report"} for code in MEETS}
    answers["AL-D2-01"] = {"value": "no", "basis": "observed", "note": "No marks seen"}
    response = client.put(
        f"/api/v1/screenings/{screening_id}/answers/",
        {"version": version, "step": "D2", "answers": answers},
        format="json",
    )
    assert response.status_code == 200
    version = response.json()["version"]
    stale = client.post(
        f"/api/v1/screenings/{screening_id}/submit/", {"version": version - 1}, format="json"
    )
    assert stale.status_code == 409
    response = client.post(
        f"/api/v1/screenings/{screening_id}/submit/", {"version": version}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted" and body["outcome"] == "meets_combination"
    assert body["result"]["outcome"] == "meets_combination"
    assert body["referral_status"] == "referral_recommended"
    # Someone else's organisation: not found, and nothing of it in the response.
    other = api_client(responder_b).get(f"/api/v1/screenings/{screening_id}/")
    assert other.status_code == 404
    assert "Senait" not in other.content.decode()
    listed = api_client(responder_b).get("/api/v1/screenings/").json()
    assert listed["count"] == 0
    assert api_client(responder_a).get("/api/v1/screenings/").json()["count"] == 1


@pytest.mark.django_db
def test_screening_api_refuses_and_changes_nothing(org_a, org_b, responder_a, responder_b):
    screening = completed(responder_a, org_a)
    client = api_client(responder_b)
    response = client.put(
        f"/api/v1/screenings/{screening.public_id}/answers/",
        {
            "version": screening.version,
            "answers": {"AL-D1-01": {"value": "no", "basis": "observed"}},
        },
        format="json",
    )
    assert response.status_code == 404
    response = client.post(
        f"/api/v1/screenings/{screening.public_id}/anonymous-notification/", {}, format="json"
    )
    assert response.status_code == 404
    analyst = api_client(member(org_a, Role.ANALYST))
    response = analyst.post("/api/v1/screenings/", {"age_years": 30}, format="json")
    assert response.status_code == 403
    assert Screening.objects.count() == 1
    assert not AnonymousNotification.objects.exists()


@pytest.mark.django_db
def test_screening_api_follow_up(org_a, responder_a):
    screening = completed(responder_a, org_a)
    client = api_client(responder_a)
    response = client.post(
        f"/api/v1/screenings/{screening.public_id}/link/",
        {"create_person": {"first_name": "Mira", "gender": "Feminine"}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["case"] and response.json()["person"]
    response = client.post(
        f"/api/v1/screenings/{screening.public_id}/consent/", {"is_given": False}, format="json"
    )
    assert response.json()["referral_status"] == "referral_declined"
    response = client.post(
        f"/api/v1/screenings/{screening.public_id}/anonymous-notification/",
        {"nationality": "PH", "country_of_exploitation": "MT"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["outcome"] == "meets_combination"
    assert "Mira" not in json.dumps(response.json())


@pytest.mark.django_db
def test_instrument_api(org_a, responder_a, instrument):
    responder = api_client(responder_a)
    listed = responder.get("/api/v1/screening/instruments/").json()
    assert [item["number"] for item in listed["results"]] == [1]
    detail = responder.get(f"/api/v1/screening/instruments/{instrument.public_id}/").json()
    assert len(detail["grades"]) == 67 and len(detail["questions"]) == 67
    assert (
        responder.post(
            f"/api/v1/screening/instruments/{instrument.public_id}/drafts/", {}, format="json"
        ).status_code
        == 403
    )
    coordinator = api_client(member(org_a, Role.COORDINATOR))
    response = coordinator.post(
        f"/api/v1/screening/instruments/{instrument.public_id}/drafts/", {}, format="json"
    )
    assert response.status_code == 201
    draft = response.json()
    grade = next(g for g in draft["grades"] if g["indicator"] == "AL-D3-15")
    response = coordinator.patch(
        f"/api/v1/screening/grades/{grade['id']}/",
        {"grade": "M", "status": "verified", "version": grade["version"]},
        format="json",
    )
    assert response.status_code == 200 and response.json()["grade"] == "M"
    assert responder.get(f"/api/v1/screening/instruments/{draft['id']}/").status_code == 404
    current = coordinator.get(f"/api/v1/screening/instruments/{draft['id']}/").json()
    response = coordinator.post(
        f"/api/v1/screening/instruments/{draft['id']}/publish/",
        {"version": current["version"]},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "published"
    body = evaluate(
        responder, {"instrument": "ILO_EC_2009", "profile": "ADULT_LABOUR", "answers": {}}
    ).json()
    assert body["version"] == 2


@pytest.mark.django_db
def test_instrument_import_api_reports_every_problem(org_a, instrument):
    coordinator = api_client(member(org_a, Role.COORDINATOR))
    csv_text = (DATA / "ilo_ec_2009_adult_labour.csv").read_text(encoding="utf-8")
    rules = json.loads((DATA / "ilo_ec_2009_rules.json").read_text(encoding="utf-8"))
    bad = csv_text.replace(",M,provisional", ",Medium,provisional", 2)
    response = coordinator.post(
        "/api/v1/screening/instruments/import/",
        {"indicators_csv": bad, "rules": rules},
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"indicators.csv row 3, grade", "indicators.csv row 4, grade"}
    assert InstrumentVersion.objects.count() == 1
    response = coordinator.post(
        "/api/v1/screening/instruments/import/",
        {"indicators_csv": csv_text, "rules": rules, "change_summary": "Same again"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "draft" and len(response.json()["questions"]) == 67


@pytest.mark.django_db
def test_list_endpoints_use_a_constant_number_of_queries(org_a, responder_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client(responder_a)
    completed(responder_a, org_a)

    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    count("/api/v1/screenings/")  # warm up (token use is recorded once)
    one = count("/api/v1/screenings/"), count("/api/v1/screening/instruments/")
    for _index in range(3):
        completed(responder_a, org_a)
    assert (count("/api/v1/screenings/"), count("/api/v1/screening/instruments/")) == one


@pytest.mark.django_db
def test_screening_api_chooses_a_published_version(org_a, responder_a):
    client = api_client(responder_a)
    body = {"instrument": "ILO_EC_2009", "interview_language": "en", "age_years": 40}
    response = client.post("/api/v1/screenings/", {**body, "instrument_version": 1}, format="json")
    assert response.status_code == 201 and response.json()["instrument_version"] == 1
    response = client.post("/api/v1/screenings/", {**body, "instrument_version": 9}, format="json")
    assert response.status_code == 400
    assert "instrument_version" in response.json()["error"]["fields"]
    assert Screening.objects.count() == 1
