"""/api/v1/persons/: persons in the caller's scope, their consent, same-individual links."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.params import date_param
from waypoint.api.views import ApiView, error_responses
from waypoint.cases import selectors as case_selectors
from waypoint.cases.api.common import organisation_or_error, person_or_error, visible_case
from waypoint.cases.api.serializers import (
    ConsentInput,
    ConsentOutput,
    PersonInput,
    PersonOutput,
    PersonUpdateInput,
    ReasonInput,
    SameIndividualInput,
)
from waypoint.people import selectors, services
from waypoint.people.selectors import PersonFilter
from waypoint.people.services import IDENTIFYING_FIELDS

IDENTIFYING = frozenset(IDENTIFYING_FIELDS) - {"birthdate"}


def _values(data):
    return {
        name: ((value or None) if name in IDENTIFYING else value) for name, value in data.items()
    }


class PersonListApi(ApiView):
    required_permissions = (Perm.PERSON_VIEW,)
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("identity_number", str, description="Exact identity number."),
            OpenApiParameter(
                "first_name", str, description="Exact, with second_name and birthdate."
            ),
            OpenApiParameter("second_name", str),
            OpenApiParameter("birthdate", str, description="YYYY-MM-DD"),
            OpenApiParameter("gender", str),
            OpenApiParameter("age_band", str),
            OpenApiParameter("nationality", str, description="ISO 3166 two-letter code."),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: PersonOutput(many=True), **error_responses(400, 401, 403)},
        operation_id="persons_list",
    )
    def get(self, request):
        """Persons in your scope; identifying fields only where you need to know them."""
        params = request.query_params
        filters = PersonFilter(
            identity_number=params.get("identity_number", "")[:100],
            first_name=params.get("first_name", "")[:100],
            second_name=params.get("second_name", "")[:100],
            birthdate=date_param(params, "birthdate"),
            gender=params.get("gender", "")[:32],
            age_band=params.get("age_band", "")[:8],
            nationality=params.get("nationality", "")[:2],
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.person_list(actor=self.actor, filters=filters), request, view=self
        )
        selectors.record_list_read(actor=self.actor, persons=page)
        return paginator.get_paginated_response(PersonOutput(page, many=True).data)

    @extend_schema(
        request=PersonInput,
        responses={201: PersonOutput, **error_responses(400, 401, 403)},
        operation_id="persons_create",
    )
    def post(self, request):
        """Record a person for your organisation (identifying values are encrypted at rest)."""
        from waypoint.access.checks import require

        require(self.actor, Perm.PERSON_CREATE)
        serializer = PersonInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = services.person_create(actor=self.actor, values=_values(serializer.validated_data))
        person, identifying = selectors.person_detail(actor=self.actor, public_id=person.public_id)
        return Response(
            PersonOutput(person, context={"identifying": identifying}).data,
            status=status.HTTP_201_CREATED,
        )


class PersonDetailApi(ApiView):
    required_permissions = (Perm.PERSON_VIEW,)

    @extend_schema(
        responses={200: PersonOutput, **error_responses(401, 403, 404)},
        operation_id="persons_retrieve",
    )
    def get(self, request, public_id):
        """One person (the read of identifying details is audited)."""
        person, identifying = selectors.person_detail(actor=self.actor, public_id=public_id)
        return Response(PersonOutput(person, context={"identifying": identifying}).data)

    @extend_schema(
        request=PersonUpdateInput,
        responses={200: PersonOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="persons_update",
    )
    def patch(self, request, public_id):
        """Change the fields you send; 409 when someone saved since the version you read."""
        from waypoint.access.checks import require

        require(self.actor, Perm.PERSON_EDIT)
        person = selectors.person_for_change(actor=self.actor, public_id=public_id)
        serializer = PersonUpdateInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if version is None:
            from waypoint.common.errors import ValidationFailed

            raise ValidationFailed("Send the version you read.", fields={"version": ["Required."]})
        services.person_update(
            actor=self.actor, person=person, changes=_values(data), expected_version=version
        )
        person, identifying = selectors.person_detail(actor=self.actor, public_id=public_id)
        return Response(PersonOutput(person, context={"identifying": identifying}).data)


class PersonSameIndividualApi(ApiView):
    required_permissions = (Perm.PERSON_EDIT,)

    @extend_schema(
        request=SameIndividualInput,
        responses={200: PersonOutput, **error_responses(400, 401, 403, 404)},
        operation_id="persons_mark_same_individual",
    )
    def post(self, request, public_id):
        """Record that another person record is the same individual (counted once)."""
        person = selectors.person_for_change(actor=self.actor, public_id=public_id)
        serializer = SameIndividualInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        other = person_or_error(self.actor, serializer.validated_data["same_as"], "same_as")
        services.person_mark_same_individual(actor=self.actor, person=person, same_as=other)
        person, identifying = selectors.person_detail(actor=self.actor, public_id=public_id)
        return Response(PersonOutput(person, context={"identifying": identifying}).data)


class PersonConsentListApi(ApiView):
    required_permissions = (Perm.CONSENT_VIEW,)

    @extend_schema(
        responses={200: ConsentOutput(many=True), **error_responses(401, 403, 404)},
        operation_id="persons_consents_list",
    )
    def get(self, request, public_id):
        """The person's consent history, newest first (withdrawn ones included)."""
        person = selectors.person_for_change(actor=self.actor, public_id=public_id)
        consents = case_selectors.consent_list(actor=self.actor, person=person)
        return Response(ConsentOutput(consents, many=True).data)

    @extend_schema(
        request=ConsentInput,
        responses={201: ConsentOutput, **error_responses(400, 401, 403, 404)},
        operation_id="persons_consents_create",
    )
    def post(self, request, public_id):
        """Record a consent or a refusal; nothing earlier is overwritten."""
        from waypoint.access.checks import require

        require(self.actor, Perm.CONSENT_RECORD)
        person = selectors.person_for_change(actor=self.actor, public_id=public_id)
        serializer = ConsentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case_id = data.pop("case", None)
        data["case"] = visible_case(self.actor, case_id) if case_id else None
        data["shared_with"] = organisation_or_error(
            self.actor, data.pop("shared_with", None), "shared_with"
        )
        record = services.consent_record(actor=self.actor, person=person, **data)
        return Response(ConsentOutput(record).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(ApiView):
    required_permissions = (Perm.CONSENT_RECORD,)

    @extend_schema(
        request=ReasonInput,
        responses={200: ConsentOutput, **error_responses(400, 401, 403, 404)},
        operation_id="consents_withdraw",
    )
    def post(self, request, public_id):
        """Withdraw a consent at once: sharing that rests on it stops immediately."""
        record = case_selectors.consent_get(actor=self.actor, public_id=public_id)
        serializer = ReasonInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.consent_withdraw(
            actor=self.actor, record=record, reason=serializer.validated_data["reason"]
        )
        return Response(ConsentOutput(record).data)
