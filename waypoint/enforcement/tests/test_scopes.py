"""Who sees which criminal case, prosecution, group and witness: every role, two police forces,
two prosecution services."""

from __future__ import annotations

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.access.scopes.enforcement import (
    manageable_investigations,
    manageable_prosecutions,
    visible_criminal_groups,
    visible_investigations,
    visible_prosecutions,
    visible_witnesses,
)
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.enforcement import selectors, services
from waypoint.enforcement.selectors import counts
from waypoint.enforcement.tests.test_walk import link_witness
from waypoint.people.services import consent_record, consent_withdraw
from waypoint.testing.factories import actor_for, member


@pytest.fixture
def handed(investigation, inv_a, prosecution_a, pros_a, court):
    services.investigation_hand_over(
        actor=inv_a, investigation=investigation, organisation=prosecution_a
    )
    prosecution = services.prosecution_open(
        actor=pros_a, investigation=investigation, filed_on=timezone.localdate(), court=court
    )
    return prosecution


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_in_the_investigating_agency_only_investigators_see_the_case(police_a, investigation, role):
    actor = actor_for(member(police_a, role), police_a)
    assert visible_investigations(actor).filter(pk=investigation.pk).exists() == (
        role == Role.INVESTIGATOR
    )
    assert manageable_investigations(actor).exists() == (role == Role.INVESTIGATOR)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_nobody_in_other_organisations_sees_it(police_b, prosecution_b, org_a, investigation, role):
    for organisation in (police_b, prosecution_b, org_a):
        actor = actor_for(member(organisation, role), organisation)
        assert not visible_investigations(actor).exists()
        assert not visible_prosecutions(actor).exists()
        assert not visible_witnesses(actor).exists()


@pytest.mark.django_db
def test_prosecutors_see_what_is_handed_to_their_service(
    investigation, handed, pros_a, pros_b, inv_a, inv_b
):
    assert visible_investigations(pros_a).filter(pk=investigation.pk).exists()
    assert manageable_prosecutions(pros_a).filter(pk=handed.pk).exists()
    assert not visible_investigations(pros_b).exists()
    assert not visible_prosecutions(pros_b).exists()
    # The investigating agency reads the prosecution but may not write in it.
    assert visible_prosecutions(inv_a).filter(pk=handed.pk).exists()
    assert not manageable_prosecutions(inv_a).exists()
    assert not visible_prosecutions(inv_b).exists()
    # Prosecutors read the investigation but do not change it.
    assert not manageable_investigations(pros_a).exists()
    with pytest.raises(ActionDenied):
        services.suspect_add(actor=pros_a, investigation=investigation, person_values={})
    with pytest.raises(ActionDenied):
        services.investigation_update(
            actor=pros_a,
            investigation=investigation,
            changes={"summary": "x"},
            expected_version=None,
        )


@pytest.mark.django_db
def test_investigators_of_another_agency_cannot_write(investigation, inv_b, statute_248a):
    before = investigation.suspects.count()
    with pytest.raises(NotVisible):
        services.suspect_add(
            actor=inv_b, investigation=investigation, person_values={"first_name": "X"}
        )
    with pytest.raises(NotVisible):
        services.investigation_close(
            actor=inv_b, investigation=investigation, closure_reason="other", expected_version=None
        )
    investigation.refresh_from_db()
    assert investigation.status == "open" and investigation.suspects.count() == before


@pytest.mark.django_db
def test_witness_facts_follow_the_consent(
    org_a, police_a, prosecution_a, investigation, handed, inv_a, pros_a
):
    worker, _case, consent, participation = link_witness(org_a, police_a, investigation)
    [for_police] = selectors.witness_list(actor=inv_a, investigation=investigation)
    [for_prosecutor] = selectors.witness_list(actor=pros_a, investigation=investigation)
    assert for_police.facts_visible and for_police.gender == "Feminine"
    assert for_police.exploitation_types == ["ForcedLabour"]
    assert for_police.nationality == ""  # not chosen
    assert not for_prosecutor.facts_visible and for_prosecutor.gender == ""
    assert for_prosecutor.witness_code == participation.witness_code
    # The victim also consents to share with the prosecution service.
    person = participation.case_person.person
    second = consent_record(
        actor=worker, person=person, purpose="sharing", is_given=True, shared_with=prosecution_a
    )
    services.witness_share_add(actor=worker, participation=participation, consent=second)
    [for_prosecutor] = selectors.witness_list(actor=pros_a, investigation=investigation)
    assert for_prosecutor.facts_visible and for_prosecutor.gender == "Feminine"
    # Withdrawing consent hides the facts from the police at once; the code stays.
    consent_withdraw(actor=worker, record=consent)
    [for_police] = selectors.witness_list(actor=inv_a, investigation=investigation)
    assert not for_police.facts_visible and for_police.exploitation_types == []
    assert for_police.witness_code == participation.witness_code


@pytest.mark.django_db
def test_only_the_working_organisation_changes_a_witness_link(
    org_a, org_b, police_a, investigation
):
    worker, _case, _consent, participation = link_witness(org_a, police_a, investigation)
    stranger = actor_for(member(org_b, Role.CASE_WORKER), org_b)
    with pytest.raises(NotVisible):
        services.witness_link_end(actor=stranger, participation=participation)
    supervisor_b = actor_for(member(org_b, Role.CASE_SUPERVISOR), org_b)
    with pytest.raises(NotVisible):
        services.witness_facts_update(
            actor=supervisor_b, participation=participation, shared_facts=[], expected_version=None
        )
    participation.refresh_from_db()
    assert participation.ended_at is None and participation.shared_gender == "Feminine"


@pytest.mark.django_db
def test_a_case_worker_needs_a_consent_naming_the_agency(org_a, police_a, police_b, investigation):
    from waypoint.enforcement.models import VictimParticipation
    from waypoint.testing.factories import person_and_case

    worker = member(org_a, Role.CASE_WORKER)
    actor = actor_for(worker, org_a)
    person, case = person_and_case(org_a, opener=worker)
    wrong = consent_record(
        actor=actor, person=person, purpose="sharing", is_given=True, shared_with=police_b
    )
    refused = consent_record(
        actor=actor, person=person, purpose="sharing", is_given=False, shared_with=police_a
    )
    for consent in (wrong, refused, None):
        with pytest.raises(ValidationFailed) as error:
            services.witness_link_create(
                actor=actor,
                case_person=case.case_persons.get(),
                investigation_reference=investigation.reference,
                consent=consent,
                shared_facts=["gender"],
            )
        assert "consent" in error.value.fields
    assert not VictimParticipation.objects.exists()


@pytest.mark.django_db
def test_proceedings_are_recorded_by_law_enforcement_of_the_case_only(
    org_a, police_a, investigation, handed, inv_a, pros_a, pros_b, prosecution_a
):
    _worker, _case, _consent, participation = link_witness(org_a, police_a, investigation)
    services.witness_proceedings_update(
        actor=pros_a,
        participation=participation,
        values={"has_testified": True},
        expected_version=None,
    )
    with pytest.raises(NotVisible):
        services.witness_proceedings_update(
            actor=pros_b,
            participation=participation,
            values={"has_testified": False},
            expected_version=None,
        )
    analyst = actor_for(member(police_a, Role.ANALYST), police_a)
    with pytest.raises(ActionDenied):
        services.witness_proceedings_update(
            actor=analyst,
            participation=participation,
            values={"has_testified": False},
            expected_version=None,
        )
    participation.refresh_from_db()
    assert participation.has_testified is True


@pytest.mark.django_db
def test_groups_are_seen_by_their_agency_and_through_visible_members(
    investigation, inv_a, inv_b, handed, pros_a
):
    group = services.criminal_group_create(actor=inv_a, name="Harbour ring")
    services.criminal_group_add_member(
        actor=inv_a, group=group, suspect=investigation.suspects.first()
    )
    assert visible_criminal_groups(inv_a).filter(pk=group.pk).exists()
    assert visible_criminal_groups(pros_a).filter(pk=group.pk).exists()
    assert not visible_criminal_groups(inv_b).exists()
    with pytest.raises(ActionDenied):
        services.criminal_group_add_member(
            actor=pros_a, group=group, suspect=investigation.suspects.last()
        )
    with pytest.raises(NotVisible):
        services.criminal_group_add_member(
            actor=inv_b, group=group, suspect=investigation.suspects.last()
        )
    assert group.memberships.count() == 1


@pytest.mark.django_db
def test_statistics_are_aggregates_for_statistics_roles_only(police_a, org_a, investigation):
    analyst = actor_for(member(org_a, Role.ANALYST), org_a)
    worker = actor_for(member(org_a, Role.CASE_WORKER), org_a)
    assert counts.investigations_opened(actor=analyst) == 1
    assert counts.persons_suspected(actor=analyst) == 2
    assert counts.investigations_opened(actor=worker) == 0
    assert counts.persons_suspected(actor=worker) == 0
