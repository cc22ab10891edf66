"""Reads of the TIP report workspace: the checklist, the evidence per criterion and the gap flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.action_plans import visible_criterion_entries, visible_submissions
from waypoint.action_plans.choices import CriterionStatus
from waypoint.action_plans.criteria import CRITERIA, CRITERIA_BY_CODE, Criterion
from waypoint.action_plans.evidence import CriterionEvidence, EvidenceRequest, gather
from waypoint.action_plans.gaps import Gap, all_gaps
from waypoint.action_plans.models import CriterionEntry, TierRecord, TipSubmission
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.selectors.reviews import tier_history, tier_years
from waypoint.action_plans.selectors.tables import RecommendationTracker, recommendation_tracker
from waypoint.audit import services as audit
from waypoint.common.errors import NotVisible


def period_of(submission: TipSubmission) -> TipPeriod:
    return TipPeriod(submission.period_start)


def submission_list(*, actor: Actor) -> QuerySet[TipSubmission]:
    return (
        visible_submissions(actor)
        .annotate(
            complete=Count("entries", filter=Q(entries__status=CriterionStatus.COMPLETE)),
            total=Count("entries"),
        )
        .order_by("-period_start")
    )


def submission_get(*, actor: Actor, public_id: object) -> TipSubmission:
    return get_visible(visible_submissions(actor), public_id=public_id)


def submission_for_period(*, actor: Actor, period: TipPeriod) -> TipSubmission:
    return get_visible(visible_submissions(actor), period_start=period.start)


@dataclass(frozen=True)
class CriterionView:
    criterion: Criterion
    entry: CriterionEntry
    evidence: CriterionEvidence
    gaps: tuple[Gap, ...]


@dataclass(frozen=True)
class Workspace:
    submission: TipSubmission
    period: TipPeriod
    criteria: tuple[CriterionView, ...]
    gaps: tuple[Gap, ...]
    tiers: tuple[TierRecord, ...]
    prioritised: RecommendationTracker
    today: dt.date

    @property
    def complete(self) -> int:
        return sum(view.entry.status == CriterionStatus.COMPLETE for view in self.criteria)

    @property
    def critical_gaps(self) -> int:
        return sum(gap.severity == "critical" for gap in self.gaps)

    def view(self, code: str) -> CriterionView:
        for view in self.criteria:
            if view.criterion.code == code:
                return view
        raise NotVisible()


def workspace(*, actor: Actor, submission: TipSubmission, today: dt.date) -> Workspace:
    """Everything for a submission: each criterion with the coordinator's entry, the evidence of the
    period and the previous one, the gap flags, the tier history and the prioritised recommendations."""
    submission = get_visible(visible_submissions(actor), pk=submission.pk)
    period = period_of(submission)
    entries = {
        entry.criterion: entry
        for entry in visible_criterion_entries(actor)
        .filter(submission=submission)
        .prefetch_related("attachments")
    }
    evidence = {
        criterion.code: gather(
            EvidenceRequest(actor=actor, criterion=criterion.code, period=period)
        )
        for criterion in CRITERIA
    }
    gaps = tuple(all_gaps(evidence, tier_years(actor=actor), period))
    views = tuple(
        CriterionView(
            criterion=criterion,
            entry=entries[criterion.code],
            evidence=evidence[criterion.code],
            gaps=tuple(gap for gap in gaps if criterion.code in gap.criteria),
        )
        for criterion in CRITERIA
        if criterion.code in entries
    )
    return Workspace(
        submission=submission,
        period=period,
        criteria=views,
        gaps=gaps,
        tiers=tuple(tier_history(actor=actor)),
        prioritised=recommendation_tracker(period, actor=actor, priority_only=True, today=today),
        today=today,
    )


def criterion_entry_get(*, actor: Actor, submission: TipSubmission, code: str) -> CriterionEntry:
    if code not in CRITERIA_BY_CODE:
        raise NotVisible()
    return get_visible(
        visible_criterion_entries(actor).select_related("submission"),
        submission=submission,
        criterion=code,
    )


def workspace_for_export(
    *, actor: Actor, submission: TipSubmission, today: dt.date, file_format: str
) -> Workspace:
    """The workspace for a PDF or DOCX export; the export holds the narratives, so it is audited."""
    result = workspace(actor=actor, submission=submission, today=today)
    audit.record(
        actor=actor,
        action="tip_submission.export",
        target=result.submission,
        details={"format": file_format, "gaps": len(result.gaps)},
    )
    return result
