"""Pages: the walk from investigation to an appealed conviction as investigator and prosecutor,
errors beside fields, filters, read-only prosecution for investigators, other organisations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.enforcement.models import (
    Appeal,
    Charge,
    CompensationOrder,
    Defendant,
    Hearing,
    Investigation,
    Prosecution,
    Statute,
    Suspect,
    VictimParticipation,
)
from waypoint.enforcement.tests.test_walk import link_witness
from waypoint.testing.factories import member, signed_in_client

DAY = dt.timedelta(days=1)


def iso(days_ago: int) -> str:
    return (timezone.localdate() - days_ago * DAY).isoformat()


def post_ok(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


@pytest.mark.django_db
def test_walk_from_investigation_to_appealed_conviction_in_pages(
    org_a, police_a, prosecution_a, court, investigator_a, prosecutor_a, statute_248a
):
    police = signed_in_client(investigator_a)
    prosecutors = signed_in_client(prosecutor_a)

    # The investigator opens the investigation and records a suspect.
    assert police.get(reverse("enforcement:list")).status_code == 200
    post_ok(
        police,
        reverse("enforcement:create"),
        {
            "opened_on": iso(100),
            "external_reference": "HCP/7",
            "exploitation_forms": ["ForcedLabour", "ForcedCriminality"],
            "offences": [str(statute_248a.public_id)],
            "summary": "Farm workers.",
        },
    )
    investigation = Investigation.objects.get(external_reference="HCP/7")
    detail_url = reverse("enforcement:detail", args=[investigation.public_id])
    post_ok(
        police,
        reverse("enforcement:suspect_create", args=[investigation.public_id]),
        {
            "first_name": "Karl",
            "second_name": "Farmer",
            "gender": "Masculine",
            "citizenship": "MT",
            "roles": ["Exploiter"],
            "identified_on": iso(90),
            "arrested_on": iso(80),
            "is_public_official": "false",
        },
    )
    suspect = Suspect.objects.get(investigation=investigation)
    # A case worker links the victim; the investigator records their part.
    _worker, case, _consent, witness = link_witness(org_a, police_a, investigation)
    post_ok(
        police,
        reverse("enforcement:witness_edit", args=[witness.public_id]),
        {
            "is_cooperating": "true",
            "has_testified": "true",
            "was_penalised": "false",
            "protective_measures": ["screen"],
            "version": witness.version,
        },
    )
    page = police.get(detail_url).content.decode()
    assert "Karl Farmer" in page and witness.witness_code in page
    assert case.reference not in page and "Amal" not in page
    post_ok(
        police,
        reverse("enforcement:handover", args=[investigation.public_id]),
        {"organisation": str(prosecution_a.public_id), "handed_on": iso(70)},
    )

    # The prosecutor brings proceedings and takes them to an appealed conviction.
    page = prosecutors.get(detail_url).content.decode()
    assert "Bring proceedings" in page
    post_ok(
        prosecutors,
        reverse("enforcement:prosecution_create", args=[investigation.public_id]),
        {"filed_on": iso(60), "court": str(court.public_id), "court_case_number": "45/2026"},
    )
    prosecution = Prosecution.objects.get(investigation=investigation)
    pid = prosecution.public_id
    post_ok(
        prosecutors,
        reverse("enforcement:defendant_add", args=[pid]),
        {"suspect": str(suspect.public_id)},
    )
    defendant = Defendant.objects.get(prosecution=prosecution)
    post_ok(
        prosecutors,
        reverse("enforcement:charge_add", args=[defendant.public_id]),
        {"statute": str(statute_248a.public_id), "charged_on": iso(60), "counts": 3},
    )
    charge = Charge.objects.get(defendant=defendant)
    post_ok(
        prosecutors,
        reverse("enforcement:hearing_add", args=[pid]),
        {"hearing_type": "trial", "hearing_date": iso(40)},
    )
    post_ok(
        prosecutors,
        reverse("enforcement:hearing_outcome", args=[Hearing.objects.get().public_id]),
        {"outcome": "held"},
    )
    prosecution.refresh_from_db()
    post_ok(
        prosecutors,
        reverse("enforcement:prosecution_status", args=[pid]),
        {"status": "trial", "version": prosecution.version},
    )
    post_ok(
        prosecutors,
        reverse("enforcement:verdict_record", args=[charge.public_id]),
        {"outcome": "convicted", "decided_on": iso(35)},
    )
    post_ok(
        prosecutors,
        reverse("enforcement:sentence_add", args=[defendant.public_id]),
        {"sentenced_on": iso(35), "imprisonment_months": 30, "fine_currency": "eur"},
    )
    prosecution.refresh_from_db()
    post_ok(
        prosecutors,
        reverse("enforcement:prosecution_status", args=[pid]),
        {"status": "judgment", "version": prosecution.version},
    )
    post_ok(
        prosecutors,
        reverse("enforcement:order_add", args=[defendant.public_id]),
        {
            "kind": "compensation",
            "amount": "8000.00",
            "currency": "eur",
            "ordered_on": iso(35),
            "beneficiary": str(witness.public_id),
        },
    )
    order = CompensationOrder.objects.get()
    assert order.beneficiary == witness and order.currency == "EUR"
    post_ok(
        prosecutors,
        reverse("enforcement:payment_add", args=[order.public_id]),
        {"amount": "1000", "paid_on": iso(5)},
    )
    post_ok(
        prosecutors,
        reverse("enforcement:appeal_add", args=[defendant.public_id]),
        {"appellant": "defence", "filed_on": iso(30), "court": str(court.public_id)},
    )
    post_ok(
        prosecutors,
        reverse("enforcement:appeal_decide", args=[Appeal.objects.get().public_id]),
        {"outcome": "upheld", "decided_on": iso(3)},
    )
    prosecution.refresh_from_db()
    assert prosecution.status == "appeal"

    # Both read the prosecution; only the prosecutor may record in it.
    prosecution_url = reverse("enforcement:prosecution", args=[pid])
    as_prosecutor = prosecutors.get(prosecution_url).content.decode()
    as_investigator = police.get(prosecution_url).content.decode()
    for page in (as_prosecutor, as_investigator):
        assert "Judgment upheld" in page and "Convicted at trial" in page and "8000.00 EUR" in page
    assert "Record a sentence" in as_prosecutor
    assert "Record a sentence" not in as_investigator
    assert "only the prosecution service records" in as_investigator
    # The investigator cannot write in it (403 says why, nothing changes).
    response = police.post(
        reverse("enforcement:hearing_add", args=[pid]),
        {"hearing_type": "sentencing", "hearing_date": iso(1)},
    )
    assert response.status_code == 403
    assert Hearing.objects.count() == 1
    # The case page shows the whole timeline.
    timeline = police.get(detail_url).content.decode()
    for text in (
        "Investigation opened",
        "charged under",
        "Verdict for",
        "Sentence for",
        "Appeal by the defence",
        "Appeal decided",
        "ordered against",
        "paid",
    ):
        assert text in timeline


@pytest.mark.django_db
def test_form_errors_are_shown_beside_the_fields(investigator_a, police_a):
    police = signed_in_client(investigator_a)
    future = (timezone.localdate() + 5 * DAY).isoformat()
    response = police.post(reverse("enforcement:create"), {"opened_on": future})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="field field--error' in page
    assert "The date is in the future." in page
    assert Investigation.objects.count() == 0


@pytest.mark.django_db
def test_list_filters_sorts_and_pages(inv_a, investigator_a, investigation, statute_248a):
    from waypoint.enforcement import services

    other = services.investigation_open(
        actor=inv_a,
        opened_on=timezone.localdate() - 3 * DAY,
        exploitation_forms=["SexualExploitation"],
    )
    police = signed_in_client(investigator_a)
    url = reverse("enforcement:list")
    page = police.get(url, {"exploitation_form": "ForcedLabour"}).content.decode()
    assert investigation.reference in page and other.reference not in page
    page = police.get(
        url, {"complicity": "on", "official_agency_type": "immigration"}
    ).content.decode()
    assert investigation.reference in page and other.reference not in page
    page = police.get(url, {"statute": str(statute_248a.public_id)}).content.decode()
    assert investigation.reference in page and other.reference not in page
    page = police.get(
        url, {"opened_from": (timezone.localdate() - 10 * DAY).isoformat()}
    ).content.decode()
    assert other.reference in page and investigation.reference not in page
    page = police.get(url, {"sort": "opened"}).content.decode()
    assert page.index(investigation.reference) < page.index(other.reference)
    page = police.get(url, {"search": "HCP/2026/001"}).content.decode()
    assert investigation.reference in page and other.reference not in page
    assert police.get(url, {"page": "99"}).status_code == 200


@pytest.mark.django_db
def test_the_list_needs_a_bounded_number_of_queries(
    inv_a, investigator_a, investigation, django_assert_max_num_queries
):
    from waypoint.enforcement import services

    for _index in range(5):
        services.investigation_open(
            actor=inv_a, opened_on=timezone.localdate(), exploitation_forms=["Other"]
        )
    police = signed_in_client(investigator_a)
    with django_assert_max_num_queries(20):
        assert police.get(reverse("enforcement:list")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["investigator_b", "prosecutor_b", "prosecutor_a"])
def test_other_organisations_reach_nothing(request, investigation, who):
    """Police B and both prosecution services (the file was not handed over) get 404 everywhere."""
    user = request.getfixturevalue(who)
    client = signed_in_client(user)
    suspect = investigation.suspects.first()
    for url in (
        reverse("enforcement:detail", args=[investigation.public_id]),
        reverse("enforcement:suspect_edit", args=[suspect.public_id]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert "Victor" not in response.content.decode()
    listing = client.get(reverse("enforcement:list")).content.decode()
    assert investigation.reference not in listing


@pytest.mark.django_db
def test_statutes_are_edited_by_system_administrators_only(investigator_a, police_a, org_b):
    statute = Statute.objects.get(country="MY", code="s.14")
    police = signed_in_client(investigator_a)
    assert "Trafficking in children" in police.get(reverse("enforcement:statutes")).content.decode()
    url = reverse("enforcement:statute_edit", args=[statute.public_id])
    response = police.post(url, {"short_title": "Changed"})
    assert response.status_code == 403
    assert "System administrator" in response.content.decode()
    admin = signed_in_client(member(org_b, Role.SYSTEM_ADMIN))
    post_ok(
        admin,
        url,
        {
            "country": "MY",
            "instrument": statute.instrument,
            "code": "s.14",
            "short_title": "Trafficking in children (checked)",
            "is_trafficking_offence": "on",
            "is_title_verified": "on",
            "is_active": "on",
            "version": statute.version,
        },
    )
    statute.refresh_from_db()
    assert statute.is_title_verified and statute.short_title.endswith("(checked)")


@pytest.mark.django_db
def test_case_worker_links_a_victim_through_the_pages(org_a, police_a, investigation):
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
    client = signed_in_client(worker)
    url = reverse("enforcement:witness_link_create")
    page = client.get(url, {"case_reference": case.reference}).content.decode()
    assert police_a.name in page
    # A wrong reference is refused beside its field.
    victim = case.case_persons.get()
    data = {
        "case": str(case.public_id),
        "case_person": str(victim.public_id),
        "investigation_reference": "INV-NOTHING1",
        "consent": str(consent.public_id),
        "shared_facts": ["gender"],
    }
    response = client.post(url, data)
    assert "No investigation has this reference." in response.content.decode()
    data["investigation_reference"] = investigation.reference.lower()
    post_ok(client, url, data)
    link = VictimParticipation.objects.get()
    assert link.shared_gender == "Feminine" and link.shared_nationality == ""
    listing = client.get(reverse("enforcement:witness_links")).content.decode()
    assert link.witness_code in listing and investigation.reference in listing


@pytest.mark.django_db
def test_home_panels(
    org_a, police_a, investigation, inv_a, pros_a, prosecution_a, prosecutor_a, court
):
    from waypoint.enforcement import services

    services.investigation_hand_over(
        actor=inv_a, investigation=investigation, organisation=prosecution_a
    )
    prosecution = services.prosecution_open(
        actor=pros_a, investigation=investigation, filed_on=timezone.localdate(), court=court
    )
    services.hearing_schedule(
        actor=pros_a,
        prosecution=prosecution,
        hearing_type="trial",
        hearing_date=timezone.localdate() + 4 * DAY,
    )
    home = signed_in_client(prosecutor_a).get("/").content.decode()
    assert "Next hearings" in home and prosecution.reference in home
    worker_actor, _case, _consent, _link = link_witness(org_a, police_a, investigation)
    home = signed_in_client(worker_actor.user).get("/").content.decode()
    assert "1 victim of your cases is a witness in a criminal case." in home
    assert "Next hearings" not in home


@pytest.mark.django_db
def test_groups_statutes_and_links_lists_filter_and_sort(
    org_a, police_a, investigation, inv_a, investigator_a
):
    from waypoint.enforcement import services

    first = services.criminal_group_create(actor=inv_a, name="First ring")
    second = services.criminal_group_create(actor=inv_a, name="Second ring")
    police = signed_in_client(investigator_a)
    page = police.get(reverse("enforcement:groups"), {"search": first.reference}).content.decode()
    assert first.reference in page and second.reference not in page
    page = police.get(reverse("enforcement:groups"), {"sort": "reference"}).content.decode()
    ordered = sorted([first.reference, second.reference])
    assert page.index(ordered[0]) < page.index(ordered[1])
    page = police.get(reverse("enforcement:statutes"), {"country": "MY"}).content.decode()
    assert "Trafficking in children" in page and "248A" not in page
    worker_actor, _case, _consent, link = link_witness(org_a, police_a, investigation)
    worker = signed_in_client(worker_actor.user)
    url = reverse("enforcement:witness_links")
    assert link.witness_code in worker.get(url, {"state": "active"}).content.decode()
    assert link.witness_code not in worker.get(url, {"state": "ended"}).content.decode()


@pytest.mark.django_db
def test_group_members_are_added_and_removed_in_the_page(
    inv_a, investigator_a, investigator_b, investigation
):
    from waypoint.enforcement import services

    group = services.criminal_group_create(actor=inv_a, name="Dock ring")
    suspect = investigation.suspects.first()
    url = reverse("enforcement:group", args=[group.public_id])
    police = signed_in_client(investigator_a)
    post_ok(police, url, {"action": "add", "suspect": str(suspect.public_id)})
    page = police.get(url).content.decode()
    assert "Victor Suspectson" in page and 'value="' + str(suspect.public_id) in page
    # Another agency sees nothing and changes nothing.
    other = signed_in_client(investigator_b)
    response = other.post(url, {"action": "remove", "suspect": str(suspect.public_id)})
    assert response.status_code == 404 and "Victor" not in response.content.decode()
    assert group.memberships.count() == 1
    post_ok(police, url, {"action": "remove", "suspect": str(suspect.public_id)})
    assert group.memberships.count() == 0


@pytest.mark.django_db
def test_the_case_page_needs_a_bounded_number_of_queries(
    org_a, police_a, inv_a, investigator_a, investigation, django_assert_max_num_queries
):
    from waypoint.enforcement import services

    for index in range(6):
        services.suspect_add(
            actor=inv_a,
            investigation=investigation,
            person_values={"first_name": f"Extra{index}", "citizenship": ["MT"]},
            roles=["Transporter"],
        )
    for _index in range(3):
        link_witness(org_a, police_a, investigation)
    police = signed_in_client(investigator_a)
    url = reverse("enforcement:detail", args=[investigation.public_id])
    police.get(url)  # warm the session
    with django_assert_max_num_queries(60):
        assert police.get(url).status_code == 200
