"""API of the services directory: services with live availability, and referrals to services."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.views import ApiView, error_responses
from waypoint.cases.choices import TypeOfExploitation
from waypoint.directory import selectors, services
from waypoint.directory.choices import (
    DeclineReason,
    ServiceCodeField,
    ServiceReferralStatus,
    ServiceType,
)
from waypoint.directory.selectors import ReferralFilter, ServiceFilter
from waypoint.directory.services.catalogue import service_get_manageable
from waypoint.people.choices import Gender
from waypoint.referrals import selectors as nrm_selectors


class ProviderRef(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class ServiceOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    organisation = ProviderRef()
    description = serializers.CharField()
    area = serializers.CharField()
    country = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    hours = serializers.CharField()
    is_open_all_hours = serializers.BooleanField()
    accepts_urgent = serializers.BooleanField()
    min_age = serializers.IntegerField(allow_null=True)
    max_age = serializers.IntegerField(allow_null=True)
    capacity_total = serializers.IntegerField(allow_null=True)
    capacity_available = serializers.IntegerField(allow_null=True)
    languages = serializers.SerializerMethodField()
    sexes = serializers.SerializerMethodField()
    exploitation_types = serializers.SerializerMethodField()
    is_active = serializers.BooleanField()
    version = serializers.IntegerField()

    def _codes(self, service, field) -> list[str]:
        return sorted(code.code for code in service.codes.all() if code.field == field)

    def get_languages(self, service) -> list[str]:
        return self._codes(service, ServiceCodeField.LANGUAGE)

    def get_sexes(self, service) -> list[str]:
        return self._codes(service, ServiceCodeField.SEX)

    def get_exploitation_types(self, service) -> list[str]:
        return self._codes(service, ServiceCodeField.EXPLOITATION_TYPE)


class ServiceInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    description = serializers.CharField(
        max_length=2000, required=False, default="", allow_blank=True
    )
    area = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    contact_phone = serializers.CharField(
        max_length=40, required=False, default="", allow_blank=True
    )
    contact_email = serializers.EmailField(required=False, default="", allow_blank=True)
    hours = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    is_open_all_hours = serializers.BooleanField(default=False)
    accepts_urgent = serializers.BooleanField(default=False)
    min_age = serializers.IntegerField(required=False, allow_null=True, default=None)
    max_age = serializers.IntegerField(required=False, allow_null=True, default=None)
    capacity_total = serializers.IntegerField(required=False, allow_null=True, default=None)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, default=list
    )
    sexes = serializers.ListField(
        child=serializers.ChoiceField(choices=Gender.choices), required=False, default=list
    )
    exploitation_types = serializers.ListField(
        child=serializers.ChoiceField(choices=TypeOfExploitation.choices),
        required=False,
        default=list,
    )
    is_active = serializers.BooleanField(default=True)


class ServiceUpdateInput(ServiceInput):
    version = serializers.IntegerField(
        help_text="The version you started from (optimistic concurrency)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class AvailabilityInput(serializers.Serializer):
    capacity_available = serializers.IntegerField(min_value=0)


CODE_FIELDS = {
    "languages": ServiceCodeField.LANGUAGE,
    "sexes": ServiceCodeField.SEX,
    "exploitation_types": ServiceCodeField.EXPLOITATION_TYPE,
}


def _split(data: dict) -> tuple[dict, dict]:
    values = {
        key: value for key, value in data.items() if key not in CODE_FIELDS and key != "version"
    }
    codes = {CODE_FIELDS[key]: value for key, value in data.items() if key in CODE_FIELDS}
    return values, codes


class ServiceListApi(ApiView):
    pagination_class = PageNumberPagination
    required_permissions = (Perm.SERVICE_DIRECTORY_VIEW,)

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("service_type", str, enum=ServiceType.values),
            OpenApiParameter("language", str, description="ISO 639 code"),
            OpenApiParameter("area", str),
            OpenApiParameter("sex", str, enum=Gender.values),
            OpenApiParameter("age", int),
            OpenApiParameter("exploitation_type", str, enum=TypeOfExploitation.values),
            OpenApiParameter("has_free_places", bool),
            OpenApiParameter("takes_urgent", bool),
            OpenApiParameter("sort", str, enum=sorted(selectors.SERVICE_SORTS)),
        ],
        responses={200: ServiceOutput(many=True), **error_responses(401, 403)},
        operation_id="directory_services_list",
    )
    def get(self, request):
        """The directory, with live free places."""
        params = request.query_params
        age = params.get("age", "")
        filters = ServiceFilter(
            search=params.get("search", "")[:100],
            service_type=params.get("service_type", ""),
            language=params.get("language", "")[:3],
            area=params.get("area", "")[:120],
            sex=params.get("sex", ""),
            age=int(age) if age.isdigit() else None,
            exploitation_type=params.get("exploitation_type", ""),
            has_free_places=params.get("has_free_places") in ("1", "true"),
            takes_urgent=params.get("takes_urgent") in ("1", "true"),
            sort=params.get("sort", "name"),
        )
        queryset = selectors.service_search(actor=self.actor, filters=filters)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(ServiceOutput(page, many=True).data)

    @extend_schema(
        request=ServiceInput,
        responses={201: ServiceOutput, **error_responses(400, 401, 403)},
        operation_id="directory_services_create",
    )
    def post(self, request):
        """Add a service your organisation offers (org admins and service providers)."""
        require(self.actor, Perm.SERVICE_MANAGE)
        serializer = ServiceInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        values, codes = _split(serializer.validated_data)
        service = services.service_create(actor=self.actor, values=values, codes=codes)
        return Response(ServiceOutput(service).data, status=status.HTTP_201_CREATED)


class ServiceDetailApi(ApiView):
    required_permissions = (Perm.SERVICE_DIRECTORY_VIEW,)

    @extend_schema(
        responses={200: ServiceOutput, **error_responses(401, 403, 404)},
        operation_id="directory_services_retrieve",
    )
    def get(self, request, public_id):
        return Response(
            ServiceOutput(selectors.service_get(actor=self.actor, public_id=public_id)).data
        )

    @extend_schema(
        request=ServiceUpdateInput,
        responses={200: ServiceOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="directory_services_update",
    )
    def patch(self, request, public_id):
        """Change a service of your organisation (send the version you started from)."""
        require(self.actor, Perm.SERVICE_MANAGE)
        service = service_get_manageable(actor=self.actor, public_id=public_id)
        serializer = ServiceUpdateInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        provided = {
            key: value for key, value in serializer.validated_data.items() if key in request.data
        }
        values, codes = _split(provided)
        service = services.service_update(
            actor=self.actor,
            service=service,
            values=values,
            codes=codes,
            expected_version=serializer.validated_data.get("version"),
        )
        return Response(
            ServiceOutput(selectors.service_get(actor=self.actor, public_id=service.public_id)).data
        )


class AvailabilityApi(ApiView):
    required_permissions = (Perm.SERVICE_MANAGE,)

    @extend_schema(
        request=AvailabilityInput,
        responses={200: ServiceOutput, **error_responses(400, 401, 403, 404)},
        operation_id="directory_services_availability",
    )
    def post(self, request, public_id):
        """Say how many places are free right now."""
        service = service_get_manageable(actor=self.actor, public_id=public_id)
        serializer = AvailabilityInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        service = services.service_availability_set(
            actor=self.actor,
            service=service,
            available=serializer.validated_data["capacity_available"],
        )
        return Response(ServiceOutput(service).data)


class ServiceReferralOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    service = serializers.UUIDField(source="service.public_id")
    service_name = serializers.CharField(source="service.name")
    provider = ProviderRef(source="service.organisation")
    case_reference = serializers.CharField(source="case.reference")
    referring_organisation = ProviderRef()
    status = serializers.ChoiceField(choices=ServiceReferralStatus.choices)
    is_urgent = serializers.BooleanField()
    answer_due_on = serializers.DateField(source="response_timer.due_on", allow_null=True)
    is_answer_overdue = serializers.BooleanField(
        source="response_timer.is_breached", allow_null=True
    )
    decline_reason = serializers.CharField()
    holds_place = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    responded_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)


class ServiceReferralDetailOutput(ServiceReferralOutput):
    case = serializers.UUIDField(allow_null=True)
    needs = serializers.CharField(allow_null=True)
    available_steps = serializers.ListField(child=serializers.CharField())


class ServiceReferralInput(serializers.Serializer):
    service = serializers.UUIDField()
    case_person = serializers.UUIDField()
    needs = serializers.CharField(max_length=2000)
    is_urgent = serializers.BooleanField(default=False)


class ServiceReferralStepInput(serializers.Serializer):
    step = serializers.ChoiceField(choices=["accept", "decline", "complete", "cancel"])
    decline_reason = serializers.ChoiceField(
        choices=DeclineReason.choices, required=False, default="", allow_blank=True
    )
    reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    expected_status = serializers.ChoiceField(
        choices=ServiceReferralStatus.choices, required=False, default="", allow_blank=True
    )


def _detail(actor, referral) -> dict:
    view = selectors.service_referral_view(actor=actor, referral=referral)
    data = dict(ServiceReferralOutput(referral).data)
    data["case"] = str(referral.case.public_id) if view.can_see_needs else None
    data["needs"] = referral.needs if view.can_see_needs else None
    data["available_steps"] = [step.name for step in view.actions]
    return data


def _require_any(actor) -> None:
    if not (actor.can(Perm.SERVICE_REFERRAL_CREATE) or actor.can(Perm.SERVICE_REFERRAL_RESPOND)):
        require(actor, Perm.SERVICE_REFERRAL_RESPOND)


class ServiceReferralListApi(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("direction", str, enum=["incoming", "outgoing"]),
            OpenApiParameter("status", str, enum=ServiceReferralStatus.values),
            OpenApiParameter("urgent", bool),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("search", str),
            OpenApiParameter("sort", str, enum=sorted(selectors.REFERRAL_SORTS)),
        ],
        responses={200: ServiceReferralOutput(many=True), **error_responses(401, 403)},
        operation_id="directory_referrals_list",
    )
    def get(self, request):
        """Referrals to your organisation's services, and those your organisation made."""
        _require_any(self.actor)
        params = request.query_params
        filters = ReferralFilter(
            direction=params.get("direction", ""),
            status=params.get("status", ""),
            urgent=params.get("urgent") in ("1", "true"),
            overdue=params.get("overdue") in ("1", "true"),
            search=params.get("search", "")[:100],
            sort=params.get("sort", "-created"),
        )
        queryset = selectors.service_referral_list(actor=self.actor, filters=filters)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(ServiceReferralOutput(page, many=True).data)

    @extend_schema(
        request=ServiceReferralInput,
        responses={201: ServiceReferralDetailOutput, **error_responses(400, 401, 403, 404)},
        operation_id="directory_referrals_create",
    )
    def post(self, request):
        """Refer a person to a service (``is_urgent``: tonight). Needs consent to share with the
        provider for an adult; a refusal says why."""
        require(self.actor, Perm.SERVICE_REFERRAL_CREATE)
        serializer = ServiceReferralInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        service = selectors.service_get(actor=self.actor, public_id=data["service"])
        victim = nrm_selectors.victim_get(actor=self.actor, public_id=data["case_person"])
        referral = services.service_referral_create(
            actor=self.actor,
            service=service,
            case_person=victim,
            needs=data["needs"],
            is_urgent=data["is_urgent"],
        )
        referral = selectors.service_referral_get(actor=self.actor, public_id=referral.public_id)
        return Response(_detail(self.actor, referral), status=status.HTTP_201_CREATED)


class ServiceReferralDetailApi(ApiView):
    @extend_schema(
        responses={200: ServiceReferralDetailOutput, **error_responses(401, 403, 404)},
        operation_id="directory_referrals_retrieve",
    )
    def get(self, request, public_id):
        _require_any(self.actor)
        referral = selectors.service_referral_get(actor=self.actor, public_id=public_id)
        return Response(_detail(self.actor, referral))


class ServiceReferralStepApi(ApiView):
    @extend_schema(
        request=ServiceReferralStepInput,
        responses={200: ServiceReferralDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="directory_referrals_step",
    )
    def post(self, request, public_id):
        """Accept (takes a place), decline with a reason, complete (gives the place back), cancel."""
        _require_any(self.actor)
        referral = selectors.service_referral_get(actor=self.actor, public_id=public_id)
        serializer = ServiceReferralStepInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.service_referral_step(
            actor=self.actor,
            referral=referral,
            name=data["step"],
            reason=data["reason"],
            decline_reason=data["decline_reason"],
            expected_status=data["expected_status"] or None,
        )
        referral = selectors.service_referral_get(actor=self.actor, public_id=public_id)
        return Response(_detail(self.actor, referral))
