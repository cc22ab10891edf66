"""Reads of the NRM, always through the access scopes. Reading what the authority was told or why
a decision was taken (free text about a person) is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.cases import visible_persons
from waypoint.access.scopes.directory import visible_service_referrals
from waypoint.access.scopes.referrals import (
    breach_timers,
    is_competent_authority,
    is_referral_case_side,
    visible_nrm_referrals,
    visible_timers,
    visible_tracks,
    working_cases,
)
from waypoint.accounts.models import Organisation
from waypoint.audit import services as audit
from waypoint.cases.choices import PersonRole
from waypoint.cases.models import CasePerson
from waypoint.directory.choices import ServiceReferralStatus
from waypoint.directory.models import ServiceReferral
from waypoint.people.choices import ConsentPurpose
from waypoint.people.models import ConsentRecord
from waypoint.referrals import track_workflow, workflow
from waypoint.referrals.choices import (
    DEADLINE_KINDS,
    DECISION_PENDING_STATES,
    FreedomOfMovementCondition,
    TimerKind,
    TimerStatus,
)
from waypoint.referrals.models import (
    CountryProfile,
    NrmDecision,
    NrmReferral,
    Timer,
    Track,
    TransitionRecord,
)
from waypoint.referrals.profiles import CountryRules
from waypoint.referrals.services.nrm_facts import (
    authority_problem,
    competent_authorities,
    facts_for,
    is_child,
    referral_consent,
)
from waypoint.referrals.services.profiles import active_profile, deployment_country, rules_of
from waypoint.referrals.services.tracks import track_facts

ANONYMOUS_NOTIFICATION_URL_NAME = "screening:anonymous_notification_create"
SORTS = {
    "-updated": "-updated_at",
    "updated": "updated_at",
    "reference": "reference",
    "-reference": "-reference",
    "state": "state",
    "-referred": "-referred_at",
    "referred": "referred_at",
    "due": "next_due",
}


def anonymous_notification_url() -> str:
    """The screening app's page for an anonymous notification, when it is installed."""
    try:
        return reverse(ANONYMOUS_NOTIFICATION_URL_NAME)
    except NoReverseMatch:
        return ""


def _running_deadlines() -> QuerySet[Timer]:
    return Timer.objects.filter(status=TimerStatus.RUNNING, kind__in=list(DEADLINE_KINDS))


@dataclass(frozen=True)
class ReferralFilter:
    state: str = ""
    direction: str = ""  # "incoming" (sent to my organisation) or "outgoing" (made by it)
    overdue: bool = False
    search: str = ""  # reference of the referral or of the case
    sort: str = "-updated"


def referral_list(*, actor: Actor, filters: ReferralFilter) -> QuerySet[NrmReferral]:
    """NRM records the actor may see, filtered and sorted; rows carry no identifying data."""
    overdue = Exists(_running_deadlines().filter(referral=OuterRef("pk"), is_breached=True))
    queryset = (
        visible_nrm_referrals(actor)
        .select_related("case", "referring_organisation", "competent_authority", "assigned_to")
        .annotate(
            next_due=Min(
                "timers__due_on",
                filter=Q(timers__status=TimerStatus.RUNNING, timers__kind__in=list(DEADLINE_KINDS)),
            ),
            is_overdue=overdue,
        )
    )
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.direction == "incoming" and actor.organisation is not None:
        queryset = queryset.filter(competent_authority=actor.organisation)
    elif filters.direction == "outgoing" and actor.organisation is not None:
        queryset = queryset.filter(referring_organisation=actor.organisation)
    if filters.overdue:
        queryset = queryset.filter(is_overdue=True)
    if filters.search.strip():
        term = filters.search.strip()
        queryset = queryset.filter(
            Q(reference__icontains=term) | Q(case__reference__icontains=term)
        )
    return queryset.order_by(SORTS.get(filters.sort, "-updated_at"), "-pk")


def referral_get(*, actor: Actor, public_id: object) -> NrmReferral:
    return get_visible(
        visible_nrm_referrals(actor).select_related(
            "case",
            "case_person__person",
            "referring_organisation",
            "competent_authority",
            "assigned_to",
            "referred_by",
            "profile",
        ),
        public_id=public_id,
    )


@dataclass
class ReferralView:
    referral: NrmReferral
    rules: CountryRules
    profile: CountryProfile
    decisions: list[NrmDecision]
    steps: list[TransitionRecord]
    timers: list[Timer]
    actions: list[workflow.Transition]
    can_see_details: bool
    is_case_side: bool
    is_authority: bool
    is_child: bool
    has_referral_consent: bool
    needs_consent: bool
    authorities: list[Organisation] = field(default_factory=list)
    anonymous_notification_url: str = ""


def referral_view(
    *, actor: Actor, referral: NrmReferral, today: dt.date | None = None
) -> ReferralView:
    """The NRM record page: state, clocks, decisions, history and the steps the actor may take.

    The information sent to the authority and the reasons of decisions are shown to the referring
    side and the authority only (a service provider sees states and dates), and reading them is
    audited.
    """
    today = today or timezone.localdate()
    profile = active_profile(on=today)
    rules = rules_of(profile)
    case_side = is_referral_case_side(actor, referral)
    authority = is_competent_authority(actor, referral)
    can_see_details = case_side or authority
    decisions = list(referral.decisions.select_related("organisation", "decided_by"))
    steps = list(referral.steps.select_related("actor", "organisation"))
    timers = list(referral.timers.order_by("due_on", "pk"))
    facts = facts_for(actor, referral, rules, today=today)
    child = is_child(referral.case_person)
    if can_see_details and (referral.information or decisions or steps):
        audit.record(
            actor=actor,
            action="nrm.referral_view",
            target=referral,
            subject=referral.case,
            details={"decisions": len(decisions), "steps": len(steps)},
        )
    return ReferralView(
        referral=referral,
        rules=rules,
        profile=profile,
        decisions=decisions,
        steps=steps,
        timers=timers,
        actions=workflow.available(referral.state, facts),
        can_see_details=can_see_details,
        is_case_side=case_side,
        is_authority=authority,
        is_child=child,
        has_referral_consent=referral_consent(referral.case_person) is not None,
        needs_consent=(
            rules.child_referral_needs_consent if child else rules.adult_referral_needs_consent
        ),
        authorities=competent_authorities(rules) if case_side else [],
        anonymous_notification_url=anonymous_notification_url() if case_side else "",
    )


def authority_choices(*, today: dt.date | None = None) -> tuple[CountryRules, list[Organisation]]:
    rules = rules_of(active_profile(on=today))
    return rules, competent_authorities(rules)


def authority_refusal(organisation: Organisation | None) -> str:
    return authority_problem(organisation, rules_of(active_profile()))


# My work ----------------------------------------------------------------------------------------

ROLE_TIMER_KINDS: dict[Role, frozenset[str]] = {
    Role.DECISION_MAKER: frozenset(
        {
            TimerKind.PRELIMINARY_DECISION,
            TimerKind.FORMAL_DECISION,
            TimerKind.RECONSIDERATION,
            TimerKind.RECOVERY_PERIOD,
        }
    ),
    Role.SERVICE_PROVIDER: frozenset({TimerKind.SERVICE_RESPONSE}),
}
CASE_TIMER_KINDS: frozenset[str] = (
    frozenset(str(kind) for kind in TimerKind)
    - ROLE_TIMER_KINDS[Role.DECISION_MAKER]
    - {str(TimerKind.SERVICE_RESPONSE)}
)


def _kinds_for(actor: Actor) -> set[str]:
    kinds: set[str] = set()
    for role in actor.roles:
        kinds |= ROLE_TIMER_KINDS.get(role, frozenset())
    if actor.has_role(Role.CASE_WORKER, Role.CASE_SUPERVISOR, Role.FIRST_RESPONDER):
        kinds |= CASE_TIMER_KINDS
    return kinds


@dataclass
class MyWork:
    scope: str
    today: dt.date
    due: list[Timer]
    overdue: list[Timer]
    waiting_referrals: list[NrmReferral]
    waiting_services: list[ServiceReferral]


def _my_timers(actor: Actor, scope: str) -> QuerySet[Timer]:
    timers = visible_timers(actor).filter(status=TimerStatus.RUNNING)
    if actor.organisation is None or actor.user is None:
        return timers.none()
    if scope == "organisation":
        return timers.filter(responsible_organisation=actor.organisation)
    return timers.filter(
        Q(responsible_user=actor.user)
        | Q(
            responsible_user__isnull=True,
            responsible_organisation=actor.organisation,
            kind__in=sorted(_kinds_for(actor)),
        )
    )


def _waiting_referrals(actor: Actor, scope: str) -> QuerySet[NrmReferral]:
    if actor.organisation is None or not actor.has_role(
        Role.FIRST_RESPONDER, Role.CASE_WORKER, Role.CASE_SUPERVISOR
    ):
        return NrmReferral.objects.none()
    queryset = visible_nrm_referrals(actor).filter(
        state__in=sorted(DECISION_PENDING_STATES), referring_organisation=actor.organisation
    )
    if scope != "organisation":
        queryset = queryset.filter(referred_by=actor.user)
    return (
        queryset.annotate(
            next_due=Min("timers__due_on", filter=Q(timers__status=TimerStatus.RUNNING))
        )
        .select_related("case", "competent_authority", "referring_organisation")
        .order_by("next_due", "pk")
    )


def _waiting_services(actor: Actor, scope: str) -> QuerySet[ServiceReferral]:
    if actor.organisation is None:
        return ServiceReferral.objects.none()
    queryset = visible_service_referrals(actor).filter(
        status=ServiceReferralStatus.PENDING, referring_organisation=actor.organisation
    )
    if scope != "organisation":
        queryset = queryset.filter(referred_by=actor.user)
    return queryset.select_related("service__organisation", "case", "response_timer")


def my_work(*, actor: Actor, scope: str = "mine", today: dt.date | None = None) -> MyWork:
    """What is due, overdue and waiting, for the person (``mine``) or their organisation."""
    today = today or timezone.localdate()
    scope = "organisation" if scope == "organisation" else "mine"
    timers = _my_timers(actor, scope).select_related(
        "case", "referral", "track", "responsible_organisation", "service_referral"
    )
    overdue = timers.filter(kind__in=list(DEADLINE_KINDS), due_on__lt=today).order_by("due_on")
    due = timers.filter(due_on__gte=today).order_by("due_on", "pk")
    return MyWork(
        scope=scope,
        today=today,
        due=list(due[:200]),
        overdue=list(overdue[:200]),
        waiting_referrals=list(_waiting_referrals(actor, scope)[:200]),
        waiting_services=list(
            _waiting_services(actor, scope).order_by("-is_urgent", "created_at")[:200]
        ),
    )


def my_work_counts(*, actor: Actor, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    timers = _my_timers(actor, "mine")
    return {
        "due_soon": timers.filter(
            due_on__gte=today, due_on__lte=today + dt.timedelta(days=7)
        ).count(),
        "overdue": timers.filter(kind__in=list(DEADLINE_KINDS), due_on__lt=today).count(),
        "waiting": _waiting_referrals(actor, "mine").count()
        + _waiting_services(actor, "mine").count(),
    }


# Breaches (aggregate only) ---------------------------------------------------------------------


@dataclass
class BreachSummary:
    rows: list[dict[str, object]]
    by_stage: list[dict[str, object]]
    by_organisation: list[dict[str, object]]
    by_month: list[dict[str, object]]
    total: int


def breach_summary(*, actor: Actor, year: int | None = None) -> BreachSummary:
    """Breached time limits counted by stage, organisation and month of the breach. Counts only:
    no row, no reference, no person."""
    queryset = breach_timers(actor)
    if year is not None:
        queryset = queryset.filter(breached_on__year=year)
    rows = list(
        queryset.annotate(month=TruncMonth("breached_on"))
        .values("kind", "responsible_organisation__name", "month")
        .annotate(count=Count("pk"))
        .order_by("-month", "kind", "responsible_organisation__name")
    )
    labels = dict(TimerKind.choices)
    for row in rows:
        row["stage"] = str(labels.get(str(row["kind"]), row["kind"]))
        row["organisation"] = row.pop("responsible_organisation__name")
    by_stage = list(queryset.values("kind").annotate(count=Count("pk")).order_by("-count", "kind"))
    for row in by_stage:
        row["stage"] = str(labels.get(str(row["kind"]), row["kind"]))
    by_organisation = list(
        queryset.values("responsible_organisation__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "responsible_organisation__name")
    )
    for row in by_organisation:
        row["organisation"] = row.pop("responsible_organisation__name")
    by_month = list(
        queryset.annotate(month=TruncMonth("breached_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return BreachSummary(
        rows=rows,
        by_stage=by_stage,
        by_organisation=by_organisation,
        by_month=by_month,
        total=queryset.count(),
    )


# Tracks ----------------------------------------------------------------------------------------


TRACK_SORTS = {
    "-updated": "-updated_at",
    "until": "valid_until",
    "kind": "kind",
    "case": "case__reference",
}


def track_list(
    *,
    actor: Actor,
    kind: str = "",
    state: str = "",
    case_reference: str = "",
    sort: str = "-updated",
) -> QuerySet[Track]:
    queryset = visible_tracks(actor).select_related("case", "organisation")
    if kind:
        queryset = queryset.filter(kind=kind)
    if state:
        queryset = queryset.filter(state=state)
    if case_reference.strip():
        queryset = queryset.filter(case__reference__icontains=case_reference.strip())
    return queryset.order_by(TRACK_SORTS.get(sort, "-updated_at"), "-pk")


def track_get(*, actor: Actor, public_id: object) -> Track:
    return get_visible(
        visible_tracks(actor).select_related(
            "case__case_owner", "case_person__person", "organisation"
        ),
        public_id=public_id,
    )


@dataclass
class TrackView:
    track: Track
    steps: list[TransitionRecord]
    timers: list[Timer]
    actions: list[track_workflow.TrackTransition]
    required_conditions: tuple[str, ...]
    is_directory_driven: bool
    condition_rows: list[tuple[str, str]] = field(default_factory=list)  # (label, date done)


def track_view(*, actor: Actor, track: Track, today: dt.date | None = None) -> TrackView:
    """A track with its history, clocks and the steps the actor may take. The track's details
    (permit numbers, the guardian's name) are identifying: showing them is audited."""
    today = today or timezone.localdate()
    profile = active_profile(on=today)
    facts = track_facts(
        actor, track, profile, today=today, valid_until=today + dt.timedelta(days=1)
    )
    directory_driven = track.kind in track_workflow.DRIVEN_BY_DIRECTORY
    if track.details:
        audit.record(actor=actor, action="nrm.track_view", target=track, subject=track.case)
    return TrackView(
        track=track,
        steps=list(track.steps.select_related("actor", "organisation")),
        timers=list(track.timers.order_by("due_on", "pk")),
        actions=[]
        if directory_driven
        else track_workflow.available(track.kind, track.state, facts),
        required_conditions=facts.required_conditions,
        is_directory_driven=directory_driven,
        condition_rows=[
            (
                str(FreedomOfMovementCondition(code).label)
                if code in FreedomOfMovementCondition.values
                else code,
                str((track.conditions or {}).get(code, "")),
            )
            for code in facts.required_conditions
        ],
    )


# Country profile -------------------------------------------------------------------------------


def profile_versions() -> QuerySet[CountryProfile]:
    """Every version of the deployment's profile (not personal data: any signed-in person)."""
    return CountryProfile.objects.filter(country=deployment_country()).select_related("created_by")


# People and consent, for the referral and track forms -------------------------------------------


def workable_victims(*, actor: Actor, case_public_id: str = "") -> QuerySet[CasePerson]:
    """Possible victims in cases the actor's organisation works (to refer or open a track for)."""
    queryset = CasePerson.objects.filter(
        role=PersonRole.VICTIM, case__in=working_cases(actor)
    ).select_related("case", "person")
    if case_public_id:
        try:
            queryset = queryset.filter(case__public_id=uuid.UUID(str(case_public_id)))
        except ValueError:
            return queryset.none()
    return queryset.order_by("case__reference", "pk")


def victim_label(case_person: CasePerson) -> str:
    """A label without identifying data: case reference, gender and age band codes."""
    person = case_person.person
    parts = [case_person.case.reference]
    if person.gender:
        parts.append(str(person.get_gender_display()))
    if person.age_band:
        parts.append(str(person.get_age_band_display()))
    return " · ".join(parts)


def victim_get(*, actor: Actor, public_id: object) -> CasePerson:
    return get_visible(workable_victims(actor=actor), public_id=public_id)


def consents_for(*, actor: Actor, case_person: CasePerson) -> list[ConsentRecord]:
    """The person's consents to referral and sharing, newest first (history included)."""
    if not actor.can(Perm.CONSENT_VIEW):
        return []
    if not visible_persons(actor).filter(pk=case_person.person_id).exists():
        return []
    return list(
        ConsentRecord.objects.filter(
            person_id=case_person.person_id,
            purpose__in=[ConsentPurpose.REFERRAL, ConsentPurpose.SHARING],
        )
        .filter(Q(case__isnull=True) | Q(case_id=case_person.case_id))
        .select_related("shared_with", "recorded_for", "recorded_by")
        .order_by("-recorded_at")
    )
