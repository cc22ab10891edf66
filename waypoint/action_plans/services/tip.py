"""Writes for the TIP report workspace: a submission per reporting period and its criterion entries."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible, require
from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import visible_criterion_entries, visible_submissions
from waypoint.action_plans.choices import CriterionStatus, SubmissionStatus
from waypoint.action_plans.criteria import CRITERION_CODES
from waypoint.action_plans.models import CriterionEntry, TipSubmission
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

NARRATIVE_MAX = 50000


@transaction.atomic
def submission_create(*, actor: Actor, period: TipPeriod) -> TipSubmission:
    """Open the workspace for a reporting period, with an entry for each standard and criterion."""
    require(actor, Perm.TIP_WORKSPACE_EDIT)
    if TipSubmission.objects.filter(period_start=period.start).exists():
        raise ValidationFailed(
            _("A submission for this reporting period already exists."),
            fields={"period": [_("A submission for this reporting period already exists.")]},
        )
    try:
        with transaction.atomic():
            submission = TipSubmission.objects.create(
                period_start=period.start, created_by=actor.user
            )
    except IntegrityError as error:
        raise ValidationFailed(
            _("A submission for this reporting period already exists.")
        ) from error
    CriterionEntry.objects.bulk_create(
        CriterionEntry(submission=submission, criterion=code) for code in CRITERION_CODES
    )
    audit.record(
        actor=actor,
        action="tip_submission.create",
        target=submission,
        details={"period": period.slug, "criteria": len(CRITERION_CODES)},
    )
    return submission


@transaction.atomic
def submission_update(
    *,
    actor: Actor,
    submission: TipSubmission,
    status: str,
    summary: str,
    submitted_on: dt.date | None,
    expected_version: int | None,
) -> TipSubmission:
    """Change the submission's status and summary. "Submitted" needs the date it was sent, and
    every criterion marked complete."""
    require(actor, Perm.TIP_WORKSPACE_EDIT)
    submission = get_visible(visible_submissions(actor), pk=submission.pk)
    errors: Errors = {}
    check_choice(errors, "status", status, SubmissionStatus.values)
    summary = check_text(errors, "summary", summary, max_length=NARRATIVE_MAX, required=False)
    if status == SubmissionStatus.SUBMITTED:
        if submitted_on is None:
            add(errors, "submitted_on", _("Give the date the submission was sent."))
        incomplete = submission.entries.exclude(status=CriterionStatus.COMPLETE).count()
        if incomplete:
            add(
                errors,
                "status",
                _("%(count)s criteria are not complete yet.") % {"count": incomplete},
            )
    raise_if(errors, _("The submission could not be saved."))
    submission.status, submission.summary = status, summary
    submission.submitted_on = submitted_on if status == SubmissionStatus.SUBMITTED else None
    submission = save_versioned(
        submission,
        expected_version=expected_version,
        fields=["status", "summary", "submitted_on"],
    )
    audit.record(
        actor=actor, action="tip_submission.update", target=submission, details={"status": status}
    )
    return submission


@transaction.atomic
def criterion_entry_update(
    *,
    actor: Actor,
    entry: CriterionEntry,
    narrative: str,
    status: str,
    expected_version: int | None,
) -> CriterionEntry:
    """Write the coordinator's narrative for a criterion; "complete" needs a narrative."""
    require(actor, Perm.TIP_WORKSPACE_EDIT)
    entry = get_visible(visible_criterion_entries(actor).select_related("submission"), pk=entry.pk)
    if entry.submission.status == SubmissionStatus.SUBMITTED:
        raise ValidationFailed(_("This submission was sent; reopen it to change it."))
    errors: Errors = {}
    check_choice(errors, "status", status, CriterionStatus.values)
    narrative = check_text(
        errors,
        "narrative",
        narrative,
        max_length=NARRATIVE_MAX,
        required=status == CriterionStatus.COMPLETE,
    )
    raise_if(errors, _("The criterion could not be saved."))
    entry.narrative, entry.status, entry.updated_by = narrative, status, actor.user
    entry = save_versioned(
        entry, expected_version=expected_version, fields=["narrative", "status", "updated_by"]
    )
    audit.record(
        actor=actor,
        action="tip_criterion.update",
        target=entry,
        subject=entry.submission,
        details={"criterion": entry.criterion, "status": status},
    )
    return entry
