"""API for the signed-in person, organisations, memberships, invitations and personal tokens."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from waypoint.access.roles import Perm, Role
from waypoint.accounts import selectors, services
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import User
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.views import ApiView, error_responses


class OrganisationOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    org_type = serializers.ChoiceField(choices=OrganisationType.choices)
    country = serializers.CharField()
    city = serializers.CharField()
    street = serializers.CharField()
    postal_code = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    is_active = serializers.BooleanField()


class OrganisationInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    org_type = serializers.ChoiceField(choices=OrganisationType.choices)
    country = serializers.CharField(max_length=2)
    city = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    street = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    postal_code = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    email = serializers.EmailField(required=False, default="", allow_blank=True)


class OrganisationUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    org_type = serializers.ChoiceField(choices=OrganisationType.choices, required=False)
    country = serializers.CharField(max_length=2, required=False)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class MembershipOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    user = serializers.UUIDField(source="user.public_id")
    username = serializers.CharField(source="user.username")
    organisation = serializers.UUIDField(source="organisation.public_id")
    organisation_name = serializers.CharField(source="organisation.name")
    role = serializers.ChoiceField(choices=Role.choices)
    is_active = serializers.BooleanField()


class MembershipInput(serializers.Serializer):
    user = serializers.UUIDField()
    organisation = serializers.UUIDField()
    role = serializers.ChoiceField(choices=Role.choices)


class MeOutput(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    organisation = OrganisationOutput(allow_null=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    permissions = serializers.ListField(child=serializers.CharField())
    memberships = serializers.ListField(child=serializers.DictField())


class InvitationInput(serializers.Serializer):
    organisation = serializers.UUIDField()
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)


class InvitationOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    organisation = serializers.UUIDField(source="organisation.public_id")
    email = serializers.EmailField()
    role = serializers.CharField()
    expires_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


class TokenOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    prefix = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


class TokenIssued(TokenOutput):
    token = serializers.CharField(
        help_text="Shown once. Store it safely; it cannot be shown again."
    )


class TokenInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)


class MeApi(ApiView):
    @extend_schema(responses={200: MeOutput, **error_responses(401)}, operation_id="me")
    def get(self, request):
        """Who you are, the organisation you act for, your roles and permissions there."""
        from waypoint.access.session import active_memberships

        actor = self.actor
        memberships = [
            {
                "organisation": str(organisation.public_id),
                "organisation_name": organisation.name,
                "role": role,
            }
            for organisation, role in active_memberships(actor.user)
        ]
        data = {
            "id": actor.user.public_id,
            "username": actor.user.username,
            "display_name": actor.user.display_name,
            "organisation": actor.organisation,
            "roles": sorted(actor.roles),
            "permissions": sorted(actor.permissions),
            "memberships": memberships,
        }
        return Response(MeOutput(data).data)


class OrganisationListApi(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the name or city."),
            OpenApiParameter("org_type", str, enum=OrganisationType.values),
            OpenApiParameter("country", str, description="ISO 3166 two-letter code."),
        ],
        responses={200: OrganisationOutput(many=True), **error_responses(401)},
        operation_id="organisations_list",
    )
    def get(self, request):
        """Every organisation taking part (the directory of referral partners)."""
        queryset = selectors.organisation_list(
            actor=self.actor,
            search=request.query_params.get("search", "")[:100],
            org_type=request.query_params.get("org_type", ""),
            country=request.query_params.get("country", ""),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(OrganisationOutput(page, many=True).data)

    @extend_schema(
        request=OrganisationInput,
        responses={201: OrganisationOutput, **error_responses(400, 401, 403)},
        operation_id="organisations_create",
    )
    def post(self, request):
        """Create an organisation (system administrators)."""
        from waypoint.access.checks import require

        require(self.actor, Perm.ORGANISATION_MANAGE)
        serializer = OrganisationInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = services.organisation_create(actor=self.actor, **serializer.validated_data)
        return Response(OrganisationOutput(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetailApi(ApiView):
    @extend_schema(
        responses={200: OrganisationOutput, **error_responses(401, 404)},
        operation_id="organisations_retrieve",
    )
    def get(self, request, public_id):
        organisation = selectors.organisation_get(actor=self.actor, public_id=public_id)
        return Response(OrganisationOutput(organisation).data)

    @extend_schema(
        request=OrganisationUpdateInput,
        responses={200: OrganisationOutput, **error_responses(400, 401, 403, 404)},
        operation_id="organisations_update",
    )
    def patch(self, request, public_id):
        """Change details: system administrators for any organisation, org admins for their own."""
        organisation = selectors.organisation_get_manageable(actor=self.actor, public_id=public_id)
        serializer = OrganisationUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = services.organisation_update(
            actor=self.actor, organisation=organisation, changes=dict(serializer.validated_data)
        )
        return Response(OrganisationOutput(organisation).data)


class MembershipListApi(ApiView):
    required_permissions = (Perm.MEMBERSHIP_MANAGE,)
    pagination_class = PageNumberPagination

    @extend_schema(
        responses={200: MembershipOutput(many=True), **error_responses(401, 403)},
        operation_id="memberships_list",
    )
    def get(self, request):
        """Memberships of the organisations you manage."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.membership_list(actor=self.actor), request, view=self
        )
        return paginator.get_paginated_response(MembershipOutput(page, many=True).data)

    @extend_schema(
        request=MembershipInput,
        responses={201: MembershipOutput, **error_responses(400, 401, 403, 404)},
        operation_id="memberships_create",
    )
    def post(self, request):
        """Give an existing person a role in an organisation you manage."""
        serializer = MembershipInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = selectors.organisation_get_manageable(
            actor=self.actor, public_id=serializer.validated_data["organisation"]
        )
        user = User.objects.filter(
            public_id=serializer.validated_data["user"], is_active=True
        ).first()
        if user is None:
            from waypoint.common.errors import ValidationFailed

            raise ValidationFailed(
                "Unknown person.", fields={"user": ["No active person has this id."]}
            )
        membership = services.membership_add(
            actor=self.actor,
            user=user,
            organisation=organisation,
            role=serializer.validated_data["role"],
        )
        return Response(MembershipOutput(membership).data, status=status.HTTP_201_CREATED)


class MembershipDetailApi(ApiView):
    required_permissions = (Perm.MEMBERSHIP_MANAGE,)

    @extend_schema(
        responses={200: MembershipOutput, **error_responses(401, 403, 404)},
        operation_id="memberships_retrieve",
    )
    def get(self, request, public_id):
        return Response(
            MembershipOutput(selectors.membership_get(actor=self.actor, public_id=public_id)).data
        )

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)}, operation_id="memberships_end"
    )
    def delete(self, request, public_id):
        """End a membership: the person loses the role at once."""
        membership = selectors.membership_get(actor=self.actor, public_id=public_id)
        services.membership_end(actor=self.actor, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationListApi(ApiView):
    required_permissions = (Perm.MEMBERSHIP_MANAGE,)
    pagination_class = PageNumberPagination

    @extend_schema(
        responses={200: InvitationOutput(many=True), **error_responses(401, 403)},
        operation_id="invitations_list",
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.invitation_list(actor=self.actor), request, view=self
        )
        return paginator.get_paginated_response(InvitationOutput(page, many=True).data)

    @extend_schema(
        request=InvitationInput,
        responses={201: InvitationOutput, **error_responses(400, 401, 403, 404)},
        operation_id="invitations_create",
    )
    def post(self, request):
        """Invite someone by e-mail; they choose their user name and password from the link."""
        serializer = InvitationInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = selectors.organisation_get_manageable(
            actor=self.actor, public_id=serializer.validated_data["organisation"]
        )
        template = request.build_absolute_uri(reverse("accounts:invitation_accept", args=["TOKEN"]))
        invitation, _token = services.invitation_create(
            actor=self.actor,
            organisation=organisation,
            email=serializer.validated_data["email"],
            role=serializer.validated_data["role"],
            accept_url_template=template.replace("TOKEN", "{token}"),
        )
        return Response(InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)


class InvitationDetailApi(ApiView):
    required_permissions = (Perm.MEMBERSHIP_MANAGE,)

    @extend_schema(
        responses={204: None, **error_responses(401, 403, 404)}, operation_id="invitations_revoke"
    )
    def delete(self, request, public_id):
        invitation = selectors.invitation_get(actor=self.actor, public_id=public_id)
        services.invitation_revoke(actor=self.actor, invitation=invitation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenListApi(ApiView):
    required_permissions = (Perm.API_TOKEN_MANAGE,)

    @extend_schema(
        responses={200: TokenOutput(many=True), **error_responses(401)},
        operation_id="api_tokens_list",
    )
    def get(self, request):
        """Your own personal API tokens (never the token itself)."""
        return Response(TokenOutput(selectors.api_token_list(actor=self.actor), many=True).data)

    @extend_schema(
        request=TokenInput,
        responses={201: TokenIssued, **error_responses(400, 401)},
        operation_id="api_tokens_create",
    )
    def post(self, request):
        """Issue a new personal token; the response carries it once."""
        serializer = TokenInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, raw = services.api_token_issue(
            actor=self.actor, user=self.actor.user, name=serializer.validated_data["name"]
        )
        data = dict(TokenOutput(token).data)
        data["token"] = raw
        return Response(data, status=status.HTTP_201_CREATED)


class ApiTokenDetailApi(ApiView):
    required_permissions = (Perm.API_TOKEN_MANAGE,)

    @extend_schema(
        responses={204: None, **error_responses(401, 404)}, operation_id="api_tokens_revoke"
    )
    def delete(self, request, public_id):
        token = selectors.api_token_get(actor=self.actor, public_id=public_id)
        services.api_token_revoke(actor=self.actor, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
