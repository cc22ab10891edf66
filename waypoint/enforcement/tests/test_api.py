"""The criminal-case API as investigators and prosecutors of two organisations each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.enforcement.models import Hearing, Investigation, Prosecution, Statute, Suspect
from waypoint.enforcement.tests.test_walk import link_witness
from waypoint.testing.factories import api_client, member

DAY = dt.timedelta(days=1)


def iso(days_ago: int) -> str:
    return (timezone.localdate() - days_ago * DAY).isoformat()


def created(response):
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.django_db
def test_the_walk_through_the_api(
    org_a, police_a, prosecution_a, court, investigator_a, prosecutor_a, statute_248a
):
    police = api_client(investigator_a)
    prosecutors = api_client(prosecutor_a)
    case = created(
        police.post(
            "/api/v1/criminal-cases/",
            {
                "opened_on": iso(50),
                "exploitation_forms": ["SexualExploitation"],
                "offences": [str(statute_248a.public_id)],
                "external_reference": "API/1",
            },
            format="json",
        )
    )
    assert case["reference"].startswith("INV-") and case["suspect_count"] == 0
    suspect = created(
        police.post(
            f"/api/v1/criminal-cases/{case['id']}/suspects/",
            {
                "person": {
                    "first_name": "Ana",
                    "second_name": "Api",
                    "gender": "Feminine",
                    "citizenship": ["RO"],
                },
                "roles": ["Exploiter"],
                "is_public_official": True,
                "official_agency_type": "police",
                "identified_on": iso(40),
            },
            format="json",
        )
    )
    assert (
        suspect["person"]["citizenship"] == ["RO"] and suspect["official_agency_type"] == "police"
    )
    investigation = Investigation.objects.get(public_id=case["id"])
    link_witness(org_a, police_a, investigation)
    detail = police.get(f"/api/v1/criminal-cases/{case['id']}/").json()
    assert detail["suspect_count"] == 1 and len(detail["witnesses"]) == 1
    created(
        police.post(
            f"/api/v1/criminal-cases/{case['id']}/handovers/",
            {"organisation": str(prosecution_a.public_id), "handed_on": iso(30)},
            format="json",
        )
    )
    prosecution = created(
        prosecutors.post(
            f"/api/v1/criminal-cases/{case['id']}/prosecutions/",
            {"filed_on": iso(29), "court": str(court.public_id)},
            format="json",
        )
    )
    pid = prosecution["id"]
    with_defendant = created(
        prosecutors.post(
            f"/api/v1/prosecutions/{pid}/defendants/", {"suspect": suspect["id"]}, format="json"
        )
    )
    defendant = with_defendant["defendants"][0]
    charge = created(
        prosecutors.post(
            f"/api/v1/defendants/{defendant['id']}/charges/",
            {"statute": str(statute_248a.public_id), "charged_on": iso(29)},
            format="json",
        )
    )
    verdict = created(
        prosecutors.post(
            f"/api/v1/charges/{charge['id']}/verdict/",
            {"outcome": "plea", "decided_on": iso(20)},
            format="json",
        )
    )
    assert verdict["verdict"]["outcome"] == "plea"
    sentence = created(
        prosecutors.post(
            f"/api/v1/defendants/{defendant['id']}/sentences/",
            {"sentenced_on": iso(20), "imprisonment_months": 18, "is_suspended": True},
            format="json",
        )
    )
    assert sentence["is_suspended"] is True
    current = prosecutors.get(f"/api/v1/prosecutions/{pid}/").json()
    moved = prosecutors.post(
        f"/api/v1/prosecutions/{pid}/status/",
        {"status": "judgment", "version": current["version"]},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["status"] == "judgment"
    appeal = created(
        prosecutors.post(
            f"/api/v1/defendants/{defendant['id']}/appeals/",
            {"appellant": "prosecution", "filed_on": iso(15)},
            format="json",
        )
    )
    decided = prosecutors.post(
        f"/api/v1/appeals/{appeal['id']}/decision/",
        {"outcome": "sentence_increased", "decided_on": iso(5)},
        format="json",
    )
    assert decided.status_code == 200
    created(
        prosecutors.post(
            f"/api/v1/defendants/{defendant['id']}/sentences/",
            {"sentenced_on": iso(5), "imprisonment_months": 36, "appeal": appeal["id"]},
            format="json",
        )
    )
    order = created(
        prosecutors.post(
            f"/api/v1/defendants/{defendant['id']}/orders/",
            {
                "kind": "restitution",
                "amount": "2500.50",
                "currency": "eur",
                "ordered_on": iso(5),
                "beneficiary": detail["witnesses"][0]["id"],
            },
            format="json",
        )
    )
    assert order["beneficiary"] == detail["witnesses"][0]["witness_code"]
    paid = created(
        prosecutors.post(
            f"/api/v1/orders/{order['id']}/payments/",
            {"amount": "500", "paid_on": iso(1)},
            format="json",
        )
    )
    assert paid["payments"][0]["amount"] == "500.00"
    hearing = created(
        prosecutors.post(
            f"/api/v1/prosecutions/{pid}/hearings/",
            {"hearing_type": "appeal", "hearing_date": iso(-7), "hearing_time": "09:30"},
            format="json",
        )
    )
    # The investigating agency reads everything and writes nothing in the prosecution.
    read = police.get(f"/api/v1/prosecutions/{pid}/")
    assert read.status_code == 200
    sentences = read.json()["defendants"][0]["sentences"]
    assert [item["imprisonment_months"] for item in sentences] == [18, 36]
    refused = police.patch(
        f"/api/v1/hearings/{hearing['id']}/", {"outcome": "cancelled"}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert Hearing.objects.get().outcome == ""
    timeline = police.get(f"/api/v1/criminal-cases/{case['id']}/timeline/").json()
    assert [entry["kind"] for entry in timeline][0] == "investigation"
    assert "Sentence increased" in " ".join(entry["text"] for entry in timeline)


@pytest.mark.django_db
def test_other_organisations_get_404_with_no_data(
    investigation, investigator_b, prosecutor_b, prosecutor_a
):
    suspect = investigation.suspects.first()
    for user in (investigator_b, prosecutor_b, prosecutor_a):
        client = api_client(user)
        for url in (
            f"/api/v1/criminal-cases/{investigation.public_id}/",
            f"/api/v1/criminal-cases/{investigation.public_id}/timeline/",
            f"/api/v1/suspects/{suspect.public_id}/",
        ):
            response = client.get(url)
            assert response.status_code == 404
            assert "Victor" not in response.content.decode()
            assert response.json()["error"]["code"] == "not_found"
        listing = client.get("/api/v1/criminal-cases/").json()
        assert listing["count"] == 0
    # A write from another agency changes nothing.
    response = api_client(investigator_b).post(
        f"/api/v1/criminal-cases/{investigation.public_id}/suspects/",
        {"person": {"first_name": "Intruder"}},
        format="json",
    )
    assert response.status_code == 404
    assert Suspect.objects.filter(investigation=investigation).count() == 2


@pytest.mark.django_db
def test_validation_errors_name_each_field(investigator_a, investigation):
    client = api_client(investigator_a)
    response = client.post(
        "/api/v1/criminal-cases/",
        {"opened_on": iso(-3), "exploitation_forms": ["Piracy"]},
        format="json",
    )
    assert response.status_code == 400
    assert "exploitation_forms.0" in response.json()["error"]["fields"]
    response = client.post("/api/v1/criminal-cases/", {"opened_on": iso(-3)}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"opened_on": ["The date is in the future."]}
    response = client.post(
        f"/api/v1/criminal-cases/{investigation.public_id}/suspects/",
        {"person": {"first_name": "A"}, "is_public_official": True},
        format="json",
    )
    assert response.status_code == 400
    assert "official_agency_type" in response.json()["error"]["fields"]
    assert Investigation.objects.count() == 1


@pytest.mark.django_db
def test_stale_edits_are_refused(investigator_a, investigation):
    client = api_client(investigator_a)
    url = f"/api/v1/criminal-cases/{investigation.public_id}/"
    version = client.get(url).json()["version"]
    assert (
        client.patch(url, {"summary": "first", "version": version}, format="json").status_code
        == 200
    )
    stale = client.patch(url, {"summary": "second", "version": version}, format="json")
    assert stale.status_code == 409
    investigation.refresh_from_db()
    assert investigation.summary == "first"


@pytest.mark.django_db
def test_list_filters_and_query_count(
    inv_a, investigator_a, investigation, django_assert_max_num_queries
):
    from waypoint.enforcement import services

    for _index in range(6):
        services.investigation_open(
            actor=inv_a, opened_on=timezone.localdate(), exploitation_forms=["Other"]
        )
    client = api_client(investigator_a)
    with django_assert_max_num_queries(15):
        response = client.get("/api/v1/criminal-cases/", {"exploitation_form": "Other"})
    assert response.json()["count"] == 6
    response = client.get("/api/v1/criminal-cases/", {"complicity": "true"})
    assert [row["id"] for row in response.json()["results"]] == [str(investigation.public_id)]
    assert client.get("/api/v1/criminal-cases/", {"agency": "not-an-id"}).status_code == 400


@pytest.mark.django_db
def test_statutes_api(investigator_a, org_b):
    client = api_client(investigator_a)
    malta = client.get("/api/v1/statutes/", {"country": "MT"}).json()
    assert [row["code"] for row in malta] == [
        "248A",
        "248B",
        "248C",
        "248D",
        "248E",
        "248F",
        "248G",
    ]
    malaysia = client.get("/api/v1/statutes/", {"country": "MY"}).json()
    assert [row["code"] for row in malaysia] == ["s.12", "s.13", "s.14", "s.15", "s.15A"]
    refused = client.post(
        "/api/v1/statutes/",
        {"country": "MT", "instrument": "X", "code": "1", "short_title": "Y"},
        format="json",
    )
    assert refused.status_code == 403
    admin = api_client(member(org_b, Role.SYSTEM_ADMIN))
    added = admin.post(
        "/api/v1/statutes/",
        {
            "country": "MT",
            "instrument": "Criminal Code (Cap. 9)",
            "code": "248H",
            "short_title": "New",
        },
        format="json",
    )
    assert added.status_code == 201
    duplicate = admin.post(
        "/api/v1/statutes/",
        {
            "country": "MT",
            "instrument": "Criminal Code (Cap. 9)",
            "code": "248H",
            "short_title": "Again",
        },
        format="json",
    )
    assert duplicate.status_code == 400 and "code" in duplicate.json()["error"]["fields"]
    assert Statute.objects.filter(code="248H").count() == 1


@pytest.mark.django_db
def test_groups_api(investigator_a, investigator_b, investigation):
    client = api_client(investigator_a)
    group = created(
        client.post("/api/v1/criminal-groups/", {"name": "Coastal ring"}, format="json")
    )
    suspect = investigation.suspects.first()
    with_member = created(
        client.post(
            f"/api/v1/criminal-groups/{group['id']}/members/",
            {"suspect": str(suspect.public_id)},
            format="json",
        )
    )
    assert [m["suspect"] for m in with_member["members"]] == [str(suspect.public_id)]
    assert (
        api_client(investigator_b).get(f"/api/v1/criminal-groups/{group['id']}/").status_code == 404
    )
    removed = client.delete(f"/api/v1/criminal-groups/{group['id']}/members/{suspect.public_id}/")
    assert removed.status_code == 204


@pytest.mark.django_db
def test_witness_links_api_for_case_workers(org_a, org_b, police_a, investigation):
    from waypoint.people.services import consent_record
    from waypoint.testing.factories import actor_for, person_and_case

    worker = member(org_a, Role.CASE_WORKER)
    person, case = person_and_case(org_a, opener=worker)
    consent = consent_record(
        actor=actor_for(worker, org_a),
        person=person,
        purpose="sharing",
        is_given=True,
        shared_with=police_a,
    )
    client = api_client(worker)
    link = created(
        client.post(
            "/api/v1/witness-links/",
            {
                "case_person": str(case.case_persons.get().public_id),
                "investigation_reference": investigation.reference,
                "consent": str(consent.public_id),
                "shared_facts": ["nationality"],
            },
            format="json",
        )
    )
    assert link["shared_nationality"] == "NG" and link["case_reference"] == case.reference
    assert (
        api_client(member(org_b, Role.CASE_WORKER))
        .get(f"/api/v1/witness-links/{link['id']}/")
        .status_code
        == 404
    )
    updated = client.patch(
        f"/api/v1/witness-links/{link['id']}/",
        {"shared_facts": [], "version": link["version"]},
        format="json",
    )
    assert updated.json()["shared_nationality"] == ""
    assert client.delete(f"/api/v1/witness-links/{link['id']}/").status_code == 204
    assert not Prosecution.objects.exists()


@pytest.mark.django_db
def test_other_lists_need_a_bounded_number_of_queries(
    org_a, police_a, inv_a, investigator_a, investigation, django_assert_max_num_queries
):
    from waypoint.enforcement import services
    from waypoint.enforcement.tests.test_walk import link_witness

    for index in range(4):
        group = services.criminal_group_create(actor=inv_a, name=f"Ring {index}")
        services.criminal_group_add_member(
            actor=inv_a, group=group, suspect=investigation.suspects.first()
        )
    police = api_client(investigator_a)
    with django_assert_max_num_queries(10):
        assert police.get("/api/v1/criminal-groups/").json()["count"] == 4
    with django_assert_max_num_queries(10):
        assert len(police.get("/api/v1/statutes/").json()) == 12
    workers = []
    for _index in range(3):
        worker_actor, _case, _consent, _link = link_witness(org_a, police_a, investigation)
        workers.append(worker_actor)
    # Each link above was made by a different case worker of org_a: all see the three.
    client = api_client(workers[0].user)
    with django_assert_max_num_queries(15):
        assert client.get("/api/v1/witness-links/").json()["count"] == 3
