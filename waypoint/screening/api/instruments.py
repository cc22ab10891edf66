"""API: screening instruments — list and read versions; import, draft, edit, publish, discard."""

from __future__ import annotations

import json

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.views import ApiView, error_responses
from waypoint.screening import selectors, services
from waypoint.screening.api.serializers import (
    DraftInput,
    GradeOutput,
    GradeUpdateInput,
    ImportInput,
    InstrumentVersionDetailOutput,
    InstrumentVersionOutput,
    QuestionInput,
    QuestionOutput,
    QuestionUpdateInput,
    VersionInput,
)
from waypoint.screening.choices import VersionStatus
from waypoint.screening.models import IndicatorGrade, InstrumentVersion, Question


def _detail(version: InstrumentVersion):
    version = (
        InstrumentVersion.objects.select_related("framework", "based_on")
        .prefetch_related(
            "profiles",
            "dimensions",
            "indicators",
            Prefetch(
                "grades",
                IndicatorGrade.objects.select_related("profile", "dimension", "indicator"),
            ),
            Prefetch("questions", Question.objects.select_related("indicator")),
        )
        .get(pk=version.pk)
    )
    return InstrumentVersionDetailOutput(version).data


class InstrumentVersionListApi(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("framework", str),
            OpenApiParameter("status", str, enum=VersionStatus.values),
        ],
        responses={200: InstrumentVersionOutput(many=True), **error_responses(401)},
        operation_id="screening_instruments_list",
    )
    def get(self, request):
        """Instrument versions: published ones for screeners, drafts too for instrument managers."""
        queryset = selectors.instrument_version_list(
            actor=self.actor,
            framework=request.query_params.get("framework", "")[:40],
            status=request.query_params.get("status", ""),
        ).prefetch_related("profiles")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset.select_related("based_on"), request, view=self)
        return paginator.get_paginated_response(InstrumentVersionOutput(page, many=True).data)


class InstrumentImportApi(ApiView):
    required_permissions = (Perm.INSTRUMENT_MANAGE,)

    @extend_schema(
        request=ImportInput,
        responses={201: InstrumentVersionDetailOutput, **error_responses(400, 401, 403)},
        operation_id="screening_instruments_import",
    )
    def post(self, request):
        """Import an instrument as a new draft version: all or nothing, every problem named by
        file, row and field in `error.fields`."""
        serializer = ImportInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rules = data["rules"]
        version = services.instrument_import(
            actor=self.actor,
            indicators_csv=data["indicators_csv"],
            rules_json=rules if isinstance(rules, str) else json.dumps(rules),
            questions_csv=data.get("questions_csv", ""),
            change_summary=data.get("change_summary", ""),
            attribution=data.get("attribution", ""),
        )
        return Response(_detail(version), status=status.HTTP_201_CREATED)


class InstrumentVersionDetailApi(ApiView):
    @extend_schema(
        responses={200: InstrumentVersionDetailOutput, **error_responses(401, 404)},
        operation_id="screening_instruments_retrieve",
    )
    def get(self, request, public_id):
        """A version with its dimensions, indicators, grades, questions and rules."""
        version = selectors.instrument_version_get(actor=self.actor, public_id=public_id)
        return Response(_detail(version))

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)},
        operation_id="screening_instruments_discard",
    )
    def delete(self, request, public_id):
        """Discard a draft (a published version is never deleted)."""
        version = selectors.manageable_version_get(actor=self.actor, public_id=public_id)
        services.instrument_draft_discard(actor=self.actor, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InstrumentDraftApi(ApiView):
    required_permissions = (Perm.INSTRUMENT_MANAGE,)

    @extend_schema(
        request=DraftInput,
        responses={201: InstrumentVersionDetailOutput, **error_responses(400, 401, 403, 404)},
        operation_id="screening_instruments_draft",
    )
    def post(self, request, public_id):
        """Create a new draft version that copies this published version."""
        serializer = DraftInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = selectors.manageable_version_get(actor=self.actor, public_id=public_id)
        draft = services.instrument_draft_create(
            actor=self.actor,
            version=version,
            change_summary=serializer.validated_data.get("change_summary", ""),
        )
        return Response(_detail(draft), status=status.HTTP_201_CREATED)


class InstrumentPublishApi(ApiView):
    required_permissions = (Perm.INSTRUMENT_MANAGE,)

    @extend_schema(
        request=VersionInput,
        responses={200: InstrumentVersionDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="screening_instruments_publish",
    )
    def post(self, request, public_id):
        """Publish a draft (checked, sealed with its checksum, never changed again)."""
        serializer = VersionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = selectors.manageable_version_get(actor=self.actor, public_id=public_id)
        version = services.instrument_publish(
            actor=self.actor,
            version=version,
            expected_version=serializer.validated_data["version"],
        )
        return Response(_detail(version))


class GradeApi(ApiView):
    required_permissions = (Perm.INSTRUMENT_MANAGE,)

    @extend_schema(
        request=GradeUpdateInput,
        responses={200: GradeOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="screening_grades_update",
    )
    def patch(self, request, public_id):
        """Change a grade or its verification status in a draft."""
        serializer = GradeUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("version")
        grade = selectors.manageable_grade_get(actor=self.actor, public_id=public_id)
        grade = services.grade_update(
            actor=self.actor, grade=grade, values=data, expected_version=expected
        )
        return Response(GradeOutput(grade).data)


class IndicatorQuestionsApi(ApiView):
    required_permissions = (Perm.INSTRUMENT_MANAGE,)

    @extend_schema(
        request=QuestionInput,
        responses={201: QuestionOutput, **error_responses(400, 401, 403, 404)},
        operation_id="screening_questions_create",
    )
    def post(self, request, public_id):
        """Add a question (English required, other languages optional) to an indicator of a draft."""
        serializer = QuestionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        indicator = selectors.manageable_indicator_get(actor=self.actor, public_id=public_id)
        question = services.question_create(
            actor=self.actor, indicator=indicator, texts=serializer.validated_data["texts"]
        )
        return Response(QuestionOutput(question).data, status=status.HTTP_201_CREATED)


class QuestionApi(ApiView):
    required_permissions = (Perm.INSTRUMENT_MANAGE,)

    @extend_schema(
        request=QuestionUpdateInput,
        responses={200: QuestionOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="screening_questions_update",
    )
    def patch(self, request, public_id):
        """Replace a question's texts in a draft (a language left empty is removed)."""
        serializer = QuestionUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = selectors.manageable_question_get(actor=self.actor, public_id=public_id)
        question = services.question_update(
            actor=self.actor,
            question=question,
            texts=serializer.validated_data["texts"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(QuestionOutput(question).data)

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)},
        operation_id="screening_questions_delete",
    )
    def delete(self, request, public_id):
        question = selectors.manageable_question_get(actor=self.actor, public_id=public_id)
        services.question_delete(actor=self.actor, question=question)
        return Response(status=status.HTTP_204_NO_CONTENT)
