"""API of organised-crime groups, statutes, and (for case workers) victims linked as witnesses."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.views import ApiView, error_responses
from waypoint.enforcement import selectors, services
from waypoint.enforcement.api import serializers as s
from waypoint.enforcement.api.common import one, version_of


def _group(actor, group) -> dict:
    return s.GroupDetailOutput(
        {
            "public_id": group.public_id,
            "reference": group.reference,
            "name": group.name,
            "description": group.description,
            "investigating_agency": group.investigating_agency,
            "version": group.version,
            "members": selectors.group_members(actor=actor, group=group),
        }
    ).data


class GroupListApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_VIEW,)
    pagination_class = PageNumberPagination

    @extend_schema(
        responses={200: s.GroupOutput(many=True), **error_responses(401, 403)},
        operation_id="criminal_groups_list",
    )
    def get(self, request):
        """Organised-crime groups of your agency, and groups with members in cases you see."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.group_list(actor=self.actor), request, view=self
        )
        return paginator.get_paginated_response(s.GroupOutput(page, many=True).data)

    @extend_schema(
        request=s.GroupInput,
        responses={201: s.GroupDetailOutput, **error_responses(400, 401, 403)},
        operation_id="criminal_groups_create",
    )
    def post(self, request):
        serializer = s.GroupInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        group = services.criminal_group_create(actor=self.actor, **serializer.validated_data)
        return Response(_group(self.actor, group), status=status.HTTP_201_CREATED)


class GroupDetailApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_VIEW,)

    @extend_schema(
        responses={200: s.GroupDetailOutput, **error_responses(401, 403, 404)},
        operation_id="criminal_groups_retrieve",
    )
    def get(self, request, public_id):
        group = selectors.group_get(actor=self.actor, public_id=public_id)
        return Response(_group(self.actor, group))

    @extend_schema(
        request=s.GroupUpdateInput,
        responses={200: s.GroupDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="criminal_groups_update",
    )
    def patch(self, request, public_id):
        group = selectors.group_get(actor=self.actor, public_id=public_id)
        serializer = s.GroupUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = version_of(changes)
        group = services.criminal_group_update(
            actor=self.actor, group=group, changes=changes, expected_version=version
        )
        return Response(_group(self.actor, group))


class GroupMemberListApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_MANAGE,)

    @extend_schema(
        request=s.GroupMemberInput,
        responses={201: s.GroupDetailOutput, **error_responses(400, 401, 403, 404)},
        operation_id="criminal_groups_members_add",
    )
    def post(self, request, public_id):
        group = selectors.group_get(actor=self.actor, public_id=public_id)
        serializer = s.GroupMemberInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        suspect = one(
            selectors.manageable_suspects(actor=self.actor),
            serializer.validated_data["suspect"],
            "suspect",
        )
        services.criminal_group_add_member(actor=self.actor, group=group, suspect=suspect)
        return Response(_group(self.actor, group), status=status.HTTP_201_CREATED)


class GroupMemberDetailApi(ApiView):
    required_permissions = (Perm.INVESTIGATION_MANAGE,)

    @extend_schema(
        responses={204: None, **error_responses(401, 403, 404)},
        operation_id="criminal_groups_members_remove",
    )
    def delete(self, request, public_id, suspect_id):
        group = selectors.group_get(actor=self.actor, public_id=public_id)
        suspect = selectors.suspect_in_group(actor=self.actor, group=group, public_id=suspect_id)
        services.criminal_group_remove_member(actor=self.actor, group=group, suspect=suspect)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StatuteListApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("country", str, description="ISO 3166 two-letter code."),
            OpenApiParameter("include_inactive", bool),
        ],
        responses={200: s.StatuteOutput(many=True), **error_responses(401)},
        operation_id="statutes_list",
    )
    def get(self, request):
        """Each country's trafficking offences (public law)."""
        statutes = selectors.statute_list(
            actor=self.actor,
            country=request.query_params.get("country", "")[:2],
            include_inactive=request.query_params.get("include_inactive") in ("1", "true"),
        )
        return Response(s.StatuteOutput(statutes, many=True).data)

    @extend_schema(
        request=s.StatuteInput,
        responses={201: s.StatuteOutput, **error_responses(400, 401, 403)},
        operation_id="statutes_create",
    )
    def post(self, request):
        """Add a statute (system administrators)."""
        serializer = s.StatuteInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        statute = services.statute_create(actor=self.actor, values=serializer.validated_data)
        return Response(s.StatuteOutput(statute).data, status=status.HTTP_201_CREATED)


class StatuteDetailApi(ApiView):
    @extend_schema(
        responses={200: s.StatuteOutput, **error_responses(401, 404)},
        operation_id="statutes_retrieve",
    )
    def get(self, request, public_id):
        return Response(
            s.StatuteOutput(selectors.statute_get(actor=self.actor, public_id=public_id)).data
        )

    @extend_schema(
        request=s.StatuteUpdateInput,
        responses={200: s.StatuteOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="statutes_update",
    )
    def patch(self, request, public_id):
        """Correct, confirm or retire a statute (system administrators)."""
        statute = selectors.statute_get(actor=self.actor, public_id=public_id)
        serializer = s.StatuteUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = version_of(changes)
        statute = services.statute_update(
            actor=self.actor, statute=statute, changes=changes, expected_version=version
        )
        return Response(s.StatuteOutput(statute).data)


class WitnessLinkListApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)
    pagination_class = PageNumberPagination

    @extend_schema(
        responses={200: s.WitnessLinkOutput(many=True), **error_responses(401, 403)},
        operation_id="witness_links_list",
    )
    def get(self, request):
        """Victims of your support cases linked to criminal cases (the support side)."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.witness_links(actor=self.actor), request, view=self
        )
        return paginator.get_paginated_response(s.WitnessLinkOutput(page, many=True).data)

    @extend_schema(
        request=s.WitnessLinkInput,
        responses={201: s.WitnessLinkOutput, **error_responses(400, 401, 403, 404)},
        operation_id="witness_links_create",
    )
    def post(self, request):
        """Link a victim of your case to a criminal case as a pseudonymous witness, on the
        victim's consent to share with the investigating agency."""
        serializer = s.WitnessLinkInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case_person = selectors.victim_get(actor=self.actor, public_id=data["case_person"])
        consent = one(
            selectors.sharing_consents(actor=self.actor, persons=[case_person.person]),
            data["consent"],
            "consent",
        )
        participation = services.witness_link_create(
            actor=self.actor,
            case_person=case_person,
            investigation_reference=data["investigation_reference"],
            consent=consent,
            shared_facts=data["shared_facts"],
        )
        link = selectors.witness_link_get(actor=self.actor, public_id=participation.public_id)
        return Response(s.WitnessLinkOutput(link).data, status=status.HTTP_201_CREATED)


class WitnessLinkDetailApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)

    @extend_schema(
        responses={200: s.WitnessLinkOutput, **error_responses(401, 403, 404)},
        operation_id="witness_links_retrieve",
    )
    def get(self, request, public_id):
        link = selectors.witness_link_get(actor=self.actor, public_id=public_id)
        return Response(s.WitnessLinkOutput(link).data)

    @extend_schema(
        request=s.WitnessFactsInput,
        responses={200: s.WitnessLinkOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="witness_links_update",
    )
    def patch(self, request, public_id):
        """Choose again which facts are shared."""
        link = selectors.witness_link_get(actor=self.actor, public_id=public_id)
        serializer = s.WitnessFactsInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.witness_facts_update(
            actor=self.actor,
            participation=link,
            shared_facts=serializer.validated_data["shared_facts"],
            expected_version=serializer.validated_data["version"],
        )
        link = selectors.witness_link_get(actor=self.actor, public_id=public_id)
        return Response(s.WitnessLinkOutput(link).data)

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)},
        operation_id="witness_links_end",
    )
    def delete(self, request, public_id):
        """End the link: law enforcement no longer sees the witness."""
        link = selectors.witness_link_get(actor=self.actor, public_id=public_id)
        services.witness_link_end(actor=self.actor, participation=link)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WitnessShareApi(ApiView):
    required_permissions = (Perm.CASE_EDIT,)

    @extend_schema(
        request=s.WitnessShareInput,
        responses={201: s.WitnessLinkOutput, **error_responses(400, 401, 403, 404)},
        operation_id="witness_links_share",
    )
    def post(self, request, public_id):
        """Let a prosecution service working on the criminal case see the shared facts too."""
        link = selectors.witness_link_get(actor=self.actor, public_id=public_id)
        serializer = s.WitnessShareInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = one(
            selectors.sharing_consents(actor=self.actor, persons=[link.case_person.person]),
            serializer.validated_data["consent"],
            "consent",
        )
        services.witness_share_add(actor=self.actor, participation=link, consent=consent)
        link = selectors.witness_link_get(actor=self.actor, public_id=public_id)
        return Response(s.WitnessLinkOutput(link).data, status=status.HTTP_201_CREATED)
