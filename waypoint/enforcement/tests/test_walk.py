"""The full walk through the services: investigation → suspects → witness → hand-over →
prosecution → charges → hearings → verdict → sentence → appeal → order → payment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.audit.services import verify_chain
from waypoint.enforcement import selectors, services
from waypoint.enforcement.models import Prosecution
from waypoint.enforcement.selectors import counts
from waypoint.people.services import consent_record
from waypoint.testing.factories import actor_for, member, person_and_case

DAY = dt.timedelta(days=1)


def link_witness(org, police, investigation, *, facts=("gender", "exploitation_type")):
    """A case worker of ``org`` links the victim of a new support case to ``investigation``."""
    from waypoint.cases.services import victim_context_update

    worker = member(org, Role.CASE_WORKER)
    actor = actor_for(worker, org)
    person, case = person_and_case(org, opener=worker)
    victim = case.case_persons.get()
    victim_context_update(
        actor=actor,
        case_person=victim,
        values={},
        codes={"vic_TypeOfExploitation": ["ForcedLabour"]},
        expected_version=victim.version,
    )
    consent = consent_record(
        actor=actor, person=person, purpose="sharing", is_given=True, shared_with=police, case=case
    )
    participation = services.witness_link_create(
        actor=actor,
        case_person=victim,
        investigation_reference=investigation.reference,
        consent=consent,
        shared_facts=facts,
    )
    return actor, case, consent, participation


@pytest.mark.django_db
def test_from_investigation_to_an_appealed_conviction(
    org_a, police_a, prosecution_a, court, inv_a, pros_a, investigation, statute_248a
):
    today = timezone.localdate()
    _worker, case, _consent, witness = link_witness(org_a, police_a, investigation)
    assert witness.witness_code.startswith("W-")

    # The investigator records the victim's part and hands the file to the prosecution service.
    witness = services.witness_proceedings_update(
        actor=inv_a,
        participation=witness,
        values={"is_cooperating": True, "has_testified": None, "was_penalised": False},
        protective_measures=["interpreter", "video_testimony"],
        expected_version=witness.version,
    )
    services.investigation_hand_over(
        actor=inv_a,
        investigation=investigation,
        organisation=prosecution_a,
        handed_on=today - 150 * DAY,
    )
    # The prosecutor now sees it and brings proceedings.
    assert selectors.investigation_get(actor=pros_a, public_id=investigation.public_id)
    prosecution = services.prosecution_open(
        actor=pros_a,
        investigation=investigation,
        filed_on=today - 140 * DAY,
        court=court,
        court_case_number="123/2026",
    )
    suspect = investigation.suspects.order_by("created_at").first()
    defendant = services.defendant_add(actor=pros_a, prosecution=prosecution, suspect=suspect)
    charge = services.charge_add(
        actor=pros_a,
        defendant=defendant,
        statute=statute_248a,
        charged_on=today - 140 * DAY,
        counts=2,
    )
    services.hearing_schedule(
        actor=pros_a, prosecution=prosecution, hearing_type="trial", hearing_date=today - 100 * DAY
    )
    prosecution = services.prosecution_set_status(
        actor=pros_a, prosecution=prosecution, status="trial", expected_version=prosecution.version
    )
    services.verdict_record(
        actor=pros_a, charge=charge, outcome="convicted", decided_on=today - 90 * DAY
    )
    services.sentence_record(
        actor=pros_a,
        defendant=defendant,
        sentenced_on=today - 90 * DAY,
        imprisonment_months=48,
        fine_amount="5000",
        fine_currency="EUR",
    )
    prosecution.refresh_from_db()
    services.prosecution_set_status(
        actor=pros_a,
        prosecution=prosecution,
        status="judgment",
        expected_version=prosecution.version,
    )
    order = services.compensation_order_add(
        actor=pros_a,
        defendant=defendant,
        kind="compensation",
        amount=Decimal("12000.00"),
        currency="EUR",
        ordered_on=today - 90 * DAY,
        beneficiary=witness,
    )
    services.compensation_payment_add(
        actor=pros_a, order=order, amount="2000", paid_on=today - 30 * DAY
    )
    appeal = services.appeal_file(
        actor=pros_a,
        defendant=defendant,
        appellant="defence",
        filed_on=today - 80 * DAY,
        court=court,
    )
    assert Prosecution.objects.get(pk=prosecution.pk).status == "appeal"
    services.appeal_decide(
        actor=pros_a, appeal=appeal, outcome="upheld", decided_on=today - 10 * DAY
    )
    prosecution.refresh_from_db()
    services.prosecution_set_status(
        actor=pros_a,
        prosecution=prosecution,
        status="concluded",
        concluded_on=today - 10 * DAY,
        expected_version=prosecution.version,
    )

    # The investigator reads the whole case, prosecution included, on the timeline.
    kinds = [entry.kind for entry in selectors.timeline(actor=inv_a, investigation=investigation)]
    for kind in (
        "investigation",
        "suspect",
        "handover",
        "prosecution",
        "charge",
        "hearing",
        "verdict",
        "sentence",
        "appeal",
        "order",
        "payment",
    ):
        assert kind in kinds
    texts = " ".join(
        entry.text for entry in selectors.timeline(actor=inv_a, investigation=investigation)
    )
    assert "Judgment upheld" in texts
    assert case.reference not in texts  # the support case never shows

    # The counts the statistics will use.
    assert counts.investigations_opened(actor=inv_a) == 1
    assert counts.persons_convicted(actor=inv_a) == 1
    assert counts.sentences_by_band(actor=inv_a)["13-60"] == 1
    officials = {row.agency_type: row for row in counts.complicit_officials(actor=inv_a)}
    assert officials["immigration"].investigated == 1
    assert officials["immigration"].prosecuted == 0
    victims = counts.victims_in_proceedings(actor=inv_a)
    assert (victims.victims, victims.cooperating, victims.testified) == (1, 1, 0)
    assert victims.protective_measures["interpreter"] == 1
    money = counts.compensation_by_currency(actor=inv_a)
    assert [
        (
            row.currency,
            row.ordered_amount,
            row.beneficiaries,
            row.paid_amount,
            row.paid_beneficiaries,
        )
        for row in money
    ] == [("EUR", Decimal("12000.00"), 1, Decimal("2000.00"), 1)]
    # The TIP tables' shapes: by form, and sentences with non-custodial ones apart.
    assert counts.investigations_by_form(actor=inv_a) == counts.FormCounts(1, {"ForcedLabour": 1})
    convicted = counts.persons_by_form(actor=inv_a, stage=counts.Stage.CONVICTED)
    assert convicted == counts.FormCounts(1, {"ForcedLabour": 1})
    tip = counts.sentences_by_band(
        actor=inv_a, bands=counts.TIP_SENTENCE_BANDS, non_custodial_apart=True
    )
    assert tip == {"non_custodial": 0, "<1y": 0, "1-<4y": 0, "4-<10y": 1, ">=10y": 0}
    # Every step is in the audit chain, which still verifies.
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    for action in (
        "enforcement.investigation_open",
        "enforcement.witness_link",
        "enforcement.verdict_record",
        "enforcement.appeal_decide",
        "enforcement.payment_add",
    ):
        assert action in actions
    assert verify_chain().is_intact
