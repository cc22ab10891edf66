"""API: evaluate answers, and create, update, answer, submit and follow up screenings."""

from __future__ import annotations

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from waypoint.access.checks import get_visible
from waypoint.access.roles import Perm
from waypoint.access.scopes.cases import visible_cases, visible_persons
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.views import ApiView, error_responses
from waypoint.common.errors import ValidationFailed
from waypoint.screening import selectors, services
from waypoint.screening.api.serializers import (
    UNAVAILABLE_RESPONSE,
    AnonymousNotificationOutput,
    AnswersInput,
    EvaluateInput,
    EvaluationOutput,
    NotificationInput,
    ScreeningConsentInput,
    ScreeningCreateInput,
    ScreeningLinkInput,
    ScreeningOutput,
    ScreeningSummaryOutput,
    ScreeningUpdateInput,
    VersionInput,
)
from waypoint.screening.choices import ScreeningOutcome, ScreeningStatus
from waypoint.screening.selectors.screenings import SORTS


def _context_values(data):
    """Flatten the API's nested interpreter into the service's fields."""
    values = {key: value for key, value in data.items() if key not in ("interpreter", "version")}
    interpreter = data.get("interpreter")
    if interpreter is not None:
        values["is_interpreter_present"] = interpreter.get("is_present", False)
        values["interpreter_name"] = interpreter.get("name", "")
        values["interpreter_organisation"] = interpreter.get("organisation", "")
        values["interpreter_language"] = interpreter.get("language", "")
    return values


def _detail(screening):
    screening = (
        type(screening)
        .objects.select_related(
            "organisation",
            "screener",
            "instrument_version__framework",
            "profile",
            "question_profile",
            "case",
            "person",
            "anonymous_notification",
        )
        .get(pk=screening.pk)
    )
    return ScreeningOutput(screening).data


class EvaluateApi(ApiView):
    """Any of screening.conduct or screening.view (checked by the selector)."""

    @extend_schema(
        request=EvaluateInput,
        responses={
            200: EvaluationOutput,
            **error_responses(400, 401, 403),
            422: UNAVAILABLE_RESPONSE,
        },
        operation_id="screening_evaluate",
    )
    def post(self, request):
        """Read answers against a published instrument version and explain the reading.

        Nothing is stored. Every bad key is named in `error.fields` (`answers.<code>` for an
        unknown indicator code or answer value). A profile whose grades are not entered answers
        422 `profile_unavailable`. The result never holds a score.
        """
        if not isinstance(request.data, dict):
            raise ValidationFailed(
                "Send a JSON object.", fields={"_": ["The body must be a JSON object."]}
            )
        _version, evaluation = selectors.evaluate_answers(
            actor=self.actor,
            request=dict(request.data),
            language=(get_language() or "en").split("-")[0],
        )
        return Response(EvaluationOutput(evaluation.as_json()).data)


class ScreeningListApi(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=ScreeningStatus.values),
            OpenApiParameter("outcome", str, enum=ScreeningOutcome.values),
            OpenApiParameter("profile", str),
            OpenApiParameter("mine", bool),
            OpenApiParameter("sort", str, enum=list(SORTS)),
        ],
        responses={200: ScreeningSummaryOutput(many=True), **error_responses(401, 403)},
        operation_id="screenings_list",
    )
    def get(self, request):
        """Screenings you may see (your own; with screening.view, those of cases you can see)."""
        selectors.require_screening_access(self.actor)
        params = request.query_params
        filters = selectors.ScreeningFilter(
            status=params.get("status", "")[:20],
            outcome=params.get("outcome", "")[:40],
            profile=params.get("profile", "")[:40],
            mine=params.get("mine") in ("1", "true"),
            sort=params.get("sort", "-started"),
        )
        queryset = selectors.screening_list(actor=self.actor, filters=filters).select_related(
            "anonymous_notification", "person"
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(ScreeningSummaryOutput(page, many=True).data)

    @extend_schema(
        request=ScreeningCreateInput,
        responses={201: ScreeningOutput, **error_responses(400, 401, 403, 404)},
        operation_id="screenings_create",
    )
    def post(self, request):
        """Start a screening (a draft) for your organisation."""
        serializer = ScreeningCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        framework = data.pop("instrument", "")
        number = data.pop("instrument_version", None)
        version = None
        if framework or number is not None:
            version = selectors.published_version(framework or "ILO_EC_2009", number)
            if version is None:
                raise ValidationFailed(
                    "Unknown instrument version.",
                    fields={"instrument_version": ["No such instrument version."]},
                )
        screening = services.screening_start(
            actor=self.actor, values=_context_values(data), version=version
        )
        return Response(_detail(screening), status=status.HTTP_201_CREATED)


class ScreeningDetailApi(ApiView):
    @extend_schema(
        responses={200: ScreeningOutput, **error_responses(401, 403, 404)},
        operation_id="screenings_retrieve",
    )
    def get(self, request, public_id):
        """A screening with its answers (notes included) and result; the read is audited."""
        selectors.require_screening_access(self.actor)
        screening = selectors.screening_get(actor=self.actor, public_id=public_id, purpose="api")
        return Response(_detail(screening))

    @extend_schema(
        request=ScreeningUpdateInput,
        responses={200: ScreeningOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="screenings_update",
    )
    def patch(self, request, public_id):
        """Change the interview's circumstances or the person's age (drafts only)."""
        serializer = ScreeningUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        screening = selectors.draft_get(actor=self.actor, public_id=public_id)
        screening = services.screening_context_update(
            actor=self.actor,
            screening=screening,
            values=_context_values(serializer.validated_data),
            expected_version=serializer.validated_data["version"],
        )
        return Response(_detail(screening))

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)},
        operation_id="screenings_discard",
    )
    def delete(self, request, public_id):
        """Discard a draft screening (completed screenings are kept)."""
        screening = selectors.draft_get(actor=self.actor, public_id=public_id)
        services.screening_discard(actor=self.actor, screening=screening)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ScreeningAnswersApi(ApiView):
    required_permissions = (Perm.SCREENING_CONDUCT,)

    @extend_schema(
        request=AnswersInput,
        responses={200: ScreeningOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="screenings_answers",
    )
    def put(self, request, public_id):
        """Save answers of a draft (indicator code → value, basis, note); others are kept."""
        serializer = AnswersInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        screening = selectors.draft_get(actor=self.actor, public_id=public_id)
        screening = services.screening_answers_save(
            actor=self.actor,
            screening=screening,
            answers=serializer.validated_data["answers"],
            expected_version=serializer.validated_data["version"],
            step=serializer.validated_data.get("step", ""),
        )
        return Response(_detail(screening))


class ScreeningSubmitApi(ApiView):
    required_permissions = (Perm.SCREENING_CONDUCT,)

    @extend_schema(
        request=VersionInput,
        responses={200: ScreeningOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="screenings_submit",
    )
    def post(self, request, public_id):
        """Finish the screening: the answers are read and the result and next step stored."""
        serializer = VersionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        screening = selectors.draft_get(actor=self.actor, public_id=public_id)
        screening = services.screening_submit(
            actor=self.actor,
            screening=screening,
            expected_version=serializer.validated_data["version"],
        )
        return Response(_detail(screening))


class ScreeningLinkApi(ApiView):
    required_permissions = (Perm.SCREENING_CONDUCT,)

    @extend_schema(
        request=ScreeningLinkInput,
        responses={200: ScreeningOutput, **error_responses(400, 401, 403, 404)},
        operation_id="screenings_link",
    )
    def post(self, request, public_id):
        """Link a completed screening to a case (and person), or record the person and open a
        case for them (`create_person`, or an existing `person` without `case`)."""
        serializer = ScreeningLinkInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        screening = selectors.screening_get(actor=self.actor, public_id=public_id, purpose="link")
        person = None
        if "person" in data:
            person = get_visible(visible_persons(self.actor), public_id=data["person"])
        if "case" in data:
            case = get_visible(visible_cases(self.actor), public_id=data["case"])
            screening = services.screening_link(
                actor=self.actor, screening=screening, case=case, person=person
            )
        elif person is not None or "create_person" in data:
            screening = services.screening_person_case_create(
                actor=self.actor,
                screening=screening,
                person=person,
                person_values=data.get("create_person"),
            )
        else:
            raise ValidationFailed(
                "Say what to link.", fields={"case": ["Give a case, a person or create_person."]}
            )
        return Response(_detail(screening))


class ScreeningConsentApi(ApiView):
    required_permissions = (Perm.SCREENING_CONDUCT, Perm.CONSENT_RECORD)

    @extend_schema(
        request=ScreeningConsentInput,
        responses={200: ScreeningOutput, **error_responses(400, 401, 403, 404)},
        operation_id="screenings_consent",
    )
    def post(self, request, public_id):
        """Record the linked person's consent to referral (or their refusal)."""
        serializer = ScreeningConsentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        screening = selectors.screening_get(
            actor=self.actor, public_id=public_id, purpose="consent"
        )
        screening = services.screening_consent_record(
            actor=self.actor, screening=screening, **serializer.validated_data
        )
        return Response(_detail(screening))


class ScreeningNotificationApi(ApiView):
    required_permissions = (Perm.ANONYMOUS_NOTIFICATION_CREATE,)

    @extend_schema(
        request=NotificationInput,
        responses={201: AnonymousNotificationOutput, **error_responses(400, 401, 403, 404)},
        operation_id="screenings_anonymous_notification",
    )
    def post(self, request, public_id):
        """An adult declined referral: count them anonymously (no identifying data is kept)."""
        serializer = NotificationInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        screening = selectors.screening_get(
            actor=self.actor, public_id=public_id, purpose="notification"
        )
        notification = services.anonymous_notification_create(
            actor=self.actor, screening=screening, values=serializer.validated_data
        )
        return Response(
            AnonymousNotificationOutput(notification).data, status=status.HTTP_201_CREATED
        )
