"""API of investigations: criminal cases, suspects, witnesses (as codes), hand-overs, timeline."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from waypoint.access.roles import Perm, Role
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.views import ApiView, error_responses
from waypoint.enforcement import selectors, services
from waypoint.enforcement.api import serializers as s
from waypoint.enforcement.api.common import many, one, version_of
from waypoint.enforcement.choices import (
    InvestigationStatus,
    OfficialAgencyType,
    ProsecutionStatus,
    TypeOfExploitation,
)
from waypoint.enforcement.selectors import CriminalCaseFilter

LIST_PARAMETERS = [
    OpenApiParameter("search", str, description="Reference, file number, witness code, statute."),
    OpenApiParameter("status", str, enum=InvestigationStatus.values),
    OpenApiParameter("prosecution_status", str, enum=ProsecutionStatus.values),
    OpenApiParameter("agency", str, description="Investigating agency id."),
    OpenApiParameter("statute", str, description="Statute id (offence or charge)."),
    OpenApiParameter("exploitation_form", str, enum=TypeOfExploitation.values),
    OpenApiParameter("opened_from", str, description="YYYY-MM-DD"),
    OpenApiParameter("opened_to", str, description="YYYY-MM-DD"),
    OpenApiParameter("charged_from", str, description="YYYY-MM-DD"),
    OpenApiParameter("charged_to", str, description="YYYY-MM-DD"),
    OpenApiParameter(
        "complicity", bool, description="Only cases with a public official suspected."
    ),
    OpenApiParameter("official_agency_type", str, enum=OfficialAgencyType.values),
    OpenApiParameter("sort", str, enum=sorted(selectors.SORTS)),
]


def _filters(params) -> CriminalCaseFilter:
    query = s.CriminalCaseQuery(data=params)
    query.is_valid(raise_exception=True)
    data = dict(query.validated_data)
    for name in ("agency", "statute"):
        data[name] = str(data[name]) if data[name] else ""
    return CriminalCaseFilter(**data)


def _detail(actor, investigation) -> dict:
    view = selectors.criminal_case_view(actor=actor, investigation=investigation)
    return s.InvestigationOutput(investigation, context={"view": view}).data


def _lead(actor, public_id):
    return one(
        selectors.colleagues_with_role(actor=actor, role=Role.INVESTIGATOR),
        public_id,
        "lead_investigator",
    )


class CriminalCaseListApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_VIEW,)
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=LIST_PARAMETERS,
        responses={200: s.InvestigationListOutput(many=True), **error_responses(400, 401, 403)},
        operation_id="criminal_cases_list",
    )
    def get(self, request):
        """Criminal cases you may see (investigations with their prosecutions), filtered."""
        queryset = selectors.criminal_case_list(
            actor=self.actor, filters=_filters(request.query_params)
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(s.InvestigationListOutput(page, many=True).data)

    @extend_schema(
        request=s.InvestigationInput,
        responses={201: s.InvestigationOutput, **error_responses(400, 401, 403)},
        operation_id="criminal_cases_create",
    )
    def post(self, request):
        """Open an investigation for your agency (investigators)."""
        serializer = s.InvestigationInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        investigation = services.investigation_open(
            actor=self.actor,
            opened_on=data["opened_on"],
            exploitation_forms=data["exploitation_forms"],
            offences=many(selectors.statute_list(actor=self.actor), data["offences"], "offences"),
            summary=data["summary"],
            external_reference=data["external_reference"],
            lead_investigator=_lead(self.actor, data["lead_investigator"]),
        )
        return Response(_detail(self.actor, investigation), status=status.HTTP_201_CREATED)


class CriminalCaseDetailApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_VIEW,)

    @extend_schema(
        responses={200: s.InvestigationOutput, **error_responses(401, 403, 404)},
        operation_id="criminal_cases_retrieve",
    )
    def get(self, request, public_id):
        """One criminal case: suspects (an audited read), witnesses as codes, prosecutions."""
        investigation = selectors.investigation_get(actor=self.actor, public_id=public_id)
        return Response(_detail(self.actor, investigation))

    @extend_schema(
        request=s.InvestigationUpdateInput,
        responses={200: s.InvestigationOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="criminal_cases_update",
    )
    def patch(self, request, public_id):
        investigation = selectors.investigation_get(actor=self.actor, public_id=public_id)
        serializer = s.InvestigationUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = version_of(changes)
        if "offences" in changes:
            changes["offences"] = many(
                selectors.statute_list(actor=self.actor), changes["offences"], "offences"
            )
        if "lead_investigator" in changes:
            changes["lead_investigator"] = _lead(self.actor, changes["lead_investigator"])
        investigation = services.investigation_update(
            actor=self.actor, investigation=investigation, changes=changes, expected_version=version
        )
        return Response(_detail(self.actor, investigation))


class CriminalCaseCloseApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_MANAGE,)

    @extend_schema(
        request=s.InvestigationCloseInput,
        responses={200: s.InvestigationOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="criminal_cases_close",
    )
    def post(self, request, public_id):
        investigation = selectors.investigation_get(actor=self.actor, public_id=public_id)
        serializer = s.InvestigationCloseInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        investigation = services.investigation_close(
            actor=self.actor,
            investigation=investigation,
            closure_reason=data["closure_reason"],
            closed_on=data["closed_on"],
            expected_version=data["version"],
        )
        return Response(_detail(self.actor, investigation))


class CriminalCaseReopenApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_MANAGE,)

    @extend_schema(
        request=s.InvestigationVersionInput,
        responses={200: s.InvestigationOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="criminal_cases_reopen",
    )
    def post(self, request, public_id):
        investigation = selectors.investigation_get(actor=self.actor, public_id=public_id)
        serializer = s.InvestigationVersionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        investigation = services.investigation_reopen(
            actor=self.actor,
            investigation=investigation,
            expected_version=serializer.validated_data["version"],
        )
        return Response(_detail(self.actor, investigation))


class HandoverApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_MANAGE,)

    @extend_schema(
        request=s.HandoverInput,
        responses={201: s.InvestigationOutput, **error_responses(400, 401, 403, 404)},
        operation_id="criminal_cases_hand_over",
    )
    def post(self, request, public_id):
        """Hand the file to a prosecution service; its prosecutors then see the case."""
        investigation = selectors.investigation_get(actor=self.actor, public_id=public_id)
        serializer = s.HandoverInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.investigation_hand_over(
            actor=self.actor,
            investigation=investigation,
            organisation=one(
                selectors.prosecution_services(actor=self.actor),
                data["organisation"],
                "organisation",
            ),
            handed_on=data["handed_on"],
        )
        return Response(_detail(self.actor, investigation), status=status.HTTP_201_CREATED)


class TimelineApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_VIEW,)

    @extend_schema(
        responses={200: s.CriminalTimelineOutput(many=True), **error_responses(401, 403, 404)},
        operation_id="criminal_cases_timeline",
    )
    def get(self, request, public_id):
        """The criminal case from investigation to payments, oldest first."""
        investigation = selectors.investigation_get(actor=self.actor, public_id=public_id)
        entries = selectors.timeline_read(actor=self.actor, investigation=investigation)
        return Response(s.CriminalTimelineOutput(entries, many=True).data)


def _person_values(data) -> dict:
    person = dict(data.get("person") or {})
    for name in ("first_name", "second_name", "identity_number"):
        if name in person:
            person[name] = person[name] or None
    return person


def _context_values(data) -> dict:
    return {
        name: data[name]
        for name in (
            "role_details",
            "identified_on",
            "arrested_on",
            "is_public_official",
            "official_agency_type",
        )
        if name in data
    }


class SuspectListApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_MANAGE,)

    @extend_schema(
        request=s.SuspectInput,
        responses={201: s.SuspectOutput, **error_responses(400, 401, 403, 404)},
        operation_id="criminal_cases_suspects_create",
    )
    def post(self, request, public_id):
        """Record a suspect: new personal details (encrypted) or the same person as a suspect you
        see in another investigation."""
        investigation = selectors.investigation_get(actor=self.actor, public_id=public_id)
        serializer = s.SuspectInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        existing = None
        if data.get("same_person_as"):
            existing = selectors.suspect_get(actor=self.actor, public_id=data["same_person_as"])
        suspect = services.suspect_add(
            actor=self.actor,
            investigation=investigation,
            person_values=_person_values(data),
            existing_suspect=existing,
            roles=data.get("roles", []),
            values=_context_values(data),
        )
        return Response(s.SuspectOutput(suspect).data, status=status.HTTP_201_CREATED)


class SuspectDetailApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_VIEW,)

    @extend_schema(
        responses={200: s.SuspectOutput, **error_responses(401, 403, 404)},
        operation_id="suspects_retrieve",
    )
    def get(self, request, public_id):
        """A suspect with identifying data (an audited read)."""
        return Response(
            s.SuspectOutput(selectors.suspect_get(actor=self.actor, public_id=public_id)).data
        )

    @extend_schema(
        request=s.SuspectUpdateInput,
        responses={200: s.SuspectOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="suspects_update",
    )
    def patch(self, request, public_id):
        suspect = selectors.suspect_get(actor=self.actor, public_id=public_id)
        serializer = s.SuspectUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        suspect = services.suspect_update(
            actor=self.actor,
            suspect=suspect,
            values=_context_values(data),
            person_changes=_person_values(data),
            roles=data.get("roles"),
            expected_version=data["version"],
        )
        return Response(s.SuspectOutput(suspect).data)


class WitnessDetailApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_VIEW,)

    @extend_schema(
        responses={200: s.WitnessOutput, **error_responses(401, 403, 404)},
        operation_id="witnesses_retrieve",
    )
    def get(self, request, public_id):
        """A victim as a witness: the code, the facts shared with your organisation, their part."""
        _participation, witness = selectors.witness_get(actor=self.actor, public_id=public_id)
        return Response(s.WitnessOutput(witness).data)

    @extend_schema(
        request=s.ProceedingsInput,
        responses={200: s.WitnessOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="witnesses_update",
    )
    def patch(self, request, public_id):
        """Record the witness's part in the proceedings (cooperation, testimony, protection,
        penalties for compelled acts)."""
        participation, _witness = selectors.witness_get(actor=self.actor, public_id=public_id)
        serializer = s.ProceedingsInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = version_of(data)
        measures = data.pop("protective_measures", None)
        services.witness_proceedings_update(
            actor=self.actor,
            participation=participation,
            values=data,
            protective_measures=measures,
            expected_version=version,
        )
        _participation, witness = selectors.witness_get(actor=self.actor, public_id=public_id)
        return Response(s.WitnessOutput(witness).data)
