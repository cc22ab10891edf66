"""Writes for recommendations of external reviews and the country's TIP tier history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible, require
from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import managed_plans, visible_recommendations
from waypoint.action_plans.choices import (
    STATUSES_NEEDING_EVIDENCE,
    PillarCode,
    RecommendationSource,
    StatedStatus,
    Tier,
)
from waypoint.action_plans.models import Action, Recommendation, TierRecord
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.services.common import (
    Errors,
    add,
    check_choice,
    check_text,
    raise_if,
)
from waypoint.audit import services as audit
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ValidationFailed

EVIDENCE_MAX = 10000


@dataclass(frozen=True)
class RecommendationData:
    source: str
    text: str
    source_detail: str = ""
    report_year: int | None = None
    tip_period_start: dt.date | None = None
    issued_on: dt.date | None = None
    reference: str = ""
    pillar: str = ""
    is_priority: bool = False

    @classmethod
    def of(cls, recommendation: Recommendation) -> RecommendationData:
        return cls(
            source=recommendation.source,
            text=recommendation.text,
            source_detail=recommendation.source_detail,
            report_year=recommendation.report_year,
            tip_period_start=recommendation.tip_period_start,
            issued_on=recommendation.issued_on,
            reference=recommendation.reference,
            pillar=recommendation.pillar,
            is_priority=recommendation.is_priority,
        )


def _validate(data: RecommendationData, errors: Errors) -> dict[str, object]:
    check_choice(errors, "source", data.source, RecommendationSource.values)
    text = check_text(errors, "text", data.text, max_length=4000)
    detail = check_text(errors, "source_detail", data.source_detail, max_length=200, required=False)
    reference = check_text(errors, "reference", data.reference, max_length=60, required=False)
    if data.pillar:
        check_choice(errors, "pillar", data.pillar, PillarCode.values)
    if data.report_year is not None and not 1990 <= data.report_year <= 2200:
        add(errors, "report_year", _("Use a year such as 2025."))
    period_start = data.tip_period_start
    if data.source == RecommendationSource.TIP_REPORT:
        if data.report_year is None:
            add(errors, "report_year", _("Give the year of the TIP report."))
        elif period_start is None:
            # The report published in June of year Y recommends what to do from 1 April of year Y.
            period_start = TipPeriod.starting_in(data.report_year).start
    if period_start is not None:
        try:
            TipPeriod(period_start)
        except ValueError:
            add(
                errors,
                "tip_period_start",
                _("A TIP reporting period starts on %(day)s.")
                % {"day": TipPeriod.starting_in(period_start.year).start.strftime("%d %B")},
            )
    return {
        "source": data.source,
        "text": text,
        "source_detail": detail,
        "report_year": data.report_year,
        "tip_period_start": period_start,
        "issued_on": data.issued_on,
        "reference": reference,
        "pillar": data.pillar,
        "is_priority": data.is_priority,
    }


@transaction.atomic
def recommendation_create(*, actor: Actor, data: RecommendationData) -> Recommendation:
    """Record a recommendation of an external review. TIP recommendations apply to the reporting
    period that starts on 1 April of their report's year unless another period is given."""
    require(actor, Perm.RECOMMENDATION_MANAGE)
    errors: Errors = {}
    values = _validate(data, errors)
    raise_if(errors, _("The recommendation could not be saved."))
    recommendation = Recommendation.objects.create(**values)
    audit.record(
        actor=actor,
        action="recommendation.create",
        target=recommendation,
        details={"source": data.source, "priority": data.is_priority},
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    actor: Actor,
    recommendation: Recommendation,
    data: RecommendationData,
    expected_version: int | None,
) -> Recommendation:
    require(actor, Perm.RECOMMENDATION_MANAGE)
    recommendation = get_visible(visible_recommendations(actor), pk=recommendation.pk)
    errors: Errors = {}
    values = _validate(data, errors)
    raise_if(errors, _("The recommendation could not be saved."))
    changed = sorted(
        name for name, value in values.items() if getattr(recommendation, name) != value
    )
    for name in changed:
        setattr(recommendation, name, values[name])
    recommendation = save_versioned(
        recommendation, expected_version=expected_version, fields=changed
    )
    audit.record(
        actor=actor,
        action="recommendation.update",
        target=recommendation,
        details={"fields": changed},
    )
    return recommendation


@transaction.atomic
def recommendation_state(
    *,
    actor: Actor,
    recommendation: Recommendation,
    stated_status: str,
    evidence: str,
    expected_version: int | None,
) -> Recommendation:
    """The coordinator states a recommendation's status. Saying it is in progress or implemented
    needs evidence: a written account or an attached document."""
    require(actor, Perm.RECOMMENDATION_MANAGE)
    recommendation = get_visible(visible_recommendations(actor), pk=recommendation.pk)
    errors: Errors = {}
    check_choice(errors, "stated_status", stated_status, StatedStatus.values)
    evidence = check_text(errors, "evidence", evidence, max_length=EVIDENCE_MAX, required=False)
    if (
        stated_status in STATUSES_NEEDING_EVIDENCE
        and not evidence
        and not recommendation.attachments.exists()
    ):
        add(
            errors,
            "evidence",
            _("Say what shows this status, or attach a document, before stating it."),
        )
    raise_if(errors, _("The status could not be stated."))
    previous = recommendation.stated_status
    recommendation.stated_status = stated_status
    recommendation.stated_evidence = evidence
    recommendation.stated_at = timezone.now()
    recommendation.stated_by = actor.user
    recommendation = save_versioned(
        recommendation,
        expected_version=expected_version,
        fields=["stated_status", "stated_evidence", "stated_at", "stated_by"],
    )
    audit.record(
        actor=actor,
        action="recommendation.state",
        target=recommendation,
        details={"stated_status": stated_status, "previous": previous, "evidence": bool(evidence)},
    )
    return recommendation


@transaction.atomic
def recommendation_set_actions(
    *, actor: Actor, recommendation: Recommendation, actions: list[Action]
) -> Recommendation:
    """Choose the plan actions that answer a recommendation (actions of plans one may manage)."""
    require(actor, Perm.RECOMMENDATION_MANAGE)
    require(actor, Perm.PLAN_MANAGE)
    recommendation = get_visible(visible_recommendations(actor), pk=recommendation.pk)
    allowed = set(
        Action.objects.filter(
            plan__in=managed_plans(actor), pk__in=[a.pk for a in actions]
        ).values_list("pk", flat=True)
    )
    if len(allowed) != len({action.pk for action in actions}):
        raise ValidationFailed(
            _("Some actions cannot be linked."), fields={"actions": [_("Unknown action.")]}
        )
    recommendation.actions.set(actions)
    audit.record(
        actor=actor,
        action="recommendation.link_actions",
        target=recommendation,
        details={"actions": len(allowed)},
    )
    return recommendation


@transaction.atomic
def recommendation_delete(*, actor: Actor, recommendation: Recommendation) -> None:
    """Remove a recommendation entered by mistake (its links to actions go with it)."""
    require(actor, Perm.RECOMMENDATION_MANAGE)
    recommendation = get_visible(visible_recommendations(actor), pk=recommendation.pk)
    if recommendation.attachments.exists():
        raise ValidationFailed(_("Remove the attached evidence first."))
    audit.record(
        actor=actor,
        action="recommendation.delete",
        target=recommendation,
        details={"actions": recommendation.actions.count()},
    )
    recommendation.delete()


# Tier history ------------------------------------------------------------------------------------


@transaction.atomic
def tier_record_save(
    *, actor: Actor, report_year: int, tier: str, is_waiver: bool = False, note: str = ""
) -> TierRecord:
    """Record (or correct) the tier the TIP report of ``report_year`` gave the country."""
    require(actor, Perm.RECOMMENDATION_MANAGE)
    errors: Errors = {}
    check_choice(errors, "tier", tier, Tier.values)
    if not 2001 <= report_year <= 2200:
        add(errors, "report_year", _("The TIP report is published yearly since 2001."))
    if is_waiver and tier != Tier.TIER_2_WATCH_LIST:
        add(errors, "is_waiver", _("A waiver keeps a country on the Tier 2 Watch List only."))
    note = check_text(errors, "note", note, max_length=2000, required=False)
    raise_if(errors, _("The tier could not be recorded."))
    record, created = TierRecord.objects.update_or_create(
        report_year=report_year,
        defaults={"tier": tier, "is_waiver": is_waiver, "note": note, "recorded_by": actor.user},
    )
    audit.record(
        actor=actor,
        action="tip_tier.record" if created else "tip_tier.correct",
        target=record,
        details={"report_year": report_year, "tier": tier, "waiver": is_waiver},
    )
    return record


@transaction.atomic
def tier_record_delete(*, actor: Actor, record: TierRecord) -> None:
    require(actor, Perm.RECOMMENDATION_MANAGE)
    audit.record(
        actor=actor,
        action="tip_tier.delete",
        target=record,
        details={"report_year": record.report_year},
    )
    record.delete()
