"""The persons API as users of two organisations and several roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waypoint.access.scopes.cases import GRANT_SECTIONS, Section
from waypoint.audit.models import AuditEvent
from waypoint.cases.choices import GrantKind
from waypoint.people.models import ConsentRecord, Person
from waypoint.testing.factories import api_client

IDENTIFYING_KEYS = {"first_name", "second_name", "birthdate", "identity_number", "mobile_phone"}


def client_for(world, name):
    return api_client(world.users[name], world.org_of(name))


def _text(response):
    return response.content.decode()


# --- persons -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_persons_list_shows_only_scope_and_identifying_for_need_to_know(world):
    response = client_for(world, "worker_a").get(reverse("api:persons"))
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {str(world.victim.public_id), str(world.perpetrator.public_id)}
    assert rows[str(world.victim.public_id)]["first_name"] == "Zorblina"
    assert rows[str(world.victim.public_id)]["citizenship"] == ["PH"]
    assert AuditEvent.objects.filter(action="person.list").exists()
    # Organisation B's case worker sees only its own person, never A's.
    other = client_for(world, "worker_b").get(reverse("api:persons"))
    assert [row["first_name"] for row in other.json()["results"]] == ["Bexley"]
    assert "Zorblina" not in _text(other)


@pytest.mark.django_db
def test_identifying_fields_are_absent_without_need_to_know(world, monkeypatch):
    # A service referral that shared no identifying details: the keys disappear, not null.
    monkeypatch.setitem(
        GRANT_SECTIONS,
        GrantKind.SERVICE_REFERRAL,
        frozenset({Section.SUMMARY, Section.PERSONS, Section.CONSENT}),
    )
    client = client_for(world, "provider_b")
    rows = client.get(reverse("api:persons")).json()["results"]
    victim = next(row for row in rows if row["id"] == str(world.victim.public_id))
    assert not IDENTIFYING_KEYS & set(victim)
    assert victim["gender"] == "Feminine" and victim["is_identifying_visible"] is False
    detail = client.get(reverse("api:case", args=[world.case.public_id])).json()
    person = detail["persons"][0]["person"]
    assert "first_name" not in person and "Zorblina" not in str(detail)


@pytest.mark.django_db
def test_person_exact_search_uses_blind_index(world):
    client = client_for(world, "worker_a")
    hit = client.get(reverse("api:persons"), {"identity_number": "XQ123456"}).json()
    assert [row["id"] for row in hit["results"]] == [str(world.victim.public_id)]
    miss = client.get(reverse("api:persons"), {"identity_number": "XQ12345"}).json()
    assert miss["results"] == []
    by_name = client.get(
        reverse("api:persons"),
        {"first_name": "Zorblina", "second_name": "Quenwick", "birthdate": "1995-05-17"},
    ).json()
    assert len(by_name["results"]) == 1


@pytest.mark.django_db
def test_person_create_and_update_with_conflict(world):
    client = client_for(world, "worker_a")
    created = client.post(
        reverse("api:persons"),
        {
            "first_name": "Pellow",
            "second_name": "Drimsby",
            "gender": "Masculine",
            "citizenship": ["GH"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["first_name"] == "Pellow" and body["citizenship"] == ["GH"]
    url = reverse("api:person", args=[body["id"]])
    first = client.patch(
        url, {"version": body["version"], "mobile_phone": "+35699000111"}, format="json"
    )
    assert first.status_code == 200 and first.json()["mobile_phone"] == "+35699000111"
    stale = client.patch(url, {"version": body["version"], "first_name": "Other"}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert Person.objects.get(public_id=body["id"]).first_name == "Pellow"
    bad = client.post(
        reverse("api:persons"), {"gender": "Robot", "birthdate": "2999-01-01"}, format="json"
    )
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"gender", "birthdate"}


@pytest.mark.django_db
def test_other_organisation_cannot_read_or_change_a_person(world):
    client = client_for(world, "worker_b")
    url = reverse("api:person", args=[world.victim.public_id])
    response = client.get(url)
    assert response.status_code == 404 and "Zorblina" not in _text(response)
    response = client.patch(
        url, {"version": world.victim.version, "first_name": "X"}, format="json"
    )
    assert response.status_code == 404
    world.victim.refresh_from_db()
    assert world.victim.first_name == "Zorblina"


@pytest.mark.django_db
def test_consent_record_history_and_withdraw(world):
    client = client_for(world, "worker_a")
    url = reverse("api:person_consents", args=[world.victim.public_id])
    created = client.post(
        url,
        {"purpose": "sharing", "is_given": True, "shared_with": str(world.org_b.public_id)},
        format="json",
    )
    assert created.status_code == 201, created.content
    history = client.get(url).json()
    assert len(history) == 2
    withdraw = client.post(
        reverse("api:consent_withdraw", args=[created.json()["id"]]),
        {"reason": "changed mind"},
        format="json",
    )
    assert withdraw.status_code == 200 and withdraw.json()["is_active"] is False
    # B's case worker cannot withdraw A's consent.
    other = client_for(world, "worker_b").post(
        reverse("api:consent_withdraw", args=[world.consent.public_id]), {}, format="json"
    )
    assert other.status_code == 404
    assert ConsentRecord.objects.get(pk=world.consent.pk).withdrawn_at is None


@pytest.mark.django_db
def test_mark_same_individual(world):
    client = client_for(world, "worker_a")
    response = client.post(
        reverse("api:person_same_individual", args=[world.perpetrator.public_id]),
        {"same_as": str(world.victim.public_id)},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["same_individual_as"] == str(world.victim.public_id)
    denied = client_for(world, "worker_b").post(
        reverse("api:person_same_individual", args=[world.victim.public_id]),
        {"same_as": str(world.perpetrator.public_id)},
        format="json",
    )
    assert denied.status_code == 404
    world.victim.refresh_from_db()
    assert world.victim.same_individual_as_id is None
