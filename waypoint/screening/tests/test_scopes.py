"""Who sees which screening: the screener; with screening.view, those of cases they can see;
case workers their organisation's completed ones; decision makers through an NRM grant only;
investigators only their own."""

import pytest

from waypoint.access.roles import Role
from waypoint.access.scopes.screening import (
    visible_anonymous_notifications,
    visible_instrument_versions,
    visible_screenings,
)
from waypoint.cases.choices import GrantKind
from waypoint.cases.services import case_access_grant, case_access_revoke
from waypoint.screening import services
from waypoint.screening.tests.conftest import completed, start
from waypoint.testing.factories import actor_for, member


def sees(user, organisation, screening):
    return visible_screenings(actor_for(user, organisation)).filter(pk=screening.pk).exists()


@pytest.mark.django_db
def test_screening_visibility_matrix(org_a, org_b, responder_a, instrument):
    done = completed(responder_a, org_a)
    draft = start(actor_for(responder_a, org_a))
    colleague = member(org_a, Role.FIRST_RESPONDER)
    worker_a = member(org_a, Role.CASE_WORKER)
    supervisor_a = member(org_a, Role.CASE_SUPERVISOR)
    worker_b = member(org_b, Role.CASE_WORKER)
    investigator_a = member(org_a, Role.INVESTIGATOR)
    decision_b = member(org_b, Role.DECISION_MAKER)
    outsiders = [member(org_a, role) for role in (Role.ANALYST, Role.COORDINATOR, Role.AUDITOR)]
    assert sees(responder_a, org_a, done) and sees(responder_a, org_a, draft)
    assert sees(worker_a, org_a, done) and sees(supervisor_a, org_a, done)
    assert not sees(worker_a, org_a, draft)  # drafts are the screener's only
    for user, organisation in [
        (colleague, org_a),
        (worker_b, org_b),
        (investigator_a, org_a),
        (decision_b, org_b),
        *((user, org_a) for user in outsiders),
    ]:
        assert not sees(user, organisation, done)
        assert not sees(user, organisation, draft)


@pytest.mark.django_db
def test_investigators_conduct_and_see_only_their_own(org_a, instrument):
    investigator = member(org_a, Role.INVESTIGATOR)
    other = member(org_a, Role.INVESTIGATOR)
    mine = completed(investigator, org_a)
    theirs = completed(other, org_a)
    assert sees(investigator, org_a, mine)
    assert not sees(investigator, org_a, theirs)


@pytest.mark.django_db
def test_a_screener_acting_for_another_organisation_does_not_see_it(org_a, org_b, responder_a):
    from waypoint.accounts.models import Membership

    done = completed(responder_a, org_a)
    Membership.objects.create(user=responder_a, organisation=org_b, role=Role.FIRST_RESPONDER)
    assert not sees(responder_a, org_b, done)


@pytest.mark.django_db
def test_case_scope_and_nrm_grant(org_a, org_b, responder_a):
    done = completed(responder_a, org_a)
    actor = actor_for(responder_a, org_a)
    done = services.screening_person_case_create(
        actor=actor, screening=done, person_values={"first_name": "Lina"}
    )
    colleague = member(org_a, Role.FIRST_RESPONDER)
    decision_b = member(org_b, Role.DECISION_MAKER)
    worker_b = member(org_b, Role.CASE_WORKER)
    assert not sees(colleague, org_a, done)
    assert not sees(decision_b, org_b, done)
    grant = case_access_grant(
        actor=actor, case=done.case, organisation=org_b, kind=GrantKind.NRM_REFERRAL
    )
    assert sees(decision_b, org_b, done)
    assert not sees(worker_b, org_b, done)  # case workers do not use NRM grants
    case_access_revoke(actor=actor, grant=grant)
    assert not sees(decision_b, org_b, done)


@pytest.mark.django_db
def test_instrument_and_notification_scopes(org_a, org_b, responder_a, instrument):
    from waypoint.screening.services import instrument_draft_create

    coordinator = actor_for(member(org_a, Role.COORDINATOR), org_a)
    draft = instrument_draft_create(actor=coordinator, version=instrument)
    assert visible_instrument_versions(coordinator).filter(pk=draft.pk).exists()
    responder = actor_for(responder_a, org_a)
    assert list(visible_instrument_versions(responder)) == [instrument]
    assert not visible_instrument_versions(actor_for(member(org_a, Role.AUDITOR), org_a)).exists()
    done = completed(responder_a, org_a)
    notification = services.anonymous_notification_create(
        actor=responder, screening=done, values={"nationality": "NG"}
    )
    assert visible_anonymous_notifications(responder).filter(pk=notification.pk).exists()
    other = actor_for(member(org_b, Role.FIRST_RESPONDER), org_b)
    assert not visible_anonymous_notifications(other).exists()
    analyst = actor_for(member(org_a, Role.ANALYST), org_a)
    assert not visible_anonymous_notifications(analyst).exists()  # counts only, never rows
