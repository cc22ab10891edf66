"""Fictional demo data for national coordination: a national action plan with actions led by five
agencies, two reporting rounds (one report late, one missing), trainings, awareness campaigns, TIP
and GRETA recommendations, the tier history and a TIP submission in progress.

Everything is invented. Dates are placed around the day the demo is loaded so that one round has
passed and one is open. Reports of the passed round that were "on time" are given their submission
date within the round (demo history); everything else goes through the real services. Loading is
idempotent: a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.accounts.choices import OrganisationType as T
from waypoint.action_plans.choices import IndicatorKind, PlanKind, PlanStatus, Tier
from waypoint.action_plans.demo_data import ACTIONS, OBJECTIVES, ROUND_ONE, ROUND_TWO, ReportEntry
from waypoint.action_plans.models import (
    Campaign,
    Plan,
    ProgressReport,
    Recommendation,
    ReportingRound,
    TipSubmission,
    Training,
)
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.services import actions as action_services
from waypoint.action_plans.services import plans as plan_services
from waypoint.action_plans.services import prevention, reports, reviews, tip
from waypoint.operations.demo import DemoContext

TITLE = "National Action Plan against Trafficking in Human Beings (demo)"
COORDINATOR = "coordinator.coordination1"
REPORTING = {
    "police1": "orgadmin.police1",
    "labour1": "orgadmin.labour1",
    "immigration1": "orgadmin.immigration1",
    "welfare1": "orgadmin.welfare1",
    "ngo1": "orgadmin.ngo1",
    "coordination1": COORDINATOR,
}


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _build_plan(context: DemoContext, coordinator: Actor, today: dt.date) -> Plan:
    organisations = context.organisations
    plan = plan_services.plan_create(
        actor=coordinator,
        data=plan_services.PlanData(
            title=TITLE,
            kind=PlanKind.ACTION_PLAN,
            period_start=dt.date(today.year - 1, 1, 1),
            period_end=dt.date(today.year + 1, 12, 31),
            status=PlanStatus.ACTIVE,
            summary="Fictional plan for the demonstration: four pillars, eleven actions, five lead agencies.",
            currency="EUR",
        ),
    )
    objectives = {}
    for pillar in plan.pillars.all():
        for code, title in OBJECTIVES[pillar.code]:
            objectives[code] = plan_services.objective_create(
                actor=coordinator, pillar=pillar, code=code, title=title
            )
    for code, objective, title, lead, partners, budget, indicator in ACTIONS:
        action = action_services.action_create(
            actor=coordinator,
            data=action_services.ActionData(
                objective=objectives[objective],
                code=code,
                title=title,
                lead_organisation=organisations[lead],
                partner_organisations=tuple(organisations[key] for key in partners),
                start_date=plan.period_start,
                due_date=(today - dt.timedelta(days=20) if code == "2.2.1" else plan.period_end),
                budget_allocated=Decimal(budget) if budget else None,
                currency="EUR",
            ),
        )
        name, unit, baseline, target = indicator
        action_services.indicator_create(
            actor=coordinator,
            action=action,
            data=action_services.IndicatorData(
                kind=IndicatorKind.OUTPUT if code != "2.1.1" else IndicatorKind.OUTCOME,
                name=name,
                unit=unit,
                baseline=Decimal(baseline),
                target=Decimal(target),
            ),
        )
    return plan


def _rounds(
    coordinator: Actor, plan: Plan, today: dt.date
) -> tuple[ReportingRound, ReportingRound]:
    current = _quarter_start(today)
    previous = _months_before(current, 3)
    passed = plan_services.round_create(
        actor=coordinator,
        plan=plan,
        label=plan_services.round_label(previous, current - dt.timedelta(days=1), "quarterly"),
        period_start=previous,
        period_end=current - dt.timedelta(days=1),
        deadline=min(current + dt.timedelta(days=15), today - dt.timedelta(days=1)),
    )
    following = _months_before(current, -3)
    open_round = plan_services.round_create(
        actor=coordinator,
        plan=plan,
        label=plan_services.round_label(current, following - dt.timedelta(days=1), "quarterly"),
        period_start=current,
        period_end=following - dt.timedelta(days=1),
        deadline=following + dt.timedelta(days=15),
    )
    return passed, open_round


def _report(
    context: DemoContext,
    plan: Plan,
    reporting_round: ReportingRound,
    entries: Sequence[ReportEntry],
    spent_share: Decimal,
) -> None:
    for code, status, narrative, value, late in entries:
        action = plan.actions.select_related("lead_organisation").get(code=code)
        lead = next(
            key for key, org in context.organisations.items() if org == action.lead_organisation
        )
        reporter = context.actor(REPORTING[lead])
        report = reports.report_save(
            actor=reporter,
            reporting_round=reporting_round,
            action=action,
            data=reports.ReportData(
                status=status,
                narrative=narrative,
                budget_spent=(
                    (action.budget_allocated * spent_share).quantize(Decimal("0.01"))
                    if action.budget_allocated is not None
                    else None
                ),
                indicator_values={action.indicators.get(): Decimal(value)},
                submit=True,
            ),
        )
        submitted = report.first_submitted_on
        if not late and submitted is not None and submitted > reporting_round.deadline:
            # Demo history: this report was sent within the round, before its deadline.
            sent = reporting_round.deadline - dt.timedelta(days=3)
            ProgressReport.objects.filter(pk=report.pk).update(
                first_submitted_on=sent,
                submitted_at=timezone.make_aware(dt.datetime.combine(sent, dt.time(10))),
            )


def _recommendations(coordinator: Actor, plan: Plan, period: TipPeriod) -> None:
    items = (
        (
            period.year,
            "P1",
            "prosecution",
            True,
            "Increase efforts to investigate and prosecute trafficking crimes, including labour trafficking, and seek adequate penalties.",
            ("3.1.1", "3.1.2"),
        ),
        (
            period.year,
            "P2",
            "protection",
            True,
            "Formalise and fully implement the national referral mechanism so any frontline professional can refer a presumed victim.",
            ("2.1.1",),
        ),
        (
            period.year,
            "P3",
            "protection",
            True,
            "Proactively identify victims among asylum seekers, migrant workers and people in commercial sex.",
            ("2.1.2", "1.1.1"),
        ),
        (
            period.year,
            "P4",
            "prosecution",
            True,
            "Institutionalise victim-centred, trauma-informed training for police, prosecutors and judges.",
            ("3.2.1",),
        ),
        (
            period.year,
            "P5",
            "prevention",
            True,
            "Regulate and monitor labour recruitment agencies and eliminate recruitment fees charged to workers.",
            ("1.2.1",),
        ),
        (
            period.year,
            "P6",
            "protection",
            False,
            "Increase funding for specialised shelters for men and children.",
            (),
        ),
        (
            period.year - 1,
            "P1",
            "prosecution",
            True,
            "Provide complete data on investigations, prosecutions, convictions and sentences.",
            ("4.1.1",),
        ),
    )
    for year, reference, pillar, priority, text, actions in items:
        if Recommendation.objects.filter(text=text, report_year=year).exists():
            continue
        recommendation = reviews.recommendation_create(
            actor=coordinator,
            data=reviews.RecommendationData(
                source="tip_report",
                text=text,
                source_detail="US Trafficking in Persons report (fictional demo wording)",
                report_year=year,
                reference=reference,
                pillar=pillar,
                is_priority=priority,
            ),
        )
        if actions:
            reviews.recommendation_set_actions(
                actor=coordinator,
                recommendation=recommendation,
                actions=list(plan.actions.filter(code__in=actions)),
            )
        if reference == "P2" and year == period.year:
            reviews.recommendation_state(
                actor=coordinator,
                recommendation=recommendation,
                stated_status="in_progress",
                evidence="Procedures adopted by the steering group; training of member agencies planned.",
                expected_version=recommendation.version,
            )
    greta_text = (
        "Ensure that all victims are informed of their right to a recovery and reflection period."
    )
    if not Recommendation.objects.filter(text=greta_text).exists():
        greta = reviews.recommendation_create(
            actor=coordinator,
            data=reviews.RecommendationData(
                source="greta",
                text=greta_text,
                source_detail="GRETA evaluation report (fictional demo wording)",
                report_year=period.year - 1,
                reference="para. 112",
                pillar="protection",
            ),
        )
        reviews.recommendation_state(
            actor=coordinator,
            recommendation=greta,
            stated_status="in_progress",
            evidence="Information sheet drafted in six languages.",
            expected_version=greta.version,
        )


# topic, date, organiser, audiences, participants (women, men, other), participants by type
TrainingEntry = tuple[
    str, dt.date, str, tuple[str, ...], tuple[int | None, int | None, int | None], dict[str, int]
]


def _prevention(context: DemoContext, coordinator: Actor, period: TipPeriod) -> None:
    organisations = context.organisations
    trainings: tuple[TrainingEntry, ...] = (
        (
            "Identifying victims of labour exploitation",
            period.start + dt.timedelta(days=40),
            "labour1",
            (T.LABOUR_INSPECTORATE, T.LAW_ENFORCEMENT),
            (9, 14, 0),
            {T.LABOUR_INSPECTORATE: 15, T.LAW_ENFORCEMENT: 8},
        ),
        (
            "Victim-centred interviewing with cultural mediators",
            period.start + dt.timedelta(days=75),
            "ngo1",
            (T.NGO, T.IMMIGRATION),
            (16, 6, 1),
            {T.NGO: 12, T.IMMIGRATION: 11},
        ),
        (
            "Trafficking cases in court: evidence and protective measures",
            period.start - dt.timedelta(days=120),
            "coordination1",
            (T.PROSECUTION, T.JUDICIARY),
            (11, 7, 0),
            {T.PROSECUTION: 10, T.JUDICIARY: 8},
        ),
        (
            "Frontline indicators for health staff",
            period.start - dt.timedelta(days=60),
            "health1",
            (T.HEALTH_SERVICE,),
            (None, None, None),
            {},
        ),
    )
    for topic, day, organiser, audiences, sexes, by_type in trainings:
        if Training.objects.filter(topic=topic).exists():
            continue
        prevention.training_create(
            actor=coordinator,
            data=prevention.TrainingData(
                topic=topic,
                start_date=day,
                organiser=organisations[organiser],
                audience_types=audiences,
                participants_female=sexes[0],
                participants_male=sexes[1],
                participants_other=sexes[2],
                participants_by_type=by_type,
                materials="Slides and case studies (fictional).",
            ),
        )
    campaigns = (
        (
            "Know your rights at work",
            period.start + dt.timedelta(days=30),
            "labour1",
            ("migrant_workers", "employers"),
            ("en", "bn", "ne", "tl"),
            ("radio", "workplaces", "social_media"),
            40000,
            False,
        ),
        (
            "Safe arrival: information for asylum seekers",
            period.start + dt.timedelta(days=10),
            "immigration1",
            ("asylum_seekers",),
            ("en", "ar", "ti", "fr", "so"),
            ("print", "outreach"),
            3500,
            False,
        ),
        (
            "Buying sex can fund exploitation",
            period.start - dt.timedelta(days=100),
            "ngo2",
            ("potential_buyers", "travellers"),
            ("en", "mt"),
            ("social_media", "print"),
            None,
            True,
        ),
    )
    for title, start, organiser, groups, languages, channels, reach, demand in campaigns:
        if Campaign.objects.filter(title=title).exists():
            continue
        prevention.campaign_create(
            actor=coordinator,
            data=prevention.CampaignData(
                title=title,
                start_date=start,
                end_date=start + dt.timedelta(days=60),
                organiser=organisations[organiser],
                target_groups=groups,
                languages=languages,
                channels=channels,
                estimated_reach=reach,
                addresses_demand=demand,
            ),
        )


def _tip(coordinator: Actor, period: TipPeriod) -> None:
    year = period.report_year - 1
    for report_year, tier in (
        (year - 3, Tier.TIER_2),
        (year - 2, Tier.TIER_2),
        (year - 1, Tier.TIER_2_WATCH_LIST),
        (year, Tier.TIER_2_WATCH_LIST),
    ):
        reviews.tier_record_save(actor=coordinator, report_year=report_year, tier=tier)
    if TipSubmission.objects.filter(period_start=period.start).exists():
        return
    submission = tip.submission_create(actor=coordinator, period=period)
    for code, narrative in (
        (
            "SSE3",
            "Two awareness campaigns reached migrant workers and asylum seekers in nine languages.",
        ),
        (
            "SSE10",
            "The monitoring committee met quarterly and published its first public assessment.",
        ),
    ):
        entry = submission.entries.get(criterion=code)
        tip.criterion_entry_update(
            actor=coordinator,
            entry=entry,
            narrative=narrative,
            status="drafting",
            expected_version=entry.version,
        )


def load(context: DemoContext) -> None:
    coordinator = context.actor(COORDINATOR)
    today = timezone.localdate()
    period = TipPeriod.containing(today)
    plan = Plan.objects.filter(title=TITLE).first()
    if plan is None:
        plan = _build_plan(context, coordinator, today)
        passed, open_round = _rounds(coordinator, plan, today)
        _report(context, plan, passed, ROUND_ONE, Decimal("0.3"))
        _report(context, plan, open_round, ROUND_TWO, Decimal("0.55"))
        reports.reporter_name(
            actor=context.actor("orgadmin.ngo1"), user=context.users["caseworker.ngo1"]
        )
        context.log.append(f"action plan {TITLE}")
    _recommendations(coordinator, plan, period)
    _prevention(context, coordinator, period)
    _tip(coordinator, period)
