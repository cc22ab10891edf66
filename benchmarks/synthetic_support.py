"""Synthetic, fictional support for the benchmark's victim records, shaped like the models of the
services directory, support plans and the NRM.

A handful of services of the directory (one per kind), referrals to them from about a quarter of
the victim records (pending, accepted, declined, completed or cancelled; answered and ended at any
time of day), support plans (HTCDS ``spl_Type``, some ended), permit tracks (residence, work,
freedom of movement; granted, refused or still applied for) with their steps, and NRM records
with a recovery and reflection period timer and, for some, a step to assisted return.
Deterministic for a seed; no real person is in here.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from benchmarks.synthetic import SyntheticData

SUPPORT_TABLES: Final = (
    "services",
    "service_referrals",
    "support_plans",
    "tracks",
    "nrm_referrals",
    "steps",
    "timers",
    "nrm_decisions",
)
SUPPORT_COLUMNS: Final = {
    "services": ("id", "organisation_id", "name", "service_type"),
    "service_referrals": (
        "id",
        "reference",
        "service_id",
        "case_id",
        "case_person_id",
        "referring_organisation_id",
        "status",
        "decline_reason",
        "created_at",
        "responded_at",
        "ended_at",
    ),
    "support_plans": (
        "id",
        "case_id",
        "case_person_id",
        "plan_type",
        "created_at",
        "actual_end_date",
    ),
    "tracks": ("id", "case_id", "case_person_id", "kind", "state", "organisation_id", "profile_id"),
    "nrm_referrals": (
        "id",
        "reference",
        "case_id",
        "case_person_id",
        "state",
        "referring_organisation_id",
        "profile_id",
        "referred_at",
    ),
    "steps": (
        "id",
        "referral_id",
        "track_id",
        "transition",
        "from_state",
        "to_state",
        "occurred_at",
    ),
    "timers": (
        "id",
        "kind",
        "case_id",
        "referral_id",
        "responsible_organisation_id",
        "day_kind",
        "starts_on",
        "due_on",
        "status",
        "is_breached",
        "breached_on",
    ),
    "nrm_decisions": (
        "id",
        "referral_id",
        "stage",
        "outcome",
        "decision_name",
        "decided_on",
        "decided_at",
        "organisation_id",
        "decision_making_org",
        "legal_basis",
        "is_within_target",
        "profile_id",
    ),
}
DEADLINES: Final = {
    "preliminary": "preliminary_decision",
    "formal": "formal_decision",
    "preliminary_reconsideration": "reconsideration",
}
SERVICE_TYPES: Final = (
    "Shelter",
    "Health",
    "Psychological",
    "SocialCare",
    "Legal",
    "Education",
    "Employment",
    "Financial",
    "ReturnAndReintegration",
)
PLAN_TYPES: Final = (*SERVICE_TYPES, "Livelihood", "InterpretationAndCulturalMediation")
REFERRAL_STATUSES: Final = ("pending", "accepted", "accepted", "declined", "completed", "cancelled")
TRACK_KINDS: Final = ("residence_permit", "work_permit", "freedom_of_movement")


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    """Any time of that day (UTC): the tables place it by the local date."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(
        minutes=rng.randrange(24 * 60)
    )


def generate_support(
    data: SyntheticData, rng: random.Random, *, today: dt.date, profile: int
) -> None:
    """Add services, referrals, plans, tracks and NRM records to ``data``'s victim records."""
    organisations = data.organisations
    services = [
        data.add(
            "services",
            organisation_id=organisations[index % len(organisations)],
            name=f"Benchmark service {index}",
            service_type=kind,
        )
        for index, kind in enumerate(SERVICE_TYPES)
    ]
    links = data.tables["case_persons"]
    opened = data.tables["cases"]["opened_on"]
    now = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    for index, (link, case) in enumerate(zip(links["id"], links["case_id"], strict=True)):
        start = opened[index]
        if rng.random() < 0.25:
            for _referral in range(rng.choice((1, 1, 2))):
                _service_referral(
                    data, rng, link=link, case=case, start=start, services=services, now=now
                )
        if rng.random() < 0.2:
            for _plan in range(rng.choice((1, 1, 2))):
                created = _moment(start + dt.timedelta(days=rng.randrange(0, 300)), rng)
                ended = (
                    created.date() + dt.timedelta(days=rng.randrange(20, 400))
                    if rng.random() < 0.5
                    else None
                )
                data.add(
                    "support_plans",
                    case_id=case,
                    case_person_id=link,
                    plan_type=rng.choice(PLAN_TYPES),
                    created_at=min(created, now),
                    actual_end_date=ended if ended is None or ended <= today else None,
                )
        if rng.random() < 0.08:
            _track(data, rng, link=link, case=case, start=start, now=now, profile=profile)
        if rng.random() < 0.15:
            _nrm(data, rng, link=link, case=case, start=start, now=now, profile=profile)


def _service_referral(
    data: SyntheticData,
    rng: random.Random,
    *,
    link: int,
    case: int,
    start: dt.date,
    services: list[int],
    now: dt.datetime,
) -> None:
    created = min(_moment(start + dt.timedelta(days=rng.randrange(0, 200)), rng), now)
    status = rng.choice(REFERRAL_STATUSES)
    responded = (
        min(created + dt.timedelta(days=rng.randrange(0, 10), minutes=rng.randrange(600)), now)
        if status in ("accepted", "declined", "completed")
        else None
    )
    ended = None
    if responded is not None and status != "declined" and rng.random() < 0.6:
        ended = responded + dt.timedelta(days=rng.randrange(5, 300), minutes=rng.randrange(600))
        if ended > now:
            ended = None
    data.add(
        "service_referrals",
        reference=f"BS-{len(data.tables['service_referrals']['id']):08d}",
        service_id=rng.choice(services),
        case_id=case,
        case_person_id=link,
        referring_organisation_id=rng.choice(data.organisations),
        status=status,
        decline_reason="no_capacity" if status == "declined" else "",
        created_at=created,
        responded_at=responded,
        ended_at=ended,
    )


def _track(
    data: SyntheticData,
    rng: random.Random,
    *,
    link: int,
    case: int,
    start: dt.date,
    now: dt.datetime,
    profile: int,
) -> None:
    applied = min(_moment(start + dt.timedelta(days=rng.randrange(10, 200)), rng), now)
    outcome = rng.choice(("granted", "granted", "refused", "applied"))
    decided = applied + dt.timedelta(days=rng.randrange(20, 200), minutes=rng.randrange(600))
    if decided > now:
        outcome = "applied"
    track = data.add(
        "tracks",
        case_id=case,
        case_person_id=link,
        kind=rng.choice(TRACK_KINDS),
        state=outcome,
        organisation_id=rng.choice(data.organisations),
        profile_id=profile,
    )
    data.add(
        "steps",
        referral_id=None,
        track_id=track,
        transition="apply",
        from_state="",
        to_state="applied",
        occurred_at=applied,
    )
    if outcome != "applied":
        data.add(
            "steps",
            referral_id=None,
            track_id=track,
            transition="grant" if outcome == "granted" else "refuse",
            from_state="applied",
            to_state=outcome,
            occurred_at=decided,
        )


def _nrm(
    data: SyntheticData,
    rng: random.Random,
    *,
    link: int,
    case: int,
    start: dt.date,
    now: dt.datetime,
    profile: int,
) -> None:
    referred = min(_moment(start + dt.timedelta(days=rng.randrange(0, 60)), rng), now)
    returned = referred + dt.timedelta(days=rng.randrange(30, 300), minutes=rng.randrange(600))
    goes_home = rng.random() < 0.2 and returned <= now
    referral = data.add(
        "nrm_referrals",
        reference=f"BN-{len(data.tables['nrm_referrals']['id']):08d}",
        case_id=case,
        case_person_id=link,
        state="return" if goes_home else "presumed_victim",
        referring_organisation_id=rng.choice(data.organisations),
        profile_id=profile,
        referred_at=None if rng.random() < 0.05 else referred,
    )
    _decisions(data, rng, referral=referral, case=case, referred=referred, now=now, profile=profile)
    data.add(
        "steps",
        referral_id=referral,
        track_id=None,
        transition="refer",
        from_state="detected",
        to_state="referred",
        occurred_at=referred,
    )
    if rng.random() < 0.7:
        begins = referred.date() + dt.timedelta(days=rng.randrange(0, 30))
        if begins <= now.date():
            data.add(
                "timers",
                kind="recovery_period",
                case_id=case,
                referral_id=referral,
                responsible_organisation_id=rng.choice(data.organisations),
                day_kind="calendar",
                starts_on=begins,
                due_on=begins + dt.timedelta(days=30),
                status="running",
                is_breached=False,
                breached_on=None,
            )
    if goes_home:
        data.add(
            "steps",
            referral_id=referral,
            track_id=None,
            transition="begin_return",
            from_state="support",
            to_state="return",
            occurred_at=returned,
        )


def _decisions(
    data: SyntheticData,
    rng: random.Random,
    *,
    referral: int,
    case: int,
    referred: dt.datetime,
    now: dt.datetime,
    profile: int,
) -> None:
    """The preliminary decision, then (if positive) the formal one, or a reconsideration of a
    negative one; each with its deadline timer (some breached), some with no target recorded."""
    stage, started = "preliminary", referred.date()
    while stage:
        if rng.random() < 0.2:
            return
        decided = started + dt.timedelta(days=rng.randrange(0, 90))
        due = started + dt.timedelta(days=rng.choice((20, 45, 60)))
        if decided > now.date():
            return
        outcome = "positive" if rng.random() < 0.8 else "negative"
        data.add(
            "nrm_decisions",
            referral_id=referral,
            stage=stage,
            outcome=outcome,
            decision_name=f"benchmark {stage}",
            decided_on=decided,
            decided_at=_moment(decided, rng),
            organisation_id=rng.choice(data.organisations),
            decision_making_org="NonPoliceGovernmentalOrganization",
            legal_basis="benchmark",
            is_within_target=None if rng.random() < 0.05 else decided <= due,
            profile_id=profile,
        )
        data.add(
            "timers",
            kind=DEADLINES[stage],
            case_id=case,
            referral_id=referral,
            responsible_organisation_id=rng.choice(data.organisations),
            day_kind="working",
            starts_on=started,
            due_on=due,
            status="elapsed" if decided > due else "done",
            is_breached=decided > due,
            breached_on=due + dt.timedelta(days=1) if decided > due else None,
        )
        if stage == "preliminary" and outcome == "positive":
            stage, started = "formal", decided
        elif stage == "preliminary":
            stage, started = "preliminary_reconsideration", decided
        else:
            stage = ""
