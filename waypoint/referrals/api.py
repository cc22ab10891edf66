"""API of the National Referral Mechanism: referrals and their steps, tracks, my work, breaches,
the country profile and the consent a referral rests on."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from waypoint.access.checks import get_visible
from waypoint.access.roles import Perm
from waypoint.access.scopes.accounts import visible_organisations
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.params import int_param
from waypoint.api.views import ApiView, error_responses
from waypoint.common.errors import NotVisible, ValidationFailed
from waypoint.people.models import ConsentRecord
from waypoint.people.services import consent_record, consent_withdraw
from waypoint.referrals import selectors, services
from waypoint.referrals import serializers as s
from waypoint.referrals.choices import NrmState, TrackKind
from waypoint.referrals.selectors import ReferralFilter
from waypoint.referrals.views.nrm import LIST_PERMISSIONS

ORGANISATION = OpenApiParameter(
    "X-Waypoint-Organisation",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Public id of the organisation to act for (default: your first).",
)


def _require_any(actor, permissions) -> None:
    if not any(actor.can(permission) for permission in permissions):
        from waypoint.access.checks import require

        require(actor, permissions[0])


def _steps(records, can_see: bool) -> list[dict]:
    return [
        {
            "transition": record.transition,
            "from_state": record.from_state,
            "to_state": record.to_state,
            "occurred_at": record.occurred_at,
            "organisation": record.organisation.name if record.organisation else None,
            "legal_basis": record.legal_basis,
            "reason": record.reason if can_see else None,
        }
        for record in records
    ]


def referral_detail_data(view) -> dict:
    referral = view.referral
    data = dict(s.ReferralOutput(referral).data)
    data["information"] = referral.information if view.can_see_details else None
    data["decisions"] = [
        {
            "stage": decision.stage,
            "outcome": decision.outcome,
            "decision_name": decision.decision_name,
            "standard": decision.standard,
            "decided_on": decision.decided_on,
            "organisation": s.NrmOrganisationRef(decision.organisation).data,
            "decision_making_org": decision.decision_making_org,
            "due_on": decision.due_on,
            "is_within_target": decision.is_within_target,
            "legal_basis": decision.legal_basis if view.can_see_details else None,
            "reason": decision.reason if view.can_see_details else None,
        }
        for decision in view.decisions
    ]
    data["timers"] = s.TimerOutput(view.timers, many=True).data
    data["steps"] = _steps(view.steps, view.can_see_details)
    data["available_steps"] = [
        {
            "name": step.name,
            "title": str(step.label),
            "needs_reason": step.needs_reason,
            "needs_legal_basis": step.needs_legal_basis,
            "inputs": list(step.extra_fields),
        }
        for step in view.actions
    ]
    return data


class ReferralListApi(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            ORGANISATION,
            OpenApiParameter("state", str, enum=[code for code, _label in NrmState.choices]),
            OpenApiParameter("direction", str, enum=["incoming", "outgoing"]),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("search", str, description="Referral or case reference."),
            OpenApiParameter("sort", str, enum=sorted(selectors.SORTS)),
        ],
        responses={200: s.ReferralListOutput(many=True), **error_responses(401, 403)},
        operation_id="nrm_referrals_list",
    )
    def get(self, request):
        """NRM records you may see (referring side, competent authority, support provider)."""
        _require_any(self.actor, LIST_PERMISSIONS)
        params = request.query_params
        filters = ReferralFilter(
            state=params.get("state", ""),
            direction=params.get("direction", ""),
            overdue=params.get("overdue") in ("1", "true"),
            search=params.get("search", "")[:40],
            sort=params.get("sort", "-updated"),
        )
        queryset = selectors.referral_list(actor=self.actor, filters=filters)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(s.ReferralListOutput(page, many=True).data)

    @extend_schema(
        parameters=[ORGANISATION],
        request=s.ReferInput,
        responses={201: s.NrmReferralDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="nrm_referrals_create",
    )
    def post(self, request):
        """Refer a person (a victim in a case your organisation works) to the competent authority.

        An adult needs an active consent to referral first (the country rule); a refusal says why.
        """
        from waypoint.access.checks import require

        require(self.actor, Perm.NRM_REFER)
        serializer = s.ReferInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        victim = selectors.victim_get(actor=self.actor, public_id=data["case_person"])
        authority = get_visible(
            visible_organisations(self.actor), public_id=data["competent_authority"]
        )
        referral = services.nrm_refer(
            actor=self.actor,
            case_person=victim,
            competent_authority=authority,
            information=data["information"],
            screening_public_id=data["screening_id"],
        )
        view = selectors.referral_view(actor=self.actor, referral=referral)
        return Response(referral_detail_data(view), status=status.HTTP_201_CREATED)


class ReferralDetailApi(ApiView):
    @extend_schema(
        parameters=[ORGANISATION],
        responses={200: s.NrmReferralDetailOutput, **error_responses(401, 403, 404)},
        operation_id="nrm_referrals_retrieve",
    )
    def get(self, request, public_id):
        """An NRM record: state, clocks, decisions, history and the steps you may take now."""
        _require_any(self.actor, (Perm.NRM_VIEW, Perm.NRM_DECIDE, Perm.NRM_RECONSIDERATION_REQUEST))
        referral = selectors.referral_get(actor=self.actor, public_id=public_id)
        return Response(
            referral_detail_data(selectors.referral_view(actor=self.actor, referral=referral))
        )


class ReferralStepApi(ApiView):
    @extend_schema(
        parameters=[ORGANISATION],
        request=s.StepInputSerializer,
        responses={200: s.NrmReferralDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="nrm_referrals_step",
    )
    def post(self, request, public_id):
        """Take a step (receive, decide, ask for reconsideration, close…). Pass ``expected_state``
        to be refused (409) if someone else moved the record on meanwhile."""
        _require_any(self.actor, (Perm.NRM_VIEW, Perm.NRM_DECIDE, Perm.NRM_RECONSIDERATION_REQUEST))
        referral = selectors.referral_get(actor=self.actor, public_id=public_id)
        serializer = s.StepInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        referral = services.nrm_transition(
            actor=self.actor,
            referral=referral,
            name=data["step"],
            step=services.StepInput(
                reason=data["reason"],
                legal_basis=data["legal_basis"],
                closure_reason=data["closure_reason"],
            ),
            expected_state=data["expected_state"] or None,
        )
        try:
            referral = selectors.referral_get(actor=self.actor, public_id=public_id)
        except NotVisible:
            # The step ended your access (e.g. the record closed): only its new state is returned.
            return Response(s.ReferralOutput(referral).data)
        return Response(
            referral_detail_data(selectors.referral_view(actor=self.actor, referral=referral))
        )


class AuthorityListApi(ApiView):
    required_permissions = (Perm.NRM_REFER,)

    @extend_schema(
        responses={200: s.NrmOrganisationRef(many=True), **error_responses(401, 403)},
        operation_id="nrm_authorities_list",
    )
    def get(self, request):
        """Organisations that may receive referrals now under the country profile."""
        _rules, authorities = selectors.authority_choices()
        return Response(s.NrmOrganisationRef(authorities, many=True).data)


class MyWorkApi(ApiView):
    @extend_schema(
        parameters=[ORGANISATION, OpenApiParameter("scope", str, enum=["mine", "organisation"])],
        responses={200: s.MyWorkOutput, **error_responses(401, 403)},
        operation_id="nrm_my_work",
    )
    def get(self, request):
        """What is due, overdue and waiting, for you or your organisation."""
        _require_any(
            self.actor,
            (Perm.NRM_VIEW, Perm.NRM_DECIDE, Perm.CASE_VIEW, Perm.SERVICE_REFERRAL_RESPOND),
        )
        work = selectors.my_work(actor=self.actor, scope=request.query_params.get("scope", "mine"))
        return Response(s.MyWorkOutput(work).data)


class BreachSummaryApi(ApiView):
    required_permissions = (Perm.NRM_BREACHES_VIEW,)

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="From 2000 to 2100.")],
        responses={200: s.BreachSummaryOutput, **error_responses(400, 401, 403)},
        operation_id="nrm_breaches",
    )
    def get(self, request):
        """Breached time limits counted by stage, organisation and month (no records)."""
        # The same years as the breaches page offers.
        year = int_param(request.query_params, "year", minimum=2000, maximum=2100)
        summary = selectors.breach_summary(actor=self.actor, year=year)
        return Response(s.BreachSummaryOutput(summary).data)


class ProfileApi(ApiView):
    @extend_schema(
        responses={200: s.ProfileOutput, **error_responses(401, 400)},
        operation_id="nrm_country_profile",
    )
    def get(self, request):
        """The NRM rules in force in this country today."""
        return Response(s.ProfileOutput(services.active_profile()).data)


class ProfileVersionsApi(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(
        responses={200: s.ProfileOutput(many=True), **error_responses(401)},
        operation_id="nrm_country_profile_versions",
    )
    def get(self, request):
        """Every version of the country profile, newest first."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.profile_versions(), request, view=self)
        return paginator.get_paginated_response(s.ProfileOutput(page, many=True).data)

    @extend_schema(
        request=s.ProfileInput,
        responses={201: s.ProfileOutput, **error_responses(400, 401, 403, 409)},
        operation_id="nrm_country_profile_save",
    )
    def post(self, request):
        """Save a new version (system administrators), in force from ``effective_from``."""
        from waypoint.access.checks import require

        require(self.actor, Perm.COUNTRY_PROFILE_MANAGE)
        serializer = s.ProfileInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        profile = services.country_profile_save(
            actor=self.actor,
            document=data["rules"],
            effective_from=data["effective_from"],
            based_on_version=data["based_on_version"],
            change_note=data["change_note"],
        )
        return Response(s.ProfileOutput(profile).data, status=status.HTTP_201_CREATED)


def track_detail_data(view, actor) -> dict:
    track = view.track
    data = dict(s.TrackOutput(track).data)
    data["details"] = track.details
    data["timers"] = s.TimerOutput(view.timers, many=True).data
    data["steps"] = _steps(view.steps, True)
    data["available_steps"] = [step.name for step in view.actions]
    return data


class TrackListApi(ApiView):
    pagination_class = PageNumberPagination
    required_permissions = (Perm.NRM_VIEW,)

    @extend_schema(
        parameters=[
            ORGANISATION,
            OpenApiParameter("kind", str, enum=[code for code, _label in TrackKind.choices]),
            OpenApiParameter("state", str),
            OpenApiParameter("case_reference", str),
            OpenApiParameter("sort", str, enum=sorted(selectors.TRACK_SORTS)),
        ],
        responses={200: s.TrackOutput(many=True), **error_responses(401, 403)},
        operation_id="nrm_tracks_list",
    )
    def get(self, request):
        """Parallel tracks (permits, protection orders, shelter, guardianship, compensation)."""
        params = request.query_params
        queryset = selectors.track_list(
            actor=self.actor,
            kind=params.get("kind", ""),
            state=params.get("state", ""),
            case_reference=params.get("case_reference", "")[:20],
            sort=params.get("sort", "-updated"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(s.TrackOutput(page, many=True).data)

    @extend_schema(
        parameters=[ORGANISATION],
        request=s.TrackOpenInput,
        responses={201: s.TrackDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="nrm_tracks_open",
    )
    def post(self, request):
        """Open a track for a person in a case your organisation works."""
        from waypoint.access.checks import require

        require(self.actor, Perm.NRM_TRACK_MANAGE)
        serializer = s.TrackOpenInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        victim = selectors.victim_get(actor=self.actor, public_id=data["case_person"])
        track = services.track_open(
            actor=self.actor, case_person=victim, kind=data["kind"], details=data["details"]
        )
        view = selectors.track_view(actor=self.actor, track=track)
        return Response(track_detail_data(view, self.actor), status=status.HTTP_201_CREATED)


class TrackDetailApi(ApiView):
    required_permissions = (Perm.NRM_VIEW,)

    @extend_schema(
        parameters=[ORGANISATION],
        responses={200: s.TrackDetailOutput, **error_responses(401, 403, 404)},
        operation_id="nrm_tracks_retrieve",
    )
    def get(self, request, public_id):
        track = selectors.track_get(actor=self.actor, public_id=public_id)
        return Response(
            track_detail_data(selectors.track_view(actor=self.actor, track=track), self.actor)
        )


class TrackStepApi(ApiView):
    required_permissions = (Perm.NRM_TRACK_MANAGE,)

    @extend_schema(
        parameters=[ORGANISATION],
        request=s.TrackStepInput,
        responses={200: s.TrackDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="nrm_tracks_step",
    )
    def post(self, request, public_id):
        """Take a step on a track (e.g. grant a permit with ``valid_until``)."""
        track = selectors.track_get(actor=self.actor, public_id=public_id)
        serializer = s.TrackStepInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        track = services.track_transition(
            actor=self.actor,
            track=track,
            name=data["step"],
            reason=data["reason"],
            valid_until=data["valid_until"],
            condition=data["condition"],
            expected_state=data["expected_state"] or None,
        )
        return Response(
            track_detail_data(selectors.track_view(actor=self.actor, track=track), self.actor)
        )


class ConsentCreateApi(ApiView):
    required_permissions = (Perm.CONSENT_RECORD,)

    @extend_schema(
        parameters=[ORGANISATION],
        request=s.NrmConsentInput,
        responses={201: s.NrmConsentOutput, **error_responses(400, 401, 403, 404)},
        operation_id="nrm_consents_create",
    )
    def post(self, request):
        """Record a person's answer on referral, or on sharing with a named organisation."""
        serializer = s.NrmConsentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        victim = selectors.victim_get(actor=self.actor, public_id=data["case_person"])
        shared_with = None
        if data["purpose"] == "sharing":
            if data["shared_with"] is None:
                raise ValidationFailed(
                    _("Name the organisation the data may be shared with."),
                    fields={"shared_with": [_("Required for sharing.")]},
                )
            shared_with = get_visible(
                visible_organisations(self.actor), public_id=data["shared_with"]
            )
        record = consent_record(
            actor=self.actor,
            person=victim.person,
            purpose=data["purpose"],
            is_given=data["is_given"],
            case=victim.case,
            shared_with=shared_with,
            given_by=data["given_by"],
            language=data["language"],
            is_interpreter_present=data["is_interpreter_present"],
            interpreter_name=data["interpreter_name"],
        )
        return Response(s.NrmConsentOutput(record).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(ApiView):
    required_permissions = (Perm.CONSENT_RECORD,)

    @extend_schema(
        parameters=[ORGANISATION],
        request=s.WithdrawInput,
        responses={200: s.NrmConsentOutput, **error_responses(400, 401, 403, 404)},
        operation_id="nrm_consents_withdraw",
    )
    def post(self, request, public_id):
        """Withdraw a consent: every sharing that rests on it stops at once."""
        serializer = s.WithdrawInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = get_visible(
            ConsentRecord.objects.filter(person__in=selectors.visible_persons(self.actor)),
            public_id=public_id,
        )
        record = consent_withdraw(
            actor=self.actor, record=record, reason=serializer.validated_data["reason"]
        )
        return Response(s.NrmConsentOutput(record).data)
