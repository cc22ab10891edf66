"""The rules of the criminal-case services: who may, what is refused and why, nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.common.errors import ActionDenied, InvalidTransition, NotVisible, ValidationFailed
from waypoint.enforcement import services
from waypoint.enforcement.models import (
    Charge,
    CompensationPayment,
    Handover,
    Investigation,
    Prosecution,
    Sentence,
    Statute,
    Verdict,
)
from waypoint.enforcement.selectors import counts
from waypoint.enforcement.tests.test_walk import link_witness
from waypoint.testing.factories import actor_for, member

DAY = dt.timedelta(days=1)


def today():
    return timezone.localdate()


def refused(call, *fields):
    """Run ``call``, expect a ValidationFailed naming ``fields``; return the error."""
    with pytest.raises(ValidationFailed) as error:
        call()
    for field in fields:
        assert field in error.value.fields, error.value.fields
    return error.value


@pytest.fixture
def case(investigation, inv_a, pros_a, prosecution_a, court, statute_248a):
    """A prosecution with one defendant charged under 248A."""
    services.investigation_hand_over(
        actor=inv_a, investigation=investigation, organisation=prosecution_a
    )
    prosecution = services.prosecution_open(
        actor=pros_a, investigation=investigation, filed_on=today() - 100 * DAY, court=court
    )
    defendant = services.defendant_add(
        actor=pros_a, prosecution=prosecution, suspect=investigation.suspects.first()
    )
    charge = services.charge_add(
        actor=pros_a, defendant=defendant, statute=statute_248a, charged_on=today() - 100 * DAY
    )
    return {"prosecution": prosecution, "defendant": defendant, "charge": charge}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r != Role.INVESTIGATOR])
def test_only_investigators_open_investigations(police_a, role):
    actor = actor_for(member(police_a, role), police_a)
    with pytest.raises(ActionDenied):
        services.investigation_open(actor=actor, opened_on=today())
    assert not Investigation.objects.exists()


@pytest.mark.django_db
def test_investigation_values_are_checked(inv_a, statute_248a):
    refused(
        lambda: services.investigation_open(
            actor=inv_a, opened_on=today() + DAY, exploitation_forms=["Piracy"]
        ),
        "opened_on",
        "exploitation_forms",
    )
    Statute.objects.filter(pk=statute_248a.pk).update(is_active=False)
    statute_248a.refresh_from_db()
    refused(
        lambda: services.investigation_open(
            actor=inv_a, opened_on=today(), offences=[statute_248a]
        ),
        "offences",
    )
    assert not Investigation.objects.exists()


@pytest.mark.django_db
def test_closing_and_reopening(inv_a, investigation):
    refused(
        lambda: services.investigation_close(
            actor=inv_a,
            investigation=investigation,
            closure_reason="other",
            closed_on=investigation.opened_on - DAY,
            expected_version=investigation.version,
        ),
        "closed_on",
    )
    closed = services.investigation_close(
        actor=inv_a,
        investigation=investigation,
        closure_reason="insufficient_evidence",
        expected_version=investigation.version,
    )
    assert (closed.status, closed.closure_reason) == ("closed", "insufficient_evidence")
    reopened = services.investigation_reopen(
        actor=inv_a, investigation=closed, expected_version=closed.version
    )
    assert (reopened.status, reopened.closure_reason, reopened.closed_on) == ("open", "", None)


@pytest.mark.django_db
def test_hand_over_goes_to_an_active_prosecution_service_once(
    inv_a, investigation, police_b, prosecution_a
):
    refused(
        lambda: services.investigation_hand_over(
            actor=inv_a, investigation=investigation, organisation=police_b
        ),
        "organisation",
    )
    services.investigation_hand_over(
        actor=inv_a, investigation=investigation, organisation=prosecution_a
    )
    refused(
        lambda: services.investigation_hand_over(
            actor=inv_a, investigation=investigation, organisation=prosecution_a
        ),
        "organisation",
    )
    assert Handover.objects.count() == 1


@pytest.mark.django_db
def test_suspect_rules(inv_a, investigation):
    refused(
        lambda: services.suspect_add(
            actor=inv_a,
            investigation=investigation,
            person_values={"first_name": "A"},
            values={"is_public_official": False, "official_agency_type": "police"},
        ),
        "official_agency_type",
    )
    refused(
        lambda: services.suspect_add(
            actor=inv_a,
            investigation=investigation,
            person_values={"birthdate": today() + DAY, "gender": "Robot"},
            roles=["Wizard"],
        ),
        "birthdate",
        "gender",
        "roles",
    )
    suspect = investigation.suspects.first()
    # The same person cannot be a suspect twice in one investigation.
    refused(
        lambda: services.suspect_add(
            actor=inv_a, investigation=investigation, existing_suspect=suspect
        ),
        "person",
    )
    updated = services.suspect_update(
        actor=inv_a,
        suspect=suspect,
        person_changes={"birthdate": dt.date(1980, 5, 1)},
        roles=["Transporter"],
        expected_version=suspect.version,
    )
    assert updated.person.age_band in ("39-47", "48+")
    assert list(updated.roles.values_list("code", flat=True)) == ["Transporter"]
    # The identifying fields are encrypted in the database.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select first_name from people_person where id = %s", [suspect.person_id])
        (stored,) = cursor.fetchone()
    assert stored.startswith("wp1:") and "Victor" not in stored


@pytest.mark.django_db
def test_a_prosecution_needs_the_file_and_a_court(investigation, pros_a, police_a):
    with pytest.raises(NotVisible):
        services.prosecution_open(actor=pros_a, investigation=investigation, filed_on=today())
    assert not Prosecution.objects.exists()


@pytest.mark.django_db
def test_prosecution_rules(case, pros_a, investigation, inv_a, police_a, statute_248a, court):
    defendant, charge, prosecution = case["defendant"], case["charge"], case["prosecution"]
    other = services.investigation_open(actor=inv_a, opened_on=today() - 10 * DAY)
    foreign = services.suspect_add(
        actor=inv_a, investigation=other, person_values={"first_name": "Z"}
    )
    refused(
        lambda: services.defendant_add(actor=pros_a, prosecution=prosecution, suspect=foreign),
        "suspect",
    )
    refused(
        lambda: services.verdict_record(
            actor=pros_a, charge=charge, outcome="convicted", decided_on=charge.charged_on - DAY
        ),
        "decided_on",
    )
    refused(
        lambda: services.sentence_record(
            actor=pros_a, defendant=defendant, sentenced_on=today(), imprisonment_months=12
        ),
        "defendant",
    )
    refused(
        lambda: services.compensation_order_add(
            actor=pros_a,
            defendant=defendant,
            kind="restitution",
            amount="10",
            currency="EUR",
            ordered_on=today(),
        ),
        "defendant",
    )
    services.verdict_record(
        actor=pros_a, charge=charge, outcome="plea", decided_on=today() - 50 * DAY
    )
    refused(
        lambda: services.verdict_record(
            actor=pros_a, charge=charge, outcome="acquitted", decided_on=today()
        ),
        "outcome",
    )
    refused(
        lambda: services.sentence_record(actor=pros_a, defendant=defendant, sentenced_on=today()),
        "imprisonment_months",
    )
    refused(
        lambda: services.sentence_record(
            actor=pros_a,
            defendant=defendant,
            sentenced_on=today(),
            imprisonment_months=0,
            is_suspended=True,
            fine_amount="-5",
        ),
        "is_suspended",
        "fine_amount",
    )
    refused(
        lambda: services.sentence_record(
            actor=pros_a,
            defendant=defendant,
            sentenced_on=today(),
            fine_amount="100",
            fine_currency="euro",
        ),
        "fine_currency",
    )
    assert not Sentence.objects.exists()
    # An appeal needs the judgment first.
    refused(
        lambda: services.appeal_file(
            actor=pros_a, defendant=defendant, appellant="defence", filed_on=today()
        ),
        "prosecution",
    )
    with pytest.raises(InvalidTransition):
        services.prosecution_set_status(
            actor=pros_a,
            prosecution=prosecution,
            status="appeal",
            expected_version=prosecution.version,
        )
    prosecution.refresh_from_db()
    services.prosecution_set_status(
        actor=pros_a,
        prosecution=prosecution,
        status="judgment",
        expected_version=prosecution.version,
    )
    appeal = services.appeal_file(
        actor=pros_a, defendant=defendant, appellant="defence", filed_on=today() - 20 * DAY
    )
    services.appeal_decide(
        actor=pros_a, appeal=appeal, outcome="conviction_overturned", decided_on=today()
    )
    refused(
        lambda: services.appeal_decide(
            actor=pros_a, appeal=appeal, outcome="upheld", decided_on=today()
        ),
        "outcome",
    )
    # Once the conviction is overturned, no sentence may follow it.
    refused(
        lambda: services.sentence_record(
            actor=pros_a, defendant=defendant, sentenced_on=today(), imprisonment_months=6
        ),
        "defendant",
    )
    assert counts.convictions_overturned(actor=pros_a) == 1
    assert Verdict.objects.count() == 1 and Charge.objects.count() == 1


@pytest.mark.django_db
def test_payments_never_exceed_the_order(case, pros_a, org_a, police_a, investigation, inv_a):
    defendant = case["defendant"]
    services.verdict_record(
        actor=pros_a, charge=case["charge"], outcome="convicted", decided_on=today() - 9 * DAY
    )
    other = services.investigation_open(actor=inv_a, opened_on=today() - 10 * DAY)
    _worker, _case, _consent, elsewhere = link_witness(org_a, police_a, other)
    refused(
        lambda: services.compensation_order_add(
            actor=pros_a,
            defendant=defendant,
            kind="compensation",
            amount="100",
            currency="EUR",
            ordered_on=today(),
            beneficiary=elsewhere,
        ),
        "beneficiary",
    )
    order = services.compensation_order_add(
        actor=pros_a,
        defendant=defendant,
        kind="compensation",
        amount=Decimal("1000"),
        currency="EUR",
        ordered_on=today() - 5 * DAY,
    )
    services.compensation_payment_add(actor=pros_a, order=order, amount="600", paid_on=today())
    error = refused(
        lambda: services.compensation_payment_add(
            actor=pros_a, order=order, amount="400.01", paid_on=today()
        ),
        "amount",
    )
    assert "600.00 paid so far" in error.fields["amount"][0]
    refused(
        lambda: services.compensation_payment_add(
            actor=pros_a, order=order, amount="10", paid_on=today() - 6 * DAY
        ),
        "paid_on",
    )
    assert CompensationPayment.objects.count() == 1


@pytest.mark.django_db
def test_hearings(case, pros_a):
    prosecution = case["prosecution"]
    future = services.hearing_schedule(
        actor=pros_a, prosecution=prosecution, hearing_type="trial", hearing_date=today() + 30 * DAY
    )
    refused(
        lambda: services.hearing_record_outcome(actor=pros_a, hearing=future, outcome="held"),
        "outcome",
    )
    services.hearing_record_outcome(actor=pros_a, hearing=future, outcome="adjourned")
    refused(
        lambda: services.hearing_schedule(
            actor=pros_a,
            prosecution=prosecution,
            hearing_type="trial",
            hearing_date=prosecution.filed_on - DAY,
        ),
        "hearing_date",
    )


@pytest.mark.django_db
def test_statutes_are_kept_by_system_administrators(org_b, inv_a):
    admin = actor_for(member(org_b, Role.SYSTEM_ADMIN), org_b)
    with pytest.raises(ActionDenied):
        services.statute_create(
            actor=inv_a,
            values={"country": "MT", "instrument": "X", "code": "1", "short_title": "Y"},
        )
    refused(
        lambda: services.statute_create(
            actor=admin,
            values={"country": "XX", "instrument": "", "code": "248A", "short_title": "Y"},
        ),
        "country",
        "instrument",
    )
    statute = Statute.objects.get(country="MT", code="248A")
    services.statute_update(
        actor=admin,
        statute=statute,
        changes={"is_title_verified": True},
        expected_version=statute.version,
    )
    statute.refresh_from_db()
    assert statute.is_title_verified


def test_periods():
    tip = counts.Period.tip_year(2024)
    assert (tip.start.isoformat(), tip.end.isoformat()) == ("2024-04-01", "2025-03-31")
    assert tip.whole_years() is None
    assert counts.Period.calendar_year(2023).whole_years() == (2023, 2023)
    assert counts.Period(dt.date(2020, 1, 1), dt.date(2022, 6, 30)).whole_years() == (2020, 2021)


@pytest.mark.django_db
def test_the_same_individual_counts_once(inv_a, investigation, police_a):
    from waypoint.people.models import Person

    other = services.investigation_open(
        actor=inv_a, opened_on=today(), exploitation_forms=["ForcedLabour"]
    )
    first = investigation.suspects.first()
    again = services.suspect_add(
        actor=inv_a, investigation=other, person_values={"first_name": "V2"}
    )
    assert counts.persons_suspected(actor=inv_a) == 3
    Person.objects.filter(pk=again.person_id).update(same_individual_as=first.person_id)
    assert counts.persons_suspected(actor=inv_a) == 2
    breakdown = counts.persons_breakdown(actor=inv_a, stage=counts.Stage.SUSPECTED)
    assert breakdown.total == 2
    forms = {row.exploitation_form for row in breakdown.rows}
    assert forms == {"ForcedLabour"}


@pytest.mark.django_db
def test_non_custodial_sentences_can_be_counted_apart(case, pros_a):
    defendant = case["defendant"]
    services.verdict_record(
        actor=pros_a, charge=case["charge"], outcome="plea", decided_on=today() - 5 * DAY
    )
    services.sentence_record(
        actor=pros_a,
        defendant=defendant,
        sentenced_on=today(),
        imprisonment_months=18,
        is_suspended=True,
    )
    assert counts.sentences_by_band(actor=pros_a)["13-60"] == 1
    apart = counts.sentences_by_band(
        actor=pros_a, bands=counts.TIP_SENTENCE_BANDS, non_custodial_apart=True
    )
    assert apart["non_custodial"] == 1 and apart["1-<4y"] == 0
    assert counts.sentences_by_band(actor=pros_a, include_suspended=False)["13-60"] == 0
    prosecuted = counts.persons_by_form(actor=pros_a, stage=counts.Stage.PROSECUTED)
    assert prosecuted == counts.FormCounts(1, {"ForcedLabour": 1})


@pytest.mark.django_db
def test_erasing_a_suspect_removes_their_free_text_and_keeps_the_counts(case, pros_a, inv_a):
    from waypoint.retention.erasure import ErasureReport, erase_person

    suspect = case["defendant"].suspect
    services.suspect_update(
        actor=inv_a,
        suspect=suspect,
        values={"role_details": "Drove the workers to the site every morning"},
        expected_version=suspect.version,
    )
    services.verdict_record(
        actor=pros_a, charge=case["charge"], outcome="convicted", decided_on=today() - DAY
    )
    services.sentence_record(
        actor=pros_a,
        defendant=case["defendant"],
        sentenced_on=today(),
        imprisonment_months=30,
        other_details="Banned from recruiting in the town of his birth",
    )
    report = ErasureReport()
    erase_person(suspect.person, report)
    suspect.refresh_from_db()
    sentence = Sentence.objects.get()
    assert suspect.role_details is None and sentence.other_details is None
    assert suspect.person.first_name is None and suspect.person.is_deidentified
    assert report.fields_cleared["enforcement.Suspect"] == 1
    assert counts.persons_convicted(actor=pros_a) == 1
    assert counts.sentences_by_band(actor=pros_a)["13-60"] == 1
