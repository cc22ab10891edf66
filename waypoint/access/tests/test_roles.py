"""The role × permission × scope table: a change to roles.py must change this test."""

import pytest

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import (
    MFA_REQUIRED_ROLES,
    ROLE_PERMISSIONS,
    ROLE_SCOPES,
    Perm,
    Role,
    Scope,
    widest_scope,
)
from waypoint.common.errors import ActionDenied

CASE_RECORD_PERMISSIONS = {
    Perm.PERSON_VIEW,
    Perm.PERSON_VIEW_IDENTIFYING,
    Perm.CASE_VIEW,
    Perm.CASE_NOTE_VIEW,
    Perm.DOCUMENT_VIEW,
    Perm.CASE_EDIT,
    Perm.PERSON_EDIT,
}


def test_every_role_has_permissions_and_a_scope():
    assert set(ROLE_PERMISSIONS) == set(Role)
    assert set(ROLE_SCOPES) == set(Role)


def test_role_codes_are_stable():
    assert [role.value for role in Role] == [
        "first_responder",
        "case_worker",
        "case_supervisor",
        "service_provider",
        "decision_maker",
        "investigator",
        "prosecutor",
        "coordinator",
        "analyst",
        "auditor",
        "org_admin",
        "system_admin",
    ]


def test_analyst_sees_aggregates_only():
    assert ROLE_SCOPES[Role.ANALYST] == Scope.AGGREGATE
    assert not ROLE_PERMISSIONS[Role.ANALYST] & CASE_RECORD_PERMISSIONS
    assert Perm.STATISTICS_VIEW in ROLE_PERMISSIONS[Role.ANALYST]
    assert Perm.STATISTICS_VIEW_INTERNAL not in ROLE_PERMISSIONS[Role.ANALYST]


@pytest.mark.parametrize(
    "role",
    [
        Role.INVESTIGATOR,
        Role.PROSECUTOR,
        Role.AUDITOR,
        Role.ORG_ADMIN,
        Role.SYSTEM_ADMIN,
        Role.COORDINATOR,
    ],
)
def test_roles_without_case_records(role):
    assert ROLE_SCOPES[role] in (Scope.NONE, Scope.AGGREGATE)
    assert not ROLE_PERMISSIONS[role] & CASE_RECORD_PERMISSIONS


def test_two_factor_roles():
    assert frozenset(MFA_REQUIRED_ROLES) == {
        Role.DECISION_MAKER,
        Role.COORDINATOR,
        Role.AUDITOR,
        Role.ORG_ADMIN,
        Role.SYSTEM_ADMIN,
    }


def test_only_decision_makers_decide_and_only_admins_manage_people():
    assert {r for r, p in ROLE_PERMISSIONS.items() if Perm.NRM_DECIDE in p} == {Role.DECISION_MAKER}
    assert {r for r, p in ROLE_PERMISSIONS.items() if Perm.MEMBERSHIP_MANAGE in p} == {
        Role.ORG_ADMIN,
        Role.SYSTEM_ADMIN,
    }
    assert {r for r, p in ROLE_PERMISSIONS.items() if Perm.ORGANISATION_MANAGE in p} == {
        Role.SYSTEM_ADMIN
    }
    assert {r for r, p in ROLE_PERMISSIONS.items() if Perm.AUDIT_VIEW in p} == {Role.AUDITOR}
    assert {r for r, p in ROLE_PERMISSIONS.items() if Perm.DATA_EXPORT_IDENTIFYING in p} == {
        Role.CASE_SUPERVISOR
    }


def test_widest_scope_of_several_roles():
    assert widest_scope(frozenset()) == Scope.NONE
    assert widest_scope(frozenset({Role.ORG_ADMIN, Role.CASE_WORKER})) == Scope.ORGANISATION
    assert widest_scope(frozenset({Role.ANALYST, Role.SERVICE_PROVIDER})) == Scope.SHARED


def test_require_names_the_roles_that_may(org_a):
    actor = Actor(user=object(), organisation=org_a, roles=frozenset({Role.ANALYST}))
    with pytest.raises(ActionDenied) as refusal:
        require(actor, Perm.AUDIT_VIEW)
    assert "Auditor" in refusal.value.message
    require(actor, Perm.STATISTICS_VIEW)


def test_system_actor_holds_no_permissions():
    actor = Actor.system("scheduled task")
    assert actor.permissions == frozenset()
    assert actor.scope == Scope.NONE
