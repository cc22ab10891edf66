"""Scopes over criminal cases: who sees which investigation, prosecution, group and witness.

- Investigators see the investigations of their own agency, and the prosecutions brought on them
  (read-only).
- Prosecutors see the investigations handed to their prosecution service (or on which it brings a
  prosecution), and manage the prosecutions of their service.
- Nobody else sees a criminal case row. Statistics reach only aggregates (``statistics_*``).
- A victim appears to law enforcement only as a witness code (``VictimParticipation``); the facts the
  victim shared are visible only to organisations named by an active consent (``WitnessShare``).
  Law-enforcement roles keep scope ``none`` on support cases (see ``roles.py``).

Every function fails closed: no organisation, no permission or an unknown role gives nothing.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.cases import can_work_on, visible_cases
from waypoint.enforcement.models import (
    CriminalGroup,
    Handover,
    Investigation,
    Prosecution,
    Statute,
    Suspect,
    VictimParticipation,
    WitnessShare,
)


def _has_organisation(actor: Actor) -> bool:
    return actor.user is not None and actor.organisation is not None


def visible_investigations(actor: Actor) -> QuerySet[Investigation]:
    """Investigations of the actor's agency (investigators) or handed to their service (prosecutors)."""
    if not _has_organisation(actor) or not actor.can(Perm.INVESTIGATION_VIEW):
        return Investigation.objects.none()
    conditions: list[Q] = []
    if actor.has_role(Role.INVESTIGATOR):
        conditions.append(Q(investigating_agency=actor.organisation))
    if actor.has_role(Role.PROSECUTOR):
        conditions.append(
            Q(
                Exists(
                    Handover.objects.filter(
                        investigation=OuterRef("pk"), organisation=actor.organisation
                    )
                )
            )
            | Q(
                Exists(
                    Prosecution.objects.filter(
                        investigation=OuterRef("pk"), prosecuting_organisation=actor.organisation
                    )
                )
            )
        )
    if not conditions:
        return Investigation.objects.none()
    condition = conditions[0]
    for extra in conditions[1:]:
        condition |= extra
    return Investigation.objects.filter(condition)


def manageable_investigations(actor: Actor) -> QuerySet[Investigation]:
    """Investigations the actor may change: investigators of the investigating agency only."""
    if (
        not _has_organisation(actor)
        or not actor.can(Perm.INVESTIGATION_MANAGE)
        or not actor.has_role(Role.INVESTIGATOR)
    ):
        return Investigation.objects.none()
    return Investigation.objects.filter(investigating_agency=actor.organisation)


def visible_prosecutions(actor: Actor) -> QuerySet[Prosecution]:
    """Prosecutions of the actor's service (prosecutors) or on their agency's investigations
    (investigators, read-only)."""
    if not _has_organisation(actor) or not actor.can(Perm.PROSECUTION_VIEW):
        return Prosecution.objects.none()
    conditions: list[Q] = []
    if actor.has_role(Role.PROSECUTOR):
        conditions.append(Q(prosecuting_organisation=actor.organisation))
    if actor.has_role(Role.INVESTIGATOR):
        conditions.append(Q(investigation__investigating_agency=actor.organisation))
    if not conditions:
        return Prosecution.objects.none()
    condition = conditions[0]
    for extra in conditions[1:]:
        condition |= extra
    return Prosecution.objects.filter(condition)


def manageable_prosecutions(actor: Actor) -> QuerySet[Prosecution]:
    """Prosecutions the actor may change: prosecutors of the prosecuting service only."""
    if (
        not _has_organisation(actor)
        or not actor.can(Perm.PROSECUTION_MANAGE)
        or not actor.has_role(Role.PROSECUTOR)
    ):
        return Prosecution.objects.none()
    return Prosecution.objects.filter(prosecuting_organisation=actor.organisation)


def visible_suspects(actor: Actor) -> QuerySet[Suspect]:
    return Suspect.objects.filter(investigation__in=visible_investigations(actor))


def visible_criminal_groups(actor: Actor) -> QuerySet[CriminalGroup]:
    """Groups of the actor's agency, and groups with a member in an investigation the actor sees."""
    if not _has_organisation(actor) or not actor.can(Perm.INVESTIGATION_VIEW):
        return CriminalGroup.objects.none()
    condition = Q(
        Exists(
            CriminalGroup.members.through.objects.filter(
                group=OuterRef("pk"), suspect__in=visible_suspects(actor)
            )
        )
    )
    if actor.has_role(Role.INVESTIGATOR):
        condition |= Q(investigating_agency=actor.organisation)
    return CriminalGroup.objects.filter(condition)


def manageable_criminal_groups(actor: Actor) -> QuerySet[CriminalGroup]:
    if (
        not _has_organisation(actor)
        or not actor.can(Perm.INVESTIGATION_MANAGE)
        or not actor.has_role(Role.INVESTIGATOR)
    ):
        return CriminalGroup.objects.none()
    return CriminalGroup.objects.filter(investigating_agency=actor.organisation)


def visible_witnesses(actor: Actor) -> QuerySet[VictimParticipation]:
    """Witnesses of the criminal cases the actor sees (law enforcement's view: codes, not persons)."""
    return VictimParticipation.objects.filter(
        investigation__in=visible_investigations(actor), ended_at__isnull=True
    )


def can_record_proceedings(actor: Actor, participation: VictimParticipation) -> bool:
    """Investigators of the agency, and prosecutors bringing a prosecution on the investigation,
    record the victim's part in the proceedings (cooperation, testimony, protection, penalties)."""
    if manageable_investigations(actor).filter(pk=participation.investigation_id).exists():
        return True
    return (
        manageable_prosecutions(actor).filter(investigation=participation.investigation_id).exists()
    )


def witness_fact_organisations(participation_ids: list[int]) -> dict[int, set[int]]:
    """For each witness, the organisations whose active consent lets them see the shared facts."""
    allowed: dict[int, set[int]] = {}
    shares = WitnessShare.objects.filter(
        participation_id__in=participation_ids,
        consent__is_given=True,
        consent__withdrawn_at__isnull=True,
    ).values_list("participation_id", "organisation_id")
    for participation_id, organisation_id in shares:
        allowed.setdefault(participation_id, set()).add(organisation_id)
    return allowed


def case_worker_witness_links(actor: Actor) -> QuerySet[VictimParticipation]:
    """The support side: links made from the support cases the actor may open."""
    if not _has_organisation(actor) or not actor.can(Perm.CASE_VIEW):
        return VictimParticipation.objects.none()
    return VictimParticipation.objects.filter(case_person__case__in=visible_cases(actor))


def can_manage_witness_link(actor: Actor, participation: VictimParticipation) -> bool:
    """Only the organisation working the support case changes what it shares."""
    if not actor.can(Perm.CASE_EDIT):
        return False
    case = participation.case_person.case
    return visible_cases(actor).filter(pk=case.pk).exists() and can_work_on(actor, case)


def visible_statutes(actor: Actor) -> QuerySet[Statute]:
    """Statutes are public law: every signed-in person acting for an organisation may read them."""
    if not _has_organisation(actor):
        return Statute.objects.none()
    return Statute.objects.all()


def manageable_statutes(actor: Actor) -> QuerySet[Statute]:
    """System administrators (and the server console acting as one) edit the statute lists."""
    if not actor.can(Perm.STATUTE_MANAGE):
        return Statute.objects.none()
    return Statute.objects.all()


def statistics_investigations(actor: Actor) -> QuerySet[Investigation]:
    """Every investigation, for aggregate statistics only (callers return counts, never rows)."""
    if not actor.can(Perm.STATISTICS_VIEW):
        return Investigation.objects.none()
    return Investigation.objects.all()
