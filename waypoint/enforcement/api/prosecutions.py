"""API of prosecutions: proceedings, defendants, charges, verdicts, sentences, appeals, orders,
payments, hearings. Prosecutors of the prosecuting service write; investigators read."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from waypoint.access.roles import Perm, Role
from waypoint.api.views import ApiView, error_responses
from waypoint.enforcement import selectors, services
from waypoint.enforcement.api import serializers as s
from waypoint.enforcement.api.common import one, version_of


def _detail(actor, prosecution) -> dict:
    defendants = selectors.prosecution_defendants(actor=actor, prosecution=prosecution)
    return s.ProsecutionOutput(prosecution, context={"defendants": defendants}).data


def _fresh(actor, prosecution) -> dict:
    return _detail(actor, selectors.prosecution_get(actor=actor, public_id=prosecution.public_id))


class ProsecutionCreateApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.ProsecutionInput,
        responses={201: s.ProsecutionOutput, **error_responses(400, 401, 403, 404)},
        operation_id="criminal_cases_prosecutions_create",
    )
    def post(self, request, public_id):
        """Bring proceedings on an investigation handed to your prosecution service."""
        investigation = selectors.investigation_get(actor=self.actor, public_id=public_id)
        serializer = s.ProsecutionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        prosecution = services.prosecution_open(
            actor=self.actor,
            investigation=investigation,
            filed_on=data["filed_on"],
            court=one(selectors.courts(actor=self.actor), data["court"], "court"),
            court_case_number=data["court_case_number"],
            lead_prosecutor=one(
                selectors.colleagues_with_role(actor=self.actor, role=Role.PROSECUTOR),
                data["lead_prosecutor"],
                "lead_prosecutor",
            ),
        )
        return Response(_fresh(self.actor, prosecution), status=status.HTTP_201_CREATED)


class ProsecutionDetailApi(ApiView):
    required_permissions = (Perm.PROSECUTION_VIEW,)

    @extend_schema(
        responses={200: s.ProsecutionOutput, **error_responses(401, 403, 404)},
        operation_id="prosecutions_retrieve",
    )
    def get(self, request, public_id):
        """A prosecution with its defendants (an audited read), charges, verdicts, sentences,
        appeals, orders, payments and hearings."""
        prosecution = selectors.prosecution_get(actor=self.actor, public_id=public_id)
        return Response(_detail(self.actor, prosecution))

    @extend_schema(
        request=s.ProsecutionUpdateInput,
        responses={200: s.ProsecutionOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="prosecutions_update",
    )
    def patch(self, request, public_id):
        prosecution = selectors.prosecution_get(actor=self.actor, public_id=public_id)
        serializer = s.ProsecutionUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = version_of(changes)
        if "court" in changes:
            changes["court"] = one(selectors.courts(actor=self.actor), changes["court"], "court")
        if "lead_prosecutor" in changes:
            changes["lead_prosecutor"] = one(
                selectors.colleagues_with_role(actor=self.actor, role=Role.PROSECUTOR),
                changes["lead_prosecutor"],
                "lead_prosecutor",
            )
        services.prosecution_update(
            actor=self.actor, prosecution=prosecution, changes=changes, expected_version=version
        )
        return Response(_fresh(self.actor, prosecution))


class ProsecutionStatusApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.ProsecutionStatusInput,
        responses={200: s.ProsecutionOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="prosecutions_status",
    )
    def post(self, request, public_id):
        """Move the proceedings to their next stage."""
        prosecution = selectors.prosecution_get(actor=self.actor, public_id=public_id)
        serializer = s.ProsecutionStatusInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.prosecution_set_status(
            actor=self.actor,
            prosecution=prosecution,
            status=data["status"],
            concluded_on=data["concluded_on"],
            expected_version=data["version"],
        )
        return Response(_fresh(self.actor, prosecution))


class DefendantCreateApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.DefendantInput,
        responses={201: s.ProsecutionOutput, **error_responses(400, 401, 403, 404)},
        operation_id="prosecutions_defendants_create",
    )
    def post(self, request, public_id):
        prosecution = selectors.prosecution_get(actor=self.actor, public_id=public_id)
        serializer = s.DefendantInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        suspect = one(
            selectors.suspects_of(actor=self.actor, investigation=prosecution.investigation),
            serializer.validated_data["suspect"],
            "suspect",
        )
        services.defendant_add(actor=self.actor, prosecution=prosecution, suspect=suspect)
        return Response(_fresh(self.actor, prosecution), status=status.HTTP_201_CREATED)


class HearingCreateApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.HearingInput,
        responses={201: s.HearingOutput, **error_responses(400, 401, 403, 404)},
        operation_id="prosecutions_hearings_create",
    )
    def post(self, request, public_id):
        prosecution = selectors.prosecution_get(actor=self.actor, public_id=public_id)
        serializer = s.HearingInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        hearing = services.hearing_schedule(
            actor=self.actor, prosecution=prosecution, **serializer.validated_data
        )
        return Response(s.HearingOutput(hearing).data, status=status.HTTP_201_CREATED)


class HearingDetailApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.HearingOutcomeInput,
        responses={200: s.HearingOutput, **error_responses(400, 401, 403, 404)},
        operation_id="hearings_update",
    )
    def patch(self, request, public_id):
        """Say whether the hearing was held, adjourned or cancelled."""
        hearing = selectors.hearing_get(actor=self.actor, public_id=public_id)
        serializer = s.HearingOutcomeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        hearing = services.hearing_record_outcome(
            actor=self.actor, hearing=hearing, outcome=serializer.validated_data["outcome"]
        )
        return Response(s.HearingOutput(hearing).data)


class ChargeCreateApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.ChargeInput,
        responses={201: s.ChargeOutput, **error_responses(400, 401, 403, 404)},
        operation_id="defendants_charges_create",
    )
    def post(self, request, public_id):
        defendant = selectors.defendant_get(actor=self.actor, public_id=public_id)
        serializer = s.ChargeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        charge = services.charge_add(
            actor=self.actor,
            defendant=defendant,
            statute=one(selectors.statute_list(actor=self.actor), data["statute"], "statute"),
            charged_on=data["charged_on"],
            counts=data["counts"],
        )
        return Response(s.ChargeOutput(charge).data, status=status.HTTP_201_CREATED)


class VerdictCreateApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.VerdictInput,
        responses={201: s.ChargeOutput, **error_responses(400, 401, 403, 404)},
        operation_id="charges_verdict_create",
    )
    def post(self, request, public_id):
        """Record the court's decision on a charge."""
        charge = selectors.charge_get(actor=self.actor, public_id=public_id)
        serializer = s.VerdictInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.verdict_record(actor=self.actor, charge=charge, **serializer.validated_data)
        charge = selectors.charge_get(actor=self.actor, public_id=public_id)
        return Response(s.ChargeOutput(charge).data, status=status.HTTP_201_CREATED)


class SentenceCreateApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.SentenceInput,
        responses={201: s.SentenceOutput, **error_responses(400, 401, 403, 404)},
        operation_id="defendants_sentences_create",
    )
    def post(self, request, public_id):
        defendant = selectors.defendant_get(actor=self.actor, public_id=public_id)
        serializer = s.SentenceInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["appeal"] = one(defendant.appeals.all(), data["appeal"], "appeal")
        data["fine_currency"] = (data["fine_currency"] or "").upper()
        sentence = services.sentence_record(actor=self.actor, defendant=defendant, **data)
        return Response(s.SentenceOutput(sentence).data, status=status.HTTP_201_CREATED)


class AppealCreateApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.AppealInput,
        responses={201: s.AppealOutput, **error_responses(400, 401, 403, 404)},
        operation_id="defendants_appeals_create",
    )
    def post(self, request, public_id):
        defendant = selectors.defendant_get(actor=self.actor, public_id=public_id)
        serializer = s.AppealInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        appeal = services.appeal_file(
            actor=self.actor,
            defendant=defendant,
            appellant=data["appellant"],
            filed_on=data["filed_on"],
            court=one(selectors.courts(actor=self.actor), data["court"], "court"),
        )
        return Response(s.AppealOutput(appeal).data, status=status.HTTP_201_CREATED)


class AppealDecisionApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.AppealDecisionInput,
        responses={200: s.AppealOutput, **error_responses(400, 401, 403, 404)},
        operation_id="appeals_decide",
    )
    def post(self, request, public_id):
        appeal = selectors.appeal_get(actor=self.actor, public_id=public_id)
        serializer = s.AppealDecisionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        appeal = services.appeal_decide(
            actor=self.actor, appeal=appeal, **serializer.validated_data
        )
        return Response(s.AppealOutput(appeal).data)


class OrderCreateApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.OrderInput,
        responses={201: s.OrderOutput, **error_responses(400, 401, 403, 404)},
        operation_id="defendants_orders_create",
    )
    def post(self, request, public_id):
        """Record restitution or compensation ordered against a convicted defendant."""
        defendant = selectors.defendant_get(actor=self.actor, public_id=public_id)
        serializer = s.OrderInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        beneficiary = None
        if data.pop("beneficiary"):
            beneficiary, _view = selectors.witness_get(
                actor=self.actor, public_id=serializer.validated_data["beneficiary"]
            )
        data["currency"] = data["currency"].upper()
        order = services.compensation_order_add(
            actor=self.actor, defendant=defendant, beneficiary=beneficiary, **data
        )
        return Response(s.OrderOutput(order).data, status=status.HTTP_201_CREATED)


class PaymentCreateApi(ApiView):
    required_permissions = (Perm.PROSECUTION_MANAGE,)

    @extend_schema(
        request=s.PaymentInput,
        responses={201: s.OrderOutput, **error_responses(400, 401, 403, 404)},
        operation_id="orders_payments_create",
    )
    def post(self, request, public_id):
        order = selectors.order_get(actor=self.actor, public_id=public_id)
        serializer = s.PaymentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.compensation_payment_add(
            actor=self.actor, order=order, **serializer.validated_data
        )
        return Response(
            s.OrderOutput(selectors.order_get(actor=self.actor, public_id=public_id)).data,
            status=status.HTTP_201_CREATED,
        )
