"""The NRM walked through the pages by people of four organisations, and the refusals."""

import datetime as dt

import pytest
from django.urls import reverse

from waypoint.access.roles import Role
from waypoint.cases.services import case_transfer_accept, case_transfer_request
from waypoint.directory.models import Service, ServiceReferral
from waypoint.referrals.models import CountryProfile, NrmReferral, Track
from waypoint.referrals.services import timers_sweep
from waypoint.referrals.tests.helpers import at, build_world, refer
from waypoint.testing.factories import actor_for, member, signed_in_client


def step(client, referral, name, **data):
    return client.post(
        reverse("referrals:step", args=[referral.public_id]),
        {"step": name, "expected_state": NrmReferral.objects.get(pk=referral.pk).state, **data},
    )


@pytest.mark.django_db
def test_the_whole_nrm_walk_through_the_pages():
    world = build_world()
    responder = signed_in_client(world.responder)
    victim = str(world.victim.public_id)

    # NGO first responder: the referral page asks for consent first and offers the hand-off.
    page = responder.get(reverse("referrals:create"), {"case_person": victim})
    assert page.status_code == 200
    html = page.content.decode()
    assert "informed consent" in html and "anonymous notification" in html
    answer = responder.post(
        reverse("referrals:consent_add"),
        {
            "case_person": victim,
            "purpose": "referral",
            "is_given": "yes",
            "given_by": "person",
            "language": "ar",
            "is_interpreter_present": "on",
            "interpreter_name": "Mediator",
            "next": reverse("referrals:create") + f"?case_person={victim}",
        },
    )
    assert answer.status_code == 302
    sent = responder.post(
        reverse("referrals:create"),
        {
            "case_person": victim,
            "competent_authority": str(world.police.public_id),
            "information": "Worked 14 hours a day",
        },
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    referral = NrmReferral.objects.get()
    assert referral.state == "referred"

    # Police competent authority.
    decider = signed_in_client(world.decider)
    listing = decider.get(reverse("referrals:list"), {"direction": "incoming"})
    assert referral.reference in listing.content.decode()
    detail = decider.get(reverse("referrals:detail", args=[referral.public_id]))
    assert "Worked 14 hours a day" in detail.content.decode()
    assert step(decider, referral, "receive").status_code == 302
    refused = step(decider, referral, "preliminary_positive")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert (
        "Give the reason for this step." in html and "Name the legal basis of the decision." in html
    )
    assert (
        step(
            decider, referral, "preliminary_positive", reason="Consistent", legal_basis="Art. 248A"
        ).status_code
        == 302
    )
    referral.refresh_from_db()
    assert referral.state == "presumed_victim"

    # The shelter lists a service; the first responder refers the person there tonight.
    shelter_staff = signed_in_client(world.shelter_staff)
    created = shelter_staff.post(
        reverse("directory:service_create"),
        {
            "name": "Night shelter",
            "service_type": "Shelter",
            "area": "Valletta",
            "accepts_urgent": "on",
            "capacity_total": "2",
            "languages": "en ar",
            "is_active": "on",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    service = Service.objects.get()
    found = responder.get(reverse("directory:list"), {"language": "ar", "has_free_places": "on"})
    assert "Night shelter" in found.content.decode()
    refer_page = reverse("directory:referral_create", args=[service.public_id])
    assert (
        "Nothing is shared" in responder.get(refer_page, {"case_person": victim}).content.decode()
    )
    responder.post(
        reverse("referrals:consent_add"),
        {
            "case_person": victim,
            "purpose": "sharing",
            "shared_with": str(world.shelter.public_id),
            "is_given": "yes",
            "given_by": "person",
        },
    )
    urgent = responder.post(
        refer_page, {"case_person": victim, "needs": "Bed tonight", "is_urgent": "on"}
    )
    assert urgent.status_code == 302, urgent.content.decode()[:2000]
    service_referral = ServiceReferral.objects.get()
    inbox = shelter_staff.get(reverse("directory:referral_list"), {"direction": "incoming"})
    assert service_referral.reference in inbox.content.decode()
    accepted = shelter_staff.post(
        reverse("directory:referral_step", args=[service_referral.public_id]),
        {"step": "accept", "expected_status": "pending"},
    )
    assert accepted.status_code == 302
    service.refresh_from_db()
    assert service.capacity_available == 1

    # Social welfare takes the case over and supports the person after identification.
    supervisor = member(world.ngo, Role.CASE_SUPERVISOR)
    transfer = case_transfer_request(
        actor=actor_for(supervisor, world.ngo),
        case=world.case,
        to_organisation=world.welfare,
        reason="Support",
    )
    case_transfer_accept(
        actor=actor_for(member(world.welfare, Role.CASE_SUPERVISOR), world.welfare),
        transfer=transfer,
    )
    step(decider, referral, "begin_formal")
    step(decider, referral, "formal_positive", reason="Corroborated", legal_basis="Art. 248A")
    worker = signed_in_client(world.case_worker)
    assert step(worker, referral, "begin_support").status_code == 302
    opened = worker.post(
        reverse("referrals:track_create"),
        {"case_person": victim, "kind": "residence_permit", "details": "File 1"},
    )
    assert opened.status_code == 302, opened.content.decode()[:2000]
    track = Track.objects.get(kind="residence_permit")
    granted = worker.post(
        reverse("referrals:track_step", args=[track.public_id]),
        {
            "step": "grant",
            "valid_until": (dt.date.today() + dt.timedelta(days=365)).isoformat(),
            "expected_state": "applied",
        },
    )
    assert granted.status_code == 302
    my_work = worker.get(reverse("referrals:my_work"), {"scope": "organisation"})
    assert my_work.status_code == 200 and "Permit valid until" in my_work.content.decode()
    assert (
        step(worker, referral, "close", reason="Completed", closure_reason="completed").status_code
        == 302
    )
    referral.refresh_from_db()
    assert referral.state == "closed"


@pytest.mark.django_db
def test_refusals_on_pages_say_why_and_show_nothing(org_a, org_b):
    world = build_world()
    referral = refer(world)
    url = reverse("referrals:detail", args=[referral.public_id])
    stranger = signed_in_client(member(org_b, Role.CASE_WORKER))
    response = stranger.get(url)
    assert response.status_code == 404
    assert referral.reference not in response.content.decode()
    assert step(stranger, referral, "withdraw", reason="x").status_code == 404
    coordinator = signed_in_client(member(org_a, Role.COORDINATOR))
    refused = coordinator.get(reverse("referrals:list"))
    assert refused.status_code == 403 and "Roles that may" in refused.content.decode()
    responder = signed_in_client(world.responder)
    wrong_state = step(responder, referral, "begin_support")
    assert wrong_state.status_code in (403, 409)
    assert "Worked" not in stranger.get(reverse("referrals:my_work")).content.decode()
    referral.refresh_from_db()
    assert (
        referral.state == "referred"
        and referral.version == NrmReferral.objects.get(pk=referral.pk).version
    )
    assert coordinator.get(reverse("referrals:profile_edit")).status_code == 403


@pytest.mark.django_db
def test_a_step_made_meanwhile_by_someone_else_is_explained(org_a):
    world = build_world()
    referral = refer(world)
    decider = signed_in_client(world.decider)
    decider.post(
        reverse("referrals:step", args=[referral.public_id]),
        {"step": "receive", "expected_state": "referred"},
    )
    again = decider.post(
        reverse("referrals:step", args=[referral.public_id]),
        {"step": "receive", "expected_state": "referred"},
    )
    assert again.status_code == 409
    assert "Someone else moved this referral on" in again.content.decode()


@pytest.mark.django_db
def test_coordinator_sees_breach_counts_only(org_a):
    world = build_world()
    referral = refer(world, now=at(dt.date(2026, 3, 2)))
    timers_sweep(today=dt.date(2026, 3, 20))
    coordinator = signed_in_client(member(org_a, Role.COORDINATOR))
    page = coordinator.get(reverse("referrals:breaches"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Harbour Police" in html and "Preliminary decision due" in html and "2026-03" in html
    assert referral.reference not in html and world.case.reference not in html and "<svg" in html
    assert signed_in_client(world.responder).get(reverse("referrals:breaches")).status_code == 403


@pytest.mark.django_db
def test_system_administrator_edits_the_country_profile(org_a):
    build_world()
    admin = signed_in_client(member(org_a, Role.SYSTEM_ADMIN))
    form = admin.get(reverse("referrals:profile_edit"))
    assert form.status_code == 200
    bound = form.context["form"]
    data = {}
    for name in bound.fields:
        value = bound[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        data[name] = value if not isinstance(value, list) else [str(item) for item in value]
    data["effective_from"] = dt.date.today().isoformat()
    data["change_note"] = "Raised the preliminary target"
    data["preliminary_days"] = "7"
    before = CountryProfile.objects.count()
    saved = admin.post(reverse("referrals:profile_edit"), data)
    assert saved.status_code == 302, saved.context["form"].errors
    assert CountryProfile.objects.count() == before + 1
    latest = CountryProfile.objects.order_by("-version").first()
    assert latest.rules["preliminary_decision"]["limit"]["days"] == 7
    data["preliminary_days"] = "-3"
    data["based_on_version"] = str(latest.version)
    refused = admin.post(reverse("referrals:profile_edit"), data)
    assert refused.status_code == 400 and CountryProfile.objects.count() == before + 1
    shown = admin.get(reverse("referrals:profile"))
    assert "Raised the preliminary target" in shown.content.decode()
