"""Scopes over cases and persons, and need-to-know: which parts of a case an actor may see.

- ``own`` (first responders): cases they created or are responsible for, in their organisation.
- ``organisation`` (case workers, supervisors): cases their organisation owns, and cases shared
  with it for joint work.
- ``shared`` (competent authorities, service providers): only cases shared with their organisation
  through an active grant (an NRM referral or a referral to a service), and only the sections the
  grant's purpose needs.
- ``none`` and ``aggregate``: no case rows at all.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm, Role
from waypoint.cases.choices import GrantKind
from waypoint.cases.models import Case, CaseAccessGrant, CasePerson
from waypoint.people.models import Person


class Section(StrEnum):
    """Parts of a case, for need-to-know."""

    SUMMARY = "summary"
    PERSONS = "persons"
    IDENTIFYING = "identifying"
    VICTIM_CONTEXT = "victim_context"
    EVENTS = "events"
    SUPPORT_PLAN = "support_plan"
    NOTES = "notes"
    TASKS = "tasks"
    DOCUMENTS = "documents"
    CONSENT = "consent"
    HISTORY = "history"
    REFERRALS = "referrals"


ALL_SECTIONS = frozenset(Section)
# What each kind of sharing lets the receiving organisation see.
GRANT_SECTIONS: dict[str, frozenset[Section]] = {
    GrantKind.TRANSFER: ALL_SECTIONS,
    GrantKind.JOINT_CASE: ALL_SECTIONS,
    # The competent authority needs the facts to decide, not the support work.
    GrantKind.NRM_REFERRAL: frozenset(
        {
            Section.SUMMARY,
            Section.PERSONS,
            Section.IDENTIFYING,
            Section.VICTIM_CONTEXT,
            Section.EVENTS,
            Section.DOCUMENTS,
            Section.CONSENT,
            Section.REFERRALS,
        }
    ),
    # A service needs to know who is coming and what they need, nothing of what happened.
    GrantKind.SERVICE_REFERRAL: frozenset(
        {Section.SUMMARY, Section.PERSONS, Section.IDENTIFYING, Section.CONSENT, Section.REFERRALS}
    ),
}
# Sections each permission opens (a section needs the grant AND the permission).
SECTION_PERMISSIONS: dict[Section, Perm] = {
    Section.SUMMARY: Perm.CASE_VIEW,
    Section.PERSONS: Perm.PERSON_VIEW,
    Section.IDENTIFYING: Perm.PERSON_VIEW_IDENTIFYING,
    Section.VICTIM_CONTEXT: Perm.CASE_VIEW,
    Section.EVENTS: Perm.CASE_VIEW,
    Section.SUPPORT_PLAN: Perm.CASE_VIEW,
    Section.NOTES: Perm.CASE_NOTE_VIEW,
    Section.TASKS: Perm.CASE_VIEW,
    Section.DOCUMENTS: Perm.DOCUMENT_VIEW,
    Section.CONSENT: Perm.CONSENT_VIEW,
    Section.HISTORY: Perm.CASE_VIEW,
    Section.REFERRALS: Perm.CASE_VIEW,
}
# Which grants each role may use: a service provider never uses an NRM grant, and so on.
ROLE_GRANT_KINDS: dict[Role, frozenset[str]] = {
    Role.CASE_WORKER: frozenset({GrantKind.TRANSFER, GrantKind.JOINT_CASE}),
    Role.CASE_SUPERVISOR: frozenset({GrantKind.TRANSFER, GrantKind.JOINT_CASE}),
    Role.DECISION_MAKER: frozenset({GrantKind.NRM_REFERRAL}),
    Role.SERVICE_PROVIDER: frozenset({GrantKind.SERVICE_REFERRAL}),
}


def _grant_kinds(actor: Actor) -> frozenset[str]:
    kinds: frozenset[str] = frozenset()
    for role in actor.roles:
        kinds |= ROLE_GRANT_KINDS.get(role, frozenset())
    return kinds


def _active_grants(actor: Actor) -> QuerySet[CaseAccessGrant]:
    """Grants to the actor's organisation that are live: not revoked, and their consent (if the
    sharing rests on one) not withdrawn. Withdrawal therefore stops sharing at once."""
    return CaseAccessGrant.objects.filter(
        Q(consent__isnull=True) | Q(consent__withdrawn_at__isnull=True),
        organisation=actor.organisation,
        revoked_at__isnull=True,
        kind__in=_grant_kinds(actor),
    )


def visible_cases(actor: Actor) -> QuerySet[Case]:
    """Cases the actor may open. Fails closed: no organisation, no case permission → nothing."""
    if actor.user is None or actor.organisation is None or not actor.can(Perm.CASE_VIEW):
        return Case.objects.none()
    shared = Exists(_active_grants(actor).filter(case=OuterRef("pk")))
    condition = Q(shared)
    if actor.has_role(Role.CASE_WORKER, Role.CASE_SUPERVISOR):
        # Everything the organisation owns.
        condition |= Q(owner_organisation=actor.organisation)
    elif actor.has_role(Role.FIRST_RESPONDER):
        # Only what they created or are responsible for, in this organisation.
        condition |= Q(owner_organisation=actor.organisation) & (
            Q(created_by=actor.user) | Q(case_owner=actor.user)
        )
    return Case.objects.filter(condition)


def case_sections(actor: Actor, case: Case) -> frozenset[Section]:
    """The parts of ``case`` the actor may see (the case itself must already be visible)."""
    if actor.organisation is None:
        return frozenset()
    if case.owner_organisation_id == actor.organisation.pk:
        allowed = ALL_SECTIONS
    else:
        allowed = frozenset()
        for kind in _active_grants(actor).filter(case=case).values_list("kind", flat=True):
            allowed |= GRANT_SECTIONS.get(kind, frozenset())
    return frozenset(section for section in allowed if actor.can(SECTION_PERMISSIONS[section]))


def visible_persons(actor: Actor) -> QuerySet[Person]:
    """Persons in a visible case, and persons the actor's organisation recorded (scope allowing)."""
    if actor.user is None or actor.organisation is None or not actor.can(Perm.PERSON_VIEW):
        return Person.objects.none()
    in_visible_case = Exists(
        CasePerson.objects.filter(person=OuterRef("pk"), case__in=visible_cases(actor))
    )
    condition = Q(in_visible_case)
    # Persons recorded by the organisation but in no case yet; never suspects recorded by a police
    # force for a criminal case (those are reached only through the criminal-case scopes).
    unlinked = Q(case_links__isnull=True, suspect_links__isnull=True)
    if actor.has_role(Role.CASE_WORKER, Role.CASE_SUPERVISOR):
        condition |= Q(owner_organisation=actor.organisation) & unlinked
    elif actor.has_role(Role.FIRST_RESPONDER):
        condition |= Q(owner_organisation=actor.organisation, created_by=actor.user) & unlinked
    return Person.objects.filter(condition)


def can_work_on(actor: Actor, case: Case) -> bool:
    """True when the actor's organisation owns the case or works it jointly (not just shared)."""
    if actor.organisation is None:
        return False
    if case.owner_organisation_id == actor.organisation.pk:
        return True
    return _active_grants(actor).filter(case=case, kind=GrantKind.JOINT_CASE).exists()


def identifying_persons(actor: Actor) -> QuerySet[Person]:
    """Visible persons whose identifying details the actor needs to know.

    The actor's role must allow identifying data, and the person must be recorded by the actor's
    organisation (within the role's scope) or be in a case the organisation owns or reaches
    through a live grant whose purpose includes identifying details.
    """
    if not actor.can(Perm.PERSON_VIEW_IDENTIFYING) or actor.organisation is None:
        return Person.objects.none()
    kinds = [
        kind
        for kind in _grant_kinds(actor)
        if Section.IDENTIFYING in GRANT_SECTIONS.get(kind, frozenset())
    ]
    cases = visible_cases(actor).filter(
        Q(owner_organisation=actor.organisation)
        | Exists(_active_grants(actor).filter(case=OuterRef("pk"), kind__in=kinds))
    )
    condition = Q(Exists(CasePerson.objects.filter(person=OuterRef("pk"), case__in=cases)))
    if actor.has_role(Role.CASE_WORKER, Role.CASE_SUPERVISOR):
        condition |= Q(owner_organisation=actor.organisation)
    elif actor.has_role(Role.FIRST_RESPONDER):
        condition |= Q(owner_organisation=actor.organisation, created_by=actor.user)
    return visible_persons(actor).filter(condition)
