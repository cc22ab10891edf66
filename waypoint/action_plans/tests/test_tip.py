"""The TIP workspace: criteria as data, the evidence registry, and submission rules."""

import pytest

from waypoint.action_plans.choices import CriterionStatus, SubmissionStatus
from waypoint.action_plans.criteria import CRITERIA, CRITERION_CODES
from waypoint.action_plans.evidence import (
    Evidence,
    EvidenceRequest,
    Figure,
    gather,
    register_evidence_provider,
    unregister_evidence_provider,
)
from waypoint.action_plans.models import TipSubmission
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.selectors.tip import workspace
from waypoint.action_plans.services.tip import (
    criterion_entry_update,
    submission_create,
    submission_update,
)
from waypoint.common.errors import ValidationFailed


def test_four_minimum_standards_and_twelve_criteria():
    assert [c.code for c in CRITERIA if c.kind == "standard"] == ["MS1", "MS2", "MS3", "MS4"]
    assert [c.number for c in CRITERIA if c.kind == "criterion"] == list(range(1, 13))
    assert len(set(CRITERION_CODES)) == 16
    first = next(c for c in CRITERIA if c.code == "SSE1")
    assert "presumed not to have acted vigorously" in str(first.text)
    assert first.statute == "22 U.S.C. §7106(b)(1)"
    assert {c.code for c in CRITERIA if c.needs_law_enforcement_data} == {"SSE1", "SSE7"}


def test_registry_rejects_unknown_criteria_and_replaces_by_key():
    with pytest.raises(ValueError):
        register_evidence_provider("SSE99", lambda request: None, key="test.bad")
    register_evidence_provider("SSE4", lambda request: None, key="test.same")
    register_evidence_provider("SSE4", lambda request: None, key="test.same")
    from waypoint.action_plans.evidence import providers_for

    assert [entry.key for entry in providers_for("SSE4")] == ["test.same"]
    unregister_evidence_provider("test.same")
    assert providers_for("SSE4") == []


@pytest.mark.django_db
def test_a_failing_provider_is_reported_not_shown_as_zero(coord, today):
    def broken(request):
        raise RuntimeError("database of the reporting app is down")

    register_evidence_provider("SSE8", broken, key="test.broken")
    try:
        gathered = gather(
            EvidenceRequest(actor=coord, criterion="SSE8", period=TipPeriod.containing(today))
        )
    finally:
        unregister_evidence_provider("test.broken")
    assert gathered.has_data_source
    assert gathered.failed_sources == ("test.broken",)
    assert gathered.evidence == () and gathered.figures == {}


@pytest.mark.django_db
def test_workspace_gathers_builtin_evidence_for_this_period_and_the_previous(world, coord, today):
    result = workspace(actor=coord, submission=world["submission"], today=today)
    prevention = result.view("SSE3").evidence
    titles = [item.title for item in prevention.evidence]
    assert "Action plan: prevention actions" in titles
    assert "Trainings and awareness campaigns" in titles
    actions = next(item for item in prevention.evidence if item.title.startswith("Action plan"))
    running = next(figure for figure in actions.figures if figure.code == "plan_actions_running")
    assert running.current == 3
    assert {line.text for line in actions.lines} >= {"1.1.1 Action 1.1.1", "1.1.3 Action 1.1.3"}
    officials = next(
        item
        for item in result.view("SSE2").evidence.evidence
        if item.title.startswith("Trainings for officials")
    )
    assert {figure.code: figure.current for figure in officials.figures} == {
        "official_trainings": 1,
        "officials_trained": 20,
    }
    assert not result.view("SSE5").evidence.has_data_source
    assert result.prioritised.rows[0].text.startswith("Increase efforts")
    codes = [gap.code for gap in result.gaps]
    assert codes[0] in ("missing_law_enforcement_data", "watch_list_downgrade")  # critical first


@pytest.mark.django_db
def test_registered_law_enforcement_data_clear_the_missing_gap_and_feed_the_increase_test(
    world, coord, today
):
    def provide(request):
        return Evidence(
            title="Law enforcement",
            source="reporting",
            figures=(
                Figure("investigations", "Investigations", 20, 10),
                Figure("prosecutions", "Prosecutions", 8, 5),
                Figure("convictions", "Convictions", 4, 4),
                Figure("sentences", "Sentences", 4, 4),
            ),
        )

    def complicity(request):
        return Evidence(
            title="Officials",
            source="reporting",
            figures=(Figure("complicity_cases", "Cases", 1, 0),),
        )

    register_evidence_provider("SSE1", provide, key="test.le")
    register_evidence_provider("SSE7", complicity, key="test.complicity")
    try:
        result = workspace(actor=coord, submission=world["submission"], today=today)
    finally:
        unregister_evidence_provider("test.le")
        unregister_evidence_provider("test.complicity")
    codes = {(gap.code, gap.figure) for gap in result.gaps}
    assert not any(code == "missing_law_enforcement_data" for code, _figure in codes)
    assert ("no_increase", "convictions") in codes
    assert ("no_increase", "investigations") not in codes
    # Victims assisted come from the statistics tables (reporting's provider): none this period
    # nor the last in this world, so no increase is shown.
    assert ("no_increase", "victims_assisted") in codes


@pytest.mark.django_db
def test_submission_rules(coord, today):
    period = TipPeriod.containing(today)
    submission = submission_create(actor=coord, period=period)
    assert submission.entries.count() == 16
    with pytest.raises(ValidationFailed):
        submission_create(actor=coord, period=period)
    assert TipSubmission.objects.count() == 1
    with pytest.raises(ValidationFailed) as refusal:
        submission_update(
            actor=coord,
            submission=submission,
            status=SubmissionStatus.SUBMITTED,
            summary="",
            submitted_on=None,
            expected_version=submission.version,
        )
    assert set(refusal.value.fields) == {"submitted_on", "status"}
    for entry in submission.entries.all():
        criterion_entry_update(
            actor=coord,
            entry=entry,
            narrative="Done.",
            status=CriterionStatus.COMPLETE,
            expected_version=entry.version,
        )
    submission = submission_update(
        actor=coord,
        submission=submission,
        status=SubmissionStatus.SUBMITTED,
        summary="Sent.",
        submitted_on=today,
        expected_version=submission.version,
    )
    entry = submission.entries.first()
    with pytest.raises(ValidationFailed):
        criterion_entry_update(
            actor=coord,
            entry=entry,
            narrative="Late change",
            status="complete",
            expected_version=entry.version,
        )
