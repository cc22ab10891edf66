"""The NRM walked through the API by people of four organisations, and every refusal."""

import datetime as dt

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.cases.services import case_transfer_accept, case_transfer_request
from waypoint.directory.models import Service, ServiceReferral
from waypoint.referrals.models import NrmReferral, Track
from waypoint.referrals.tests.helpers import build_world
from waypoint.testing.factories import actor_for, api_client, member


def _shelter(world, client):
    response = client.post(
        "/api/v1/directory/services/",
        {
            "name": "Harbour night shelter",
            "service_type": "Shelter",
            "area": "Valletta",
            "accepts_urgent": True,
            "capacity_total": 3,
            "languages": ["en", "ar"],
            "sexes": ["Feminine"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.django_db
def test_the_whole_nrm_walk_through_the_api():
    world = build_world()
    responder = api_client(world.responder)
    decider = api_client(world.decider)
    shelter_staff = api_client(world.shelter_staff)
    victim = str(world.victim.public_id)

    # NGO first responder: no consent yet, so the referral is refused and says why.
    refused = responder.post(
        "/api/v1/nrm/referrals/",
        {
            "case_person": victim,
            "competent_authority": str(world.police.public_id),
            "information": "Indicators",
        },
        format="json",
    )
    assert refused.status_code == 409
    assert "consent" in refused.json()["error"]["message"]
    assert not NrmReferral.objects.filter(state="referred").exists()
    authorities = responder.get("/api/v1/nrm/authorities/").json()
    assert [item["name"] for item in authorities] == ["Harbour Police"]
    consent = responder.post(
        "/api/v1/nrm/consents/",
        {
            "case_person": victim,
            "purpose": "referral",
            "is_given": True,
            "language": "ar",
            "is_interpreter_present": True,
            "interpreter_name": "Mediator One",
        },
        format="json",
    )
    assert consent.status_code == 201, consent.json()
    referred = responder.post(
        "/api/v1/nrm/referrals/",
        {
            "case_person": victim,
            "competent_authority": str(world.police.public_id),
            "information": "Passport held by employer",
        },
        format="json",
    )
    assert referred.status_code == 201, referred.json()
    referral = referred.json()
    assert referral["state"] == "referred"
    assert referral["timers"][0]["kind"] == "preliminary_decision"
    url = f"/api/v1/nrm/referrals/{referral['id']}/"

    # Police competent authority sees it, receives it and decides.
    incoming = decider.get("/api/v1/nrm/referrals/?direction=incoming").json()
    assert [item["reference"] for item in incoming["results"]] == [referral["reference"]]
    detail = decider.get(url).json()
    assert detail["information"] == "Passport held by employer"
    assert {step["name"] for step in detail["available_steps"]} == {"receive"}
    assert decider.post(url + "steps/", {"step": "receive"}, format="json").status_code == 200
    missing = decider.post(url + "steps/", {"step": "preliminary_positive"}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()["error"]["fields"]) == {"reason", "legal_basis"}
    decided = decider.post(
        url + "steps/",
        {
            "step": "preliminary_positive",
            "reason": "Consistent account",
            "legal_basis": "Criminal Code art. 248A",
            "expected_state": "preliminary_pending",
        },
        format="json",
    ).json()
    assert decided["state"] == "presumed_victim"
    assert decided["recovery_period_ends_on"]
    stale = decider.post(
        url + "steps/",
        {
            "step": "preliminary_negative",
            "reason": "x",
            "legal_basis": "y",
            "expected_state": "preliminary_pending",
        },
        format="json",
    )
    assert stale.status_code == 409

    # Urgent shelter tonight: consent to share with the shelter, then refer.
    service = _shelter(world, shelter_staff)
    no_consent = responder.post(
        "/api/v1/directory/referrals/",
        {
            "service": service["id"],
            "case_person": victim,
            "needs": "Bed tonight",
            "is_urgent": True,
        },
        format="json",
    )
    assert no_consent.status_code == 400 and "consent" in no_consent.json()["error"]["fields"]
    responder.post(
        "/api/v1/nrm/consents/",
        {
            "case_person": victim,
            "purpose": "sharing",
            "shared_with": str(world.shelter.public_id),
            "is_given": True,
        },
        format="json",
    )
    sent = responder.post(
        "/api/v1/directory/referrals/",
        {
            "service": service["id"],
            "case_person": victim,
            "needs": "Bed tonight",
            "is_urgent": True,
        },
        format="json",
    )
    assert sent.status_code == 201, sent.json()
    service_referral = sent.json()
    assert service_referral["answer_due_on"] == timezone.localdate().isoformat()  # urgent: today
    inbox = shelter_staff.get(
        "/api/v1/directory/referrals/?direction=incoming&status=pending"
    ).json()
    assert [item["reference"] for item in inbox["results"]] == [service_referral["reference"]]
    accepted = shelter_staff.post(
        f"/api/v1/directory/referrals/{service_referral['id']}/steps/",
        {"step": "accept"},
        format="json",
    ).json()
    assert accepted["status"] == "accepted" and accepted["holds_place"]
    assert (
        shelter_staff.get(f"/api/v1/directory/services/{service['id']}/").json()[
            "capacity_available"
        ]
        == 2
    )
    # The shelter sees who is coming (need to know) but not the NRM information or decisions' reasons.
    shelter_view = shelter_staff.get(url).json()
    assert shelter_view["information"] is None
    assert all(decision["reason"] is None for decision in shelter_view["decisions"])

    # The NGO hands the case to social welfare for long-term support.
    supervisor = member(world.ngo, Role.CASE_SUPERVISOR)
    transfer = case_transfer_request(
        actor=actor_for(supervisor, world.ngo),
        case=world.case,
        to_organisation=world.welfare,
        reason="Long-term support",
    )
    case_transfer_accept(
        actor=actor_for(member(world.welfare, Role.CASE_SUPERVISOR), world.welfare),
        transfer=transfer,
    )
    worker = api_client(world.case_worker)

    # Formal identification (Malta: no minimum wait after the preliminary decision).
    decider.post(url + "steps/", {"step": "begin_formal"}, format="json")
    identified = decider.post(
        url + "steps/",
        {"step": "formal_positive", "reason": "Corroborated", "legal_basis": "Art. 248A"},
        format="json",
    ).json()
    assert identified["state"] == "identified_victim"
    world.victim.refresh_from_db()
    assert world.victim.trafficking_status == "ActualVictimOfTrafficking"

    # Social welfare: support, a residence permit track, then the shelter stay ends and the record closes.
    assert (
        worker.post(url + "steps/", {"step": "begin_support"}, format="json").json()["state"]
        == "support"
    )
    track = worker.post(
        "/api/v1/nrm/tracks/",
        {"case_person": victim, "kind": "residence_permit", "details": "File RP-1"},
        format="json",
    )
    assert track.status_code == 201, track.json()
    granted = worker.post(
        f"/api/v1/nrm/tracks/{track.json()['id']}/steps/",
        {"step": "grant", "valid_until": (dt.date.today() + dt.timedelta(days=365)).isoformat()},
        format="json",
    ).json()
    assert granted["state"] == "granted"
    assert {timer["kind"] for timer in granted["timers"]} == {"permit_decision", "permit_validity"}
    completed = shelter_staff.post(
        f"/api/v1/directory/referrals/{service_referral['id']}/steps/",
        {"step": "complete", "reason": "Moved out"},
        format="json",
    ).json()
    assert completed["status"] == "completed"
    assert Service.objects.get().capacity_available == 3
    closed = worker.post(
        url + "steps/",
        {"step": "close", "reason": "Support plan completed", "closure_reason": "completed"},
        format="json",
    ).json()
    assert closed["state"] == "closed"
    # The authority no longer sees the closed record (its grant was revoked).
    assert decider.get(url).status_code == 404
    assert responder.get(url).status_code == 200
    work = worker.get("/api/v1/nrm/my-work/?scope=organisation").json()
    assert {"overdue", "due", "waiting_referrals", "waiting_services"} <= set(work)


@pytest.mark.django_db
def test_consent_withdrawal_through_the_api_cuts_the_authority_and_the_shelter_off_at_once():
    world = build_world()
    responder = api_client(world.responder)
    victim = str(world.victim.public_id)
    referral_consent = responder.post(
        "/api/v1/nrm/consents/",
        {"case_person": victim, "purpose": "referral", "is_given": True},
        format="json",
    ).json()
    sharing = responder.post(
        "/api/v1/nrm/consents/",
        {
            "case_person": victim,
            "purpose": "sharing",
            "shared_with": str(world.shelter.public_id),
            "is_given": True,
        },
        format="json",
    ).json()
    referral = responder.post(
        "/api/v1/nrm/referrals/",
        {
            "case_person": victim,
            "competent_authority": str(world.police.public_id),
            "information": "Indicators",
        },
        format="json",
    ).json()
    service = _shelter(world, api_client(world.shelter_staff))
    sent = responder.post(
        "/api/v1/directory/referrals/",
        {"service": service["id"], "case_person": victim, "needs": "Bed"},
        format="json",
    ).json()
    decider, shelter_staff = api_client(world.decider), api_client(world.shelter_staff)
    assert decider.get(f"/api/v1/nrm/referrals/{referral['id']}/").status_code == 200
    assert shelter_staff.get(f"/api/v1/directory/referrals/{sent['id']}/").status_code == 200

    assert (
        responder.post(
            f"/api/v1/nrm/consents/{referral_consent['id']}/withdraw/",
            {"reason": "Changed mind"},
            format="json",
        ).status_code
        == 200
    )
    gone = decider.get(f"/api/v1/nrm/referrals/{referral['id']}/")
    assert gone.status_code == 404 and referral["reference"] not in gone.content.decode()
    assert decider.get("/api/v1/nrm/referrals/").json()["count"] == 0
    assert (
        decider.post(
            f"/api/v1/nrm/referrals/{referral['id']}/steps/", {"step": "receive"}, format="json"
        ).status_code
        == 404
    )
    assert NrmReferral.objects.get(public_id=referral["id"]).state == "referred"
    # The shelter still works while its own consent stands; withdrawing it cuts it off too.
    assert shelter_staff.get(f"/api/v1/directory/referrals/{sent['id']}/").status_code == 200
    responder.post(f"/api/v1/nrm/consents/{sharing['id']}/withdraw/", {}, format="json")
    hidden = shelter_staff.get(f"/api/v1/directory/referrals/{sent['id']}/")
    assert hidden.status_code == 404 and "Bed" not in hidden.content.decode()
    assert (
        shelter_staff.post(
            f"/api/v1/directory/referrals/{sent['id']}/steps/", {"step": "accept"}, format="json"
        ).status_code
        == 404
    )
    assert ServiceReferral.objects.get(public_id=sent["id"]).status == "pending"


@pytest.mark.django_db
def test_denials_show_no_data_and_change_nothing(org_a, org_b):
    world = build_world()
    responder = api_client(world.responder)
    victim = str(world.victim.public_id)
    responder.post(
        "/api/v1/nrm/consents/",
        {"case_person": victim, "purpose": "referral", "is_given": True},
        format="json",
    )
    referral = responder.post(
        "/api/v1/nrm/referrals/",
        {
            "case_person": victim,
            "competent_authority": str(world.police.public_id),
            "information": "Secret grounds",
        },
        format="json",
    ).json()
    url = f"/api/v1/nrm/referrals/{referral['id']}/"
    version = NrmReferral.objects.get(public_id=referral["id"]).version
    for role in (
        Role.CASE_WORKER,
        Role.DECISION_MAKER,
        Role.FIRST_RESPONDER,
        Role.SERVICE_PROVIDER,
    ):
        stranger = api_client(member(org_b, role))
        response = stranger.get(url)
        assert response.status_code == 404
        assert (
            "Secret" not in response.content.decode()
            and referral["reference"] not in response.content.decode()
        )
        assert stranger.post(url + "steps/", {"step": "receive"}, format="json").status_code in (
            403,
            404,
        )
        listing = stranger.get("/api/v1/nrm/referrals/")
        assert listing.status_code == 403 or listing.json()["count"] == 0
    for role in (Role.COORDINATOR, Role.ANALYST, Role.AUDITOR, Role.SYSTEM_ADMIN):
        outsider = api_client(member(org_a, role))
        assert outsider.get("/api/v1/nrm/referrals/").status_code == 403
        response = outsider.get(url)
        assert response.status_code in (403, 404) and "Secret" not in response.content.decode()
    # A first responder of the same NGO who did not make the referral does not see it.
    colleague = api_client(member(world.ngo, Role.FIRST_RESPONDER))
    assert colleague.get(url).status_code == 404
    # The decision maker may not refer; the referrer may not decide.
    assert (
        api_client(world.decider)
        .post(
            "/api/v1/nrm/referrals/",
            {
                "case_person": victim,
                "competent_authority": str(world.police.public_id),
                "information": "x",
            },
            format="json",
        )
        .status_code
        == 403
    )
    assert responder.post(url + "steps/", {"step": "receive"}, format="json").status_code == 403
    assert NrmReferral.objects.get(public_id=referral["id"]).version == version
    # Breaches are for the coordinator only, and hold counts.
    assert responder.get("/api/v1/nrm/breaches/").status_code == 403
    coordinator = api_client(member(org_a, Role.COORDINATOR))
    body = coordinator.get("/api/v1/nrm/breaches/").json()
    assert body["total"] == 0 and "Secret" not in str(body)
    # Country profile: everyone reads it, only a system administrator saves a version.
    profile = responder.get("/api/v1/nrm/country-profile/").json()
    assert profile["country"] == "MT"
    refused = responder.post(
        "/api/v1/nrm/country-profile/versions/",
        {
            "rules": profile["rules"],
            "effective_from": dt.date.today().isoformat(),
            "change_note": "x",
        },
        format="json",
    )
    assert refused.status_code == 403
    admin = api_client(member(org_a, Role.SYSTEM_ADMIN))
    saved = admin.post(
        "/api/v1/nrm/country-profile/versions/",
        {
            "rules": profile["rules"],
            "effective_from": dt.date.today().isoformat(),
            "based_on_version": profile["version"],
            "change_note": "Confirmed",
        },
        format="json",
    )
    assert saved.status_code == 201 and saved.json()["version"] == profile["version"] + 1
    assert not Track.objects.exists()


@pytest.mark.django_db
def test_list_endpoints_keep_their_query_count(django_assert_max_num_queries):
    world = build_world()
    responder = api_client(world.responder)
    victim = str(world.victim.public_id)
    responder.post(
        "/api/v1/nrm/consents/",
        {"case_person": victim, "purpose": "referral", "is_given": True},
        format="json",
    )
    responder.post(
        "/api/v1/nrm/referrals/",
        {
            "case_person": victim,
            "competent_authority": str(world.police.public_id),
            "information": "x",
        },
        format="json",
    )
    _shelter(world, api_client(world.shelter_staff))
    with django_assert_max_num_queries(12):
        assert responder.get("/api/v1/nrm/referrals/").json()["count"] == 1
    with django_assert_max_num_queries(12):
        assert responder.get("/api/v1/directory/services/").json()["count"] == 1
    with django_assert_max_num_queries(14):
        assert responder.get("/api/v1/nrm/my-work/").status_code == 200
    with django_assert_max_num_queries(12):
        assert responder.get("/api/v1/directory/referrals/").status_code == 200
