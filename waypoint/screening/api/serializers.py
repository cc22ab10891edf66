"""Input and output shapes of the screening API (nested serializers; public ids only)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from waypoint.api.views import ErrorSerializer
from waypoint.cases.choices import TypeOfExploitation
from waypoint.people.choices import AgeBand, ConsentGivenBy, Gender
from waypoint.screening.choices import (
    AnswerBasis,
    AnswerChoice,
    ElementChoice,
    ExploitationFamily,
    GradeChoice,
    GradeStatusChoice,
    NextStep,
    ReferralStatus,
    ScreeningOutcome,
    ScreeningStatus,
    VersionStatus,
)
from waypoint.screening.engine import Outcome


def inline_choice(choices, **kwargs):
    """A choice field documented as an inline enum (several code lists share field names such as
    ``status``, which would otherwise collide as schema components)."""

    # Wrapped in anyOf so the schema keeps the values without a shared, colliding component.
    @extend_schema_field(
        {"anyOf": [{"type": "string", "enum": [value for value, _label in choices]}]}
    )
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


UNAVAILABLE_RESPONSE = OpenApiResponse(
    ErrorSerializer,
    description=(
        "The profile exists but is not available: its grades have not been entered "
        "(error code profile_unavailable)."
    ),
)


# Evaluation result -------------------------------------------------------------------------------


class GradeCountsOutput(serializers.Serializer):
    strong = serializers.IntegerField()
    medium = serializers.IntegerField()
    weak = serializers.IntegerField()


class DimensionResultOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    element = serializers.ChoiceField(choices=ElementChoice.choices)
    is_required = serializers.BooleanField()
    present = GradeCountsOutput(help_text="Indicators answered yes, by grade.")
    positive = serializers.BooleanField()
    clause = serializers.DictField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="The clause of dimension_positive_if_any that made it positive.",
    )
    could_be_positive = serializers.BooleanField(
        help_text="Positive if every unknown, declined or not-asked indicator were yes."
    )
    present_indicators = serializers.ListField(child=serializers.CharField())
    unanswered_indicators = serializers.ListField(child=serializers.CharField())


class ElementOutput(serializers.Serializer):
    element = serializers.ChoiceField(choices=ElementChoice.choices)
    name = serializers.CharField()
    is_required = serializers.BooleanField()
    dimensions = serializers.ListField(child=serializers.CharField())
    met = serializers.BooleanField()
    could_be_met = serializers.BooleanField()
    via = serializers.ListField(child=serializers.CharField())
    sentence = serializers.CharField()


class NearMissOutput(serializers.Serializer):
    dimension = serializers.CharField()
    present = GradeCountsOutput()
    missing_grades = serializers.ListField(
        child=serializers.CharField(), help_text="Grades (S, M, W) one more of which would do."
    )
    clause = serializers.DictField(child=serializers.IntegerField())
    candidate_indicators = serializers.ListField(child=serializers.CharField())
    sentence = serializers.CharField()


class UnansweredOutput(serializers.Serializer):
    indicator = serializers.CharField()
    dimension = serializers.CharField()
    grade = serializers.ChoiceField(choices=GradeChoice.choices)
    answer = inline_choice(AnswerChoice.choices)
    label = serializers.CharField()  # type: ignore[assignment]
    questions = serializers.ListField(child=serializers.CharField())


class ScreeningRecommendationOutput(serializers.Serializer):
    next_step = serializers.ChoiceField(choices=NextStep.choices)
    is_safeguarding = serializers.BooleanField()
    questions_that_matter = serializers.ListField(child=serializers.CharField())
    sentence = serializers.CharField()


class EvaluationOutput(serializers.Serializer):
    instrument = serializers.CharField()
    version = serializers.IntegerField()
    rule_version = serializers.CharField()
    engine_version = serializers.CharField()
    profile = serializers.CharField()
    profile_name = serializers.CharField()
    profile_available = serializers.BooleanField()
    is_child = serializers.BooleanField()
    outcome = inline_choice(
        [(o.value, o.value) for o in Outcome],
        allow_null=True,
        help_text="Null when the profile is not available.",
    )
    classification = serializers.JSONField(allow_null=True)
    dimensions = DimensionResultOutput(many=True)
    elements = ElementOutput(many=True)
    near_misses = NearMissOutput(many=True)
    unanswered_that_matter = UnansweredOutput(many=True)
    caveats = serializers.ListField(child=serializers.CharField())
    recommendation = ScreeningRecommendationOutput(allow_null=True)
    explanation = serializers.ListField(child=serializers.CharField())
    answer_counts = serializers.DictField(child=serializers.IntegerField())


class EvaluateInput(serializers.Serializer):
    instrument = serializers.CharField(help_text="Framework code, e.g. ILO_EC_2009.")
    profile = serializers.CharField(help_text="Profile code, e.g. ADULT_LABOUR.")
    version = serializers.IntegerField(
        required=False, help_text="Version number; the latest published when omitted."
    )
    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=AnswerChoice.choices),
        help_text="Indicator code → answer. Indicators not given are 'not_asked'.",
    )


# Screenings --------------------------------------------------------------------------------------


class InterpreterField(serializers.Serializer):
    is_present = serializers.BooleanField()
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    organisation = serializers.CharField(required=False, allow_blank=True, max_length=200)
    language = serializers.CharField(required=False, allow_blank=True, max_length=8)


class ScreeningContextInput(serializers.Serializer):
    profile = serializers.CharField(
        required=False, allow_blank=True, help_text="Leave out to choose from age and exploitation."
    )
    interview_language = serializers.CharField(required=False, max_length=8)
    interpreter = InterpreterField(required=False)
    age_years = serializers.IntegerField(required=False, allow_null=True)
    age_band = serializers.ChoiceField(choices=AgeBand.choices, required=False, allow_blank=True)
    is_age_uncertain = serializers.BooleanField(required=False)
    exploitation_types = serializers.ListField(
        child=serializers.ChoiceField(choices=TypeOfExploitation.choices), required=False
    )


class ScreeningCreateInput(ScreeningContextInput):
    instrument = serializers.CharField(
        required=False, help_text="Framework code (default: latest)."
    )
    instrument_version = serializers.IntegerField(required=False)


class ScreeningUpdateInput(ScreeningContextInput):
    version = serializers.IntegerField(help_text="The record version you started from.")


class AnswerInput(serializers.Serializer):
    value = serializers.ChoiceField(choices=AnswerChoice.choices)
    basis = serializers.ChoiceField(choices=AnswerBasis.choices, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AnswersInput(serializers.Serializer):
    version = serializers.IntegerField()
    step = serializers.CharField(required=False, allow_blank=True, max_length=40)
    answers = serializers.DictField(child=AnswerInput())


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField()


class AnswerOutput(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    value = serializers.ChoiceField(choices=AnswerChoice.choices)
    basis = serializers.CharField()
    note = serializers.CharField(allow_null=True)


class InterpreterOutput(serializers.Serializer):
    is_present = serializers.BooleanField(source="is_interpreter_present")
    name = serializers.CharField(source="interpreter_name", allow_null=True)
    organisation = serializers.CharField(source="interpreter_organisation", allow_null=True)
    language = serializers.CharField(source="interpreter_language")


class ScreeningSummaryOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    status = inline_choice(ScreeningStatus.choices)
    organisation = serializers.UUIDField(source="organisation.public_id")
    screener = serializers.UUIDField(source="screener.public_id")
    instrument = serializers.CharField(source="instrument_version.framework.code")
    instrument_version = serializers.IntegerField(source="instrument_version.number")
    profile = serializers.CharField(source="profile.code")
    interview_language = serializers.CharField()
    age_years = serializers.IntegerField(allow_null=True)
    age_band = serializers.CharField()
    is_age_uncertain = serializers.BooleanField()
    is_child = serializers.BooleanField()
    exploitation_types = serializers.ListField(child=serializers.CharField())
    started_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    outcome = inline_choice(ScreeningOutcome.choices, allow_blank=True)
    next_step = serializers.ChoiceField(choices=NextStep.choices, allow_blank=True)
    referral_status = serializers.ChoiceField(choices=ReferralStatus.choices, allow_blank=True)
    case = serializers.UUIDField(source="case.public_id", allow_null=True, default=None)
    person = serializers.UUIDField(source="person.public_id", allow_null=True, default=None)
    anonymous_notification = serializers.UUIDField(
        source="anonymous_notification.public_id", allow_null=True, default=None
    )
    version = serializers.IntegerField()


class ScreeningOutput(ScreeningSummaryOutput):
    question_profile = serializers.CharField(source="question_profile.code")
    interpreter = InterpreterOutput(source="*")
    current_step = serializers.CharField()
    answers = AnswerOutput(many=True, source="answers.all")
    result = EvaluationOutput(allow_null=True)


class PersonValuesInput(serializers.Serializer):
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    second_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    citizenship = serializers.ListField(child=serializers.CharField(max_length=2), required=False)


class ScreeningLinkInput(serializers.Serializer):
    case = serializers.UUIDField(required=False, help_text="An existing case you can see.")
    person = serializers.UUIDField(required=False, help_text="An existing person you can see.")
    create_person = PersonValuesInput(
        required=False, help_text="Record a new person (and open a case) with these values."
    )


class ScreeningConsentInput(serializers.Serializer):
    is_given = serializers.BooleanField()
    given_by = serializers.ChoiceField(choices=ConsentGivenBy.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class NotificationInput(serializers.Serializer):
    notified_on = serializers.DateField(required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    age_band = serializers.ChoiceField(choices=AgeBand.choices, required=False, allow_blank=True)
    nationality = serializers.CharField(required=False, allow_blank=True, max_length=2)
    exploitation_types = serializers.ListField(
        child=serializers.ChoiceField(choices=TypeOfExploitation.choices), required=False
    )
    country_of_exploitation = serializers.CharField(required=False, allow_blank=True, max_length=2)


class AnonymousNotificationOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    organisation = serializers.UUIDField(source="organisation.public_id")
    notified_on = serializers.DateField()
    gender = serializers.CharField()
    age_band = serializers.CharField()
    nationality = serializers.CharField()
    exploitation_types = serializers.ListField(child=serializers.CharField())
    country_of_exploitation = serializers.CharField()
    outcome = inline_choice(ScreeningOutcome.choices)


# Instruments -------------------------------------------------------------------------------------


class ScreeningProfileOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    is_seeded = serializers.BooleanField()
    is_child = serializers.BooleanField()
    exploitation_family = serializers.ChoiceField(choices=ExploitationFamily.choices)
    classification = serializers.JSONField()


class InstrumentVersionOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    framework = serializers.CharField(source="framework.code")
    title = serializers.CharField()
    number = serializers.IntegerField()
    status = inline_choice(VersionStatus.choices)
    rule_version = serializers.CharField()
    checksum = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    change_summary = serializers.CharField()
    based_on = serializers.UUIDField(source="based_on.public_id", allow_null=True, default=None)
    profiles = ScreeningProfileOutput(many=True, source="profiles.all")
    version = serializers.IntegerField()


class GradeOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    profile = serializers.CharField(source="profile.code")
    dimension = serializers.CharField(source="dimension.code")
    indicator = serializers.CharField(source="indicator.code")
    grade = serializers.ChoiceField(choices=GradeChoice.choices)
    status = inline_choice(GradeStatusChoice.choices)
    version = serializers.IntegerField()


class QuestionOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    indicator = serializers.CharField(source="indicator.code")
    order = serializers.IntegerField()
    texts = serializers.DictField(child=serializers.CharField())
    version = serializers.IntegerField()


class DimensionOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    element = serializers.ChoiceField(choices=ElementChoice.choices)


class ScreeningIndicatorOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class InstrumentVersionDetailOutput(InstrumentVersionOutput):
    grade_names = serializers.DictField(child=serializers.CharField())
    dimension_rule = serializers.JSONField()
    insufficiency_rule = serializers.JSONField(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())
    dimensions = DimensionOutput(many=True, source="dimensions.all")
    indicators = ScreeningIndicatorOutput(many=True, source="indicators.all")
    grades = GradeOutput(many=True, source="grades.all")
    questions = QuestionOutput(many=True, source="questions.all")


class ImportInput(serializers.Serializer):
    indicators_csv = serializers.CharField(help_text="The indicators CSV (see docs/screening.md).")
    rules = serializers.JSONField(help_text="The rules JSON (an object, or its text).")
    questions_csv = serializers.CharField(required=False, allow_blank=True)
    change_summary = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    attribution = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class DraftInput(serializers.Serializer):
    change_summary = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class GradeUpdateInput(serializers.Serializer):
    grade = serializers.ChoiceField(choices=GradeChoice.choices, required=False)
    status = inline_choice(GradeStatusChoice.choices, required=False)
    version = serializers.IntegerField()


class QuestionInput(serializers.Serializer):
    texts = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=500),
        help_text="ISO 639 code → text; English (en) is required.",
    )


class QuestionUpdateInput(QuestionInput):
    version = serializers.IntegerField()
