"""/api/v1/cases/: the case list (same filters as the page), opening, the case with its
need-to-know sections, editing, assigning, closing, reopening, transfers and history."""

from __future__ import annotations

from types import SimpleNamespace

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.cases import Section, can_work_on
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.params import date_param, uuid_param
from waypoint.api.views import ApiView, error_responses
from waypoint.cases import selectors, services
from waypoint.cases.api.common import organisation_or_error, person_or_error, user_or_error
from waypoint.cases.api.serializers import (
    AssignInput,
    CaseDetailOutput,
    CaseOpenInput,
    CaseOutput,
    CaseUpdateInput,
    CloseInput,
    HistoryOutput,
    ReasonInput,
    ReopenInput,
    TransferInput,
    TransferOutput,
)
from waypoint.cases.choices import CaseStatus, TypeOfExploitation
from waypoint.cases.selectors import SORTS, CaseFilter

LIST_PARAMETERS = [
    OpenApiParameter("status", str, enum=CaseStatus.values),
    OpenApiParameter("organisation", str, description="Owning organisation id."),
    OpenApiParameter("exploitation_type", str, enum=TypeOfExploitation.values),
    OpenApiParameter("nationality", str, description="Victim citizenship, ISO 3166."),
    OpenApiParameter("age_band", str),
    OpenApiParameter("assigned_to_me", bool),
    OpenApiParameter("overdue_tasks", bool),
    OpenApiParameter("search", str, description="Reference, organisation, HTCDS code or label."),
    OpenApiParameter("identity_number", str, description="Exact identity number of a person."),
    OpenApiParameter("first_name", str, description="Exact; with second_name and birthdate."),
    OpenApiParameter("second_name", str),
    OpenApiParameter("birthdate", str, description="YYYY-MM-DD"),
    OpenApiParameter("sort", str, enum=list(SORTS)),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int),
]


def _flag(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "on", "yes")


def filters_from(params) -> CaseFilter:
    birthdate = date_param(params, "birthdate")
    return CaseFilter(
        status=params.get("status", "")[:20],
        organisation=uuid_param(params, "organisation"),
        exploitation_type=params.get("exploitation_type", "")[:40],
        nationality=params.get("nationality", "")[:2],
        age_band=params.get("age_band", "")[:8],
        assigned_to_me=_flag(params.get("assigned_to_me")),
        overdue_tasks=_flag(params.get("overdue_tasks")),
        search=params.get("search", "")[:100],
        identity_number=params.get("identity_number", "")[:100],
        first_name=params.get("first_name", "")[:100],
        second_name=params.get("second_name", "")[:100],
        birthdate=birthdate,
        sort=params.get("sort", "-opened") if params.get("sort") in SORTS else "-opened",
    )


def detail_response(actor, case):
    view = selectors.case_view(actor=actor, case=case)
    payload = SimpleNamespace(
        case=view.case,
        sections=sorted(view.sections),
        can_work=can_work_on(actor, case),
        persons=view.persons,
        events=view.events,
        support_plans=view.support_plans,
        notes=view.notes,
        tasks=view.tasks,
        documents=view.documents,
        consents=view.consents,
        referral_details=view.referral_details,
    )
    context = {
        "sections": view.sections,
        "codes": view.codes,
        "identifying": Section.IDENTIFYING in view.sections,
    }
    return CaseDetailOutput(payload, context=context).data


class CaseListApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=LIST_PARAMETERS,
        responses={200: CaseOutput(many=True), **error_responses(400, 401, 403)},
        operation_id="cases_list",
    )
    def get(self, request):
        """Cases in your scope: the same filters, search, sort and paging as the case list page.
        Rows hold no identifying data."""
        queryset = selectors.case_list(actor=self.actor, filters=filters_from(request.query_params))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(CaseOutput(page, many=True).data)

    @extend_schema(
        request=CaseOpenInput,
        responses={201: CaseDetailOutput, **error_responses(400, 401, 403)},
        operation_id="cases_create",
    )
    def post(self, request):
        """Open a case for your organisation with its persons, each in a role."""
        require(self.actor, Perm.CASE_CREATE)
        serializer = CaseOpenInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        persons = [
            (person_or_error(self.actor, item["person"], f"persons[{index}].person"), item["role"])
            for index, item in enumerate(data["persons"])
        ]
        case = services.case_open(
            actor=self.actor,
            persons=persons,
            opened_on=data.get("opened_on"),
            summary=data.get("summary", ""),
            case_owner=user_or_error(None, self.actor, data.get("case_owner"), "case_owner"),
        )
        case = selectors.case_get(actor=self.actor, public_id=case.public_id)
        return Response(detail_response(self.actor, case), status=status.HTTP_201_CREATED)


class CaseDetailApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)

    @extend_schema(
        responses={200: CaseDetailOutput, **error_responses(401, 403, 404)},
        operation_id="cases_retrieve",
    )
    def get(self, request, public_id):
        """The case with only the sections your role and organisation need to know."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        return Response(detail_response(self.actor, case))

    @extend_schema(
        request=CaseUpdateInput,
        responses={200: CaseDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="cases_update",
    )
    def patch(self, request, public_id):
        """Change the summary, registration date or status; 409 when the version is stale."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = CaseUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        services.case_update(actor=self.actor, case=case, changes=changes, expected_version=version)
        return Response(
            detail_response(self.actor, selectors.case_get(actor=self.actor, public_id=public_id))
        )


class CaseAssignApi(ApiView):
    required_permissions = (Perm.CASE_ASSIGN,)

    @extend_schema(
        request=AssignInput,
        responses={200: CaseOutput, **error_responses(400, 401, 403, 404)},
        operation_id="cases_assign",
    )
    def post(self, request, public_id):
        """Make a case worker of the owning organisation responsible (null: nobody)."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = AssignInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_or_error(case, self.actor, serializer.validated_data["user"], "user")
        case = services.case_assign(actor=self.actor, case=case, user=user)
        return Response(CaseOutput(case).data)


class CaseCloseApi(ApiView):
    required_permissions = (Perm.CASE_CLOSE,)

    @extend_schema(
        request=CloseInput,
        responses={200: CaseOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="cases_close",
    )
    def post(self, request, public_id):
        """Close the case with a coded reason (cas_Status Closed or ClosedReferred)."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = CloseInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = services.case_close(
            actor=self.actor,
            case=case,
            closure_reason=data["closure_reason"],
            details=data["details"],
            closed_on=data.get("closed_on"),
            status=data["status"],
            expected_version=data["version"],
        )
        return Response(CaseOutput(case).data)


class CaseReopenApi(ApiView):
    required_permissions = (Perm.CASE_CLOSE,)

    @extend_schema(
        request=ReopenInput,
        responses={200: CaseOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="cases_reopen",
    )
    def post(self, request, public_id):
        """Reopen a closed case (the closure stays in its history)."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = ReopenInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.case_reopen(
            actor=self.actor,
            case=case,
            reason=serializer.validated_data["reason"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(CaseOutput(case).data)


class CaseHistoryApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)
    pagination_class = PageNumberPagination

    @extend_schema(
        responses={200: HistoryOutput(many=True), **error_responses(401, 403, 404)},
        operation_id="cases_history",
    )
    def get(self, request, public_id):
        """Who did what to the case and when (audit events; no identifying values)."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.case_history(actor=self.actor, case=case), request, view=self
        )
        return paginator.get_paginated_response(HistoryOutput(page, many=True).data)


class CaseTransferRequestApi(ApiView):
    required_permissions = (Perm.CASE_TRANSFER,)

    @extend_schema(
        request=TransferInput,
        responses={201: TransferOutput, **error_responses(400, 401, 403, 404)},
        operation_id="cases_transfer_request",
    )
    def post(self, request, public_id):
        """Ask another organisation to take the case over; nothing is shared until it accepts."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = TransferInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_or_error(
            self.actor, serializer.validated_data["to_organisation"], "to_organisation"
        )
        transfer = services.case_transfer_request(
            actor=self.actor,
            case=case,
            to_organisation=organisation,
            reason=serializer.validated_data["reason"],
        )
        return Response(TransferOutput(transfer).data, status=status.HTTP_201_CREATED)


class TransferListApi(ApiView):
    required_permissions = (Perm.CASE_TRANSFER,)

    @extend_schema(
        parameters=[OpenApiParameter("direction", str, enum=["incoming", "outgoing"])],
        responses={200: TransferOutput(many=True), **error_responses(401, 403)},
        operation_id="case_transfers_list",
    )
    def get(self, request):
        """Transfers waiting for your organisation (incoming, the default) or sent by it."""
        if request.query_params.get("direction") == "outgoing":
            transfers = selectors.outgoing_transfers(actor=self.actor)[:200]
        else:
            transfers = selectors.incoming_transfers(actor=self.actor)[:200]
        return Response(TransferOutput(transfers, many=True).data)


class TransferAnswerApi(ApiView):
    required_permissions = (Perm.CASE_TRANSFER,)
    answer = "accept"

    @extend_schema(
        request=ReasonInput,
        responses={200: TransferOutput, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, public_id):
        """Accept (the case becomes yours), decline (with a reason), or cancel (the sender)."""
        transfer = selectors.transfer_get(actor=self.actor, public_id=public_id)
        serializer = ReasonInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        if self.answer == "accept":
            services.case_transfer_accept(actor=self.actor, transfer=transfer)
        elif self.answer == "decline":
            services.case_transfer_decline(
                actor=self.actor, transfer=transfer, reason=serializer.validated_data["reason"]
            )
        else:
            services.case_transfer_cancel(actor=self.actor, transfer=transfer)
        transfer.refresh_from_db()
        return Response(TransferOutput(transfer).data)


class TransferAcceptApi(TransferAnswerApi):
    answer = "accept"


class TransferDeclineApi(TransferAnswerApi):
    answer = "decline"


class TransferCancelApi(TransferAnswerApi):
    answer = "cancel"
