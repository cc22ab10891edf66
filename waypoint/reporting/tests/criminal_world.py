"""Criminal cases for the criminal-justice statistics tests, recorded through the enforcement
services by two police forces, a prosecution service and a court, with victims of two support
organisations as witnesses. ``build`` documents every person and date the figures rest on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.enforcement import services
from waypoint.enforcement.models import Statute
from waypoint.people.models import Person
from waypoint.people.services import consent_record
from waypoint.testing.factories import OrganisationFactory, actor_for, member, person_and_case

D = dt.date
OUTSIDE = D(2024, 2, 5)  # in neither TIP 2026 nor 2025


class World:
    """Two police forces, a prosecution service, a court; victims of two support organisations."""

    def __init__(self, org_a, org_b):
        kinds = OrganisationType
        self.org_a, self.org_b = org_a, org_b
        self.police_a = OrganisationFactory(name="Police A", org_type=kinds.LAW_ENFORCEMENT)
        self.police_b = OrganisationFactory(name="Police B", org_type=kinds.LAW_ENFORCEMENT)
        self.prosecution = OrganisationFactory(name="Prosecution", org_type=kinds.PROSECUTION)
        self.court = OrganisationFactory(name="Court", org_type=kinds.JUDICIARY)
        self.inv_a = actor_for(member(self.police_a, Role.INVESTIGATOR), self.police_a)
        self.inv_b = actor_for(member(self.police_b, Role.INVESTIGATOR), self.police_b)
        self.pros = actor_for(member(self.prosecution, Role.PROSECUTOR), self.prosecution)
        self.statute = Statute.objects.get(country="MT", code="248A")
        self.analyst = actor_for(member(org_a, Role.ANALYST), org_a)
        self.coordinator = actor_for(member(org_a, Role.COORDINATOR), org_a)

    def investigation(self, actor, opened_on, forms):
        return services.investigation_open(
            actor=actor, opened_on=opened_on, exploitation_forms=forms
        )

    def suspect(self, actor, investigation, on, person=None, existing=None, **values):
        return services.suspect_add(
            actor=actor,
            investigation=investigation,
            person_values=person,
            existing_suspect=existing,
            values={"identified_on": on, **values},
        )

    def prosecute(self, investigation, by, filed_on, suspects):
        services.investigation_hand_over(
            actor=by, investigation=investigation, organisation=self.prosecution, handed_on=filed_on
        )
        prosecution = services.prosecution_open(
            actor=self.pros, investigation=investigation, filed_on=filed_on, court=self.court
        )
        charges = []
        for suspect in suspects:
            defendant = services.defendant_add(
                actor=self.pros, prosecution=prosecution, suspect=suspect
            )
            charges.append(
                services.charge_add(
                    actor=self.pros, defendant=defendant, statute=self.statute, charged_on=filed_on
                )
            )
        return prosecution, charges

    def status(self, prosecution, status, concluded_on=None):
        prosecution.refresh_from_db()
        return services.prosecution_set_status(
            actor=self.pros,
            prosecution=prosecution,
            status=status,
            concluded_on=concluded_on,
            expected_version=prosecution.version,
        )

    def witness(self, org, police, investigation, **proceedings):
        worker = member(org, Role.CASE_WORKER)
        actor = actor_for(worker, org)
        person, case = person_and_case(org, opener=worker)
        victim = case.case_persons.get()
        consent = consent_record(
            actor=actor,
            person=person,
            purpose="sharing",
            is_given=True,
            shared_with=police,
            case=case,
        )
        return self.link(actor, victim, consent, investigation, **proceedings)

    def link(self, actor, victim, consent, investigation, measures=(), **proceedings):
        participation = services.witness_link_create(
            actor=actor,
            case_person=victim,
            investigation_reference=investigation.reference,
            consent=consent,
            shared_facts=("gender",),
        )
        return services.witness_proceedings_update(
            actor=self.inv_a,
            participation=participation,
            values=proceedings,
            protective_measures=list(measures),
            expected_version=participation.version,
        )


def build(org_a, org_b):
    """The criminal cases behind every figure below (dates inside TIP 2026 and 2025 unless
    OUTSIDE). Persons: P1 (woman, MT) suspected in I1 and I2 and, recorded again by police B as
    P4 and linked as the same individual, in I3; P2 (man, age not recorded, NG); P3 (man, IT,
    police officer); P5 (girl, no citizenship); P6 (no sex recorded, immigration official); P7 (man, NG and MT, official status not recorded); P8 suspected outside the period."""
    w = World(org_a, org_b)
    i1 = w.investigation(w.inv_a, D(2025, 8, 1), ["SexualExploitation", "ForcedLabour"])
    i2 = w.investigation(w.inv_a, D(2025, 9, 10), ["ForcedLabour", "Servitude"])
    i3 = w.investigation(w.inv_b, D(2025, 10, 1), [])
    i4 = w.investigation(w.inv_b, OUTSIDE, ["OrganRemoval"])
    p1 = w.suspect(
        w.inv_a,
        i1,
        D(2025, 8, 2),
        {"gender": "Feminine", "age_band": "30-38", "citizenship": ["MT"]},
    )
    p2 = w.suspect(
        w.inv_a,
        i1,
        D(2025, 8, 2),
        {"gender": "Masculine", "citizenship": ["NG"]},
        is_public_official=False,
    )
    p3 = w.suspect(
        w.inv_a,
        i1,
        D(2025, 8, 3),
        {"gender": "Masculine", "age_band": "39-47", "citizenship": ["IT"]},
        is_public_official=True,
        official_agency_type="police",
    )
    w.suspect(w.inv_a, i2, D(2025, 9, 11), existing=p1)
    w.suspect(w.inv_a, i2, D(2025, 9, 11), {"gender": "Feminine", "age_band": "9-17"})
    p4 = w.suspect(
        w.inv_b,
        i3,
        D(2025, 10, 2),
        {"gender": "Masculine", "age_band": "48+", "citizenship": ["GB"]},
    )
    # Police B's P4 is P1: the people register links the two records as one individual.
    Person.objects.filter(pk=p4.person_id).update(same_individual_as=p1.person_id)
    p6 = w.suspect(
        w.inv_b,
        i3,
        D(2025, 10, 2),
        {},
        is_public_official=True,
        official_agency_type="immigration",
    )
    w.suspect(
        w.inv_b,
        i3,
        D(2025, 10, 3),
        {"gender": "Masculine", "age_band": "adult", "citizenship": ["NG", "MT"]},
    )
    w.suspect(w.inv_b, i4, OUTSIDE, {"gender": "Feminine", "age_band": "adult"})

    pr1, (c1, c2, c3) = w.prosecute(i1, w.inv_a, D(2025, 10, 15), [p1, p2, p3])
    pr2, (c4, c6) = w.prosecute(i3, w.inv_b, D(2025, 11, 1), [p4, p6])
    w.status(pr1, "trial")
    w.status(pr2, "trial")
    services.verdict_record(actor=w.pros, charge=c1, outcome="convicted", decided_on=D(2025, 12, 1))
    services.verdict_record(actor=w.pros, charge=c2, outcome="acquitted", decided_on=D(2025, 12, 1))
    services.verdict_record(actor=w.pros, charge=c3, outcome="plea", decided_on=D(2025, 12, 1))
    services.verdict_record(
        actor=w.pros, charge=c4, outcome="convicted", decided_on=D(2025, 12, 10)
    )
    services.sentence_record(
        actor=w.pros, defendant=c1.defendant, sentenced_on=D(2025, 12, 2), imprisonment_months=60
    )
    services.sentence_record(
        actor=w.pros,
        defendant=c3.defendant,
        sentenced_on=D(2025, 12, 2),
        imprisonment_months=12,
        is_suspended=True,
    )
    # Victims: V1 (org A) witness in I1 and I2, cooperating; V2 (org B) in I1 (cooperation not
    # recorded) and in I2 (not cooperating, penalised).
    v1 = w.witness(
        org_a, w.police_a, i1, measures=["video_testimony"], is_cooperating=True, has_testified=True
    )
    worker = member(org_a, Role.CASE_WORKER)
    v1_victim = v1.case_person
    consent = consent_record(
        actor=actor_for(worker, org_a),
        person=v1_victim.person,
        purpose="sharing",
        is_given=True,
        shared_with=w.police_a,
        case=v1_victim.case,
    )
    w.link(actor_for(worker, org_a), v1_victim, consent, i2, is_cooperating=True)
    v2 = w.witness(org_b, w.police_a, i1)
    b_worker = member(org_b, Role.CASE_WORKER)
    consent_b = consent_record(
        actor=actor_for(b_worker, org_b),
        person=v2.case_person.person,
        purpose="sharing",
        is_given=True,
        shared_with=w.police_a,
        case=v2.case_person.case,
    )
    w.link(
        actor_for(b_worker, org_b),
        v2.case_person,
        consent_b,
        i2,
        is_cooperating=False,
        was_penalised=True,
    )
    order = services.compensation_order_add(
        actor=w.pros,
        defendant=c1.defendant,
        kind="compensation",
        amount=Decimal("12000.00"),
        currency="EUR",
        ordered_on=D(2025, 12, 5),
        beneficiary=v1,
    )
    services.compensation_payment_add(
        actor=w.pros, order=order, amount="2000", paid_on=D(2026, 1, 10)
    )
    services.compensation_order_add(
        actor=w.pros,
        defendant=c3.defendant,
        kind="restitution",
        amount=Decimal("500"),
        currency="EUR",
        ordered_on=D(2025, 12, 5),
    )
    w.status(pr1, "judgment")
    appeal = services.appeal_file(
        actor=w.pros, defendant=c3.defendant, appellant="defence", filed_on=D(2025, 12, 20)
    )
    services.appeal_decide(
        actor=w.pros, appeal=appeal, outcome="conviction_overturned", decided_on=D(2026, 1, 15)
    )
    w.status(pr1, "concluded", concluded_on=D(2026, 2, 1))
    w.i1, w.i2, w.i3, w.i4, w.pr1, w.pr2 = i1, i2, i3, i4, pr1, pr2
    return w
