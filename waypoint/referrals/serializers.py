"""API shapes of the NRM: public ids only, free text only where the reader may see it."""

from __future__ import annotations

from rest_framework import serializers

from waypoint.people.choices import ConsentGivenBy
from waypoint.referrals.choices import (
    DecisionOutcome,
    DecisionStage,
    NrmClosureReason,
    NrmState,
    TimerKind,
    TimerStatus,
    TrackKind,
)
from waypoint.referrals.workflow import BY_NAME


class NrmOrganisationRef(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class TimerOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.ChoiceField(choices=TimerKind.choices)
    case_reference = serializers.CharField(source="case.reference")
    starts_on = serializers.DateField()
    due_on = serializers.DateField()
    remind_on = serializers.DateField(allow_null=True)
    day_kind = serializers.CharField()
    length_days = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=TimerStatus.choices)
    is_breached = serializers.BooleanField()
    breached_on = serializers.DateField(allow_null=True)
    profile_version = serializers.IntegerField(source="profile.version", allow_null=True)
    responsible_organisation = NrmOrganisationRef()


class WorkTimerOutput(TimerOutput):
    referral = serializers.SerializerMethodField()
    track = serializers.SerializerMethodField()
    service_referral = serializers.SerializerMethodField()

    def get_referral(self, timer) -> str | None:
        return str(timer.referral.public_id) if timer.referral_id else None

    def get_track(self, timer) -> str | None:
        return str(timer.track.public_id) if timer.track_id else None

    def get_service_referral(self, timer) -> str | None:
        related = getattr(timer, "service_referral", None)
        return str(related.public_id) if related is not None else None


class ReferralOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    case = serializers.UUIDField(source="case.public_id")
    case_reference = serializers.CharField(source="case.reference")
    case_person = serializers.UUIDField(source="case_person.public_id")
    state = serializers.ChoiceField(choices=NrmState.choices)
    referring_organisation = NrmOrganisationRef()
    competent_authority = NrmOrganisationRef(allow_null=True)
    is_child = serializers.BooleanField()
    screening_id = serializers.CharField(source="screening_public_id")
    referred_at = serializers.DateTimeField(allow_null=True)
    preliminary_decision_on = serializers.DateField(allow_null=True)
    recovery_period_ends_on = serializers.DateField(allow_null=True)
    formal_decision_on = serializers.DateField(allow_null=True)
    reconsideration_count = serializers.IntegerField()
    closure_reason = serializers.CharField()
    version = serializers.IntegerField()


class ReferralListOutput(ReferralOutput):
    next_due = serializers.DateField(allow_null=True)
    is_overdue = serializers.BooleanField()


class DecisionOutput(serializers.Serializer):
    stage = serializers.ChoiceField(choices=DecisionStage.choices)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    decision_name = serializers.CharField()
    standard = serializers.CharField()
    decided_on = serializers.DateField()
    organisation = NrmOrganisationRef()
    decision_making_org = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    is_within_target = serializers.BooleanField(allow_null=True)
    legal_basis = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)


class StepRecordOutput(serializers.Serializer):
    transition = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    organisation = serializers.CharField(allow_null=True)
    legal_basis = serializers.CharField()
    reason = serializers.CharField(allow_null=True)


class AvailableStepOutput(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    needs_reason = serializers.BooleanField()
    needs_legal_basis = serializers.BooleanField()
    inputs = serializers.ListField(child=serializers.CharField())


class NrmReferralDetailOutput(ReferralOutput):
    information = serializers.CharField(allow_null=True)
    decisions = DecisionOutput(many=True)
    timers = TimerOutput(many=True)
    steps = StepRecordOutput(many=True)
    available_steps = AvailableStepOutput(many=True)


class ReferInput(serializers.Serializer):
    case_person = serializers.UUIDField()
    competent_authority = serializers.UUIDField()
    information = serializers.CharField(max_length=5000)
    screening_id = serializers.CharField(
        max_length=36, required=False, default="", allow_blank=True
    )


class StepInputSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=sorted(BY_NAME))
    reason = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)
    legal_basis = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )
    closure_reason = serializers.ChoiceField(
        choices=NrmClosureReason.choices, required=False, default="", allow_blank=True
    )
    expected_state = serializers.ChoiceField(
        choices=NrmState.choices, required=False, default="", allow_blank=True
    )


class TrackOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.ChoiceField(choices=TrackKind.choices)
    state = serializers.CharField()
    case = serializers.UUIDField(source="case.public_id")
    case_reference = serializers.CharField(source="case.reference")
    case_person = serializers.UUIDField(source="case_person.public_id")
    organisation = NrmOrganisationRef()
    conditions = serializers.DictField(child=serializers.CharField())
    valid_until = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class TrackDetailOutput(TrackOutput):
    details = serializers.CharField(allow_null=True)
    timers = TimerOutput(many=True)
    steps = StepRecordOutput(many=True)
    available_steps = serializers.ListField(child=serializers.CharField())


class TrackOpenInput(serializers.Serializer):
    case_person = serializers.UUIDField()
    kind = serializers.ChoiceField(
        choices=[
            (code, label)
            for code, label in TrackKind.choices
            if code != TrackKind.SHELTER_PLACEMENT
        ]
    )
    details = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class TrackStepInput(serializers.Serializer):
    step = serializers.CharField(max_length=40)
    reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    condition = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    expected_state = serializers.CharField(
        max_length=16, required=False, default="", allow_blank=True
    )


class ServiceReferralRef(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    case_reference = serializers.CharField(source="case.reference")
    service = serializers.CharField(source="service.name")
    provider = serializers.CharField(source="service.organisation.name")
    status = serializers.CharField()
    is_urgent = serializers.BooleanField()


class WaitingReferralOutput(ReferralOutput):
    next_due = serializers.DateField(allow_null=True)


class MyWorkOutput(serializers.Serializer):
    scope = serializers.ChoiceField(choices=["mine", "organisation"])
    today = serializers.DateField()
    overdue = WorkTimerOutput(many=True)
    due = WorkTimerOutput(many=True)
    waiting_referrals = WaitingReferralOutput(many=True)
    waiting_services = ServiceReferralRef(many=True)


class CountOutput(serializers.Serializer):
    count = serializers.IntegerField()


class BreachRowOutput(serializers.Serializer):
    month = serializers.DateField()
    kind = serializers.CharField()
    stage = serializers.CharField()
    organisation = serializers.CharField()
    count = serializers.IntegerField()


class BreachStageOutput(serializers.Serializer):
    kind = serializers.CharField()
    stage = serializers.CharField()
    count = serializers.IntegerField()


class BreachOrganisationOutput(serializers.Serializer):
    organisation = serializers.CharField()
    count = serializers.IntegerField()


class BreachMonthOutput(serializers.Serializer):
    month = serializers.DateField()
    count = serializers.IntegerField()


class BreachSummaryOutput(serializers.Serializer):
    total = serializers.IntegerField()
    by_stage = BreachStageOutput(many=True)
    by_organisation = BreachOrganisationOutput(many=True)
    by_month = BreachMonthOutput(many=True)
    rows = BreachRowOutput(many=True)


class ProfileOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    country = serializers.CharField()
    version = serializers.IntegerField()
    effective_from = serializers.DateField()
    loaded_from = serializers.CharField(source="source")
    change_note = serializers.CharField()
    rules = serializers.DictField()


class ProfileInput(serializers.Serializer):
    rules = serializers.DictField(help_text="The whole profile document (the shape of GET).")
    effective_from = serializers.DateField()
    based_on_version = serializers.IntegerField(allow_null=True, required=False, default=None)
    change_note = serializers.CharField(max_length=300)


class NrmConsentInput(serializers.Serializer):
    case_person = serializers.UUIDField()
    purpose = serializers.ChoiceField(choices=["referral", "sharing"])
    shared_with = serializers.UUIDField(required=False, allow_null=True, default=None)
    is_given = serializers.BooleanField()
    given_by = serializers.ChoiceField(
        choices=ConsentGivenBy.choices, default=ConsentGivenBy.PERSON
    )
    language = serializers.CharField(max_length=3, required=False, default="", allow_blank=True)
    is_interpreter_present = serializers.BooleanField(default=False)
    interpreter_name = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )


class NrmConsentOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    purpose = serializers.CharField()
    shared_with = NrmOrganisationRef(allow_null=True)
    is_given = serializers.BooleanField()
    given_by = serializers.CharField()
    language = serializers.CharField()
    is_interpreter_present = serializers.BooleanField()
    recorded_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
