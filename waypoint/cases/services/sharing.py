"""Sharing a case with other organisations: transfers (the receiver accepts or declines; access
changes only on acceptance) and access grants (need to know, ended at once with consent)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.cases import can_work_on, visible_cases
from waypoint.accounts.models import Organisation, User
from waypoint.audit import services as audit
from waypoint.cases.choices import GrantKind, TransferStatus
from waypoint.cases.models import Case, CaseAccessGrant, CaseTransfer
from waypoint.cases.services.cases import _visible_case
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.people.models import ConsentRecord


def _notify_supervisors(organisation: Organisation, *, kind: str, title: str, link: str) -> None:
    from waypoint.notifications.services import notify

    supervisors = User.objects.filter(
        memberships__organisation=organisation,
        memberships__role=Role.CASE_SUPERVISOR,
        memberships__is_active=True,
        is_active=True,
    ).distinct()
    for supervisor in supervisors:
        notify(
            recipient=supervisor,
            organisation=organisation,
            kind=kind,
            title=title,
            link=link,
            send_email=True,
        )


@transaction.atomic
def case_transfer_request(
    *, actor: Actor, case: Case, to_organisation: Organisation, reason: str
) -> CaseTransfer:
    """Ask another organisation to take over the case. Nothing is shared until it accepts."""
    require(actor, Perm.CASE_TRANSFER)
    _visible_case(actor, case)
    if actor.organisation is None or case.owner_organisation_id != actor.organisation.pk:
        raise ActionDenied(_("Only the organisation that owns the case can transfer it."))
    errors: dict[str, list[str]] = {}
    if to_organisation.pk == case.owner_organisation_id:
        errors["to_organisation"] = [_("Choose another organisation.")]
    if not to_organisation.is_active:
        errors["to_organisation"] = [_("This organisation is not active.")]
    if case.is_closed:
        errors["case"] = [_("Reopen the case before transferring it.")]
    if not reason.strip():
        errors["reason"] = [_("Say why the case is transferred.")]
    if CaseTransfer.objects.filter(case=case, status=TransferStatus.PENDING).exists():
        errors["case"] = [_("A transfer of this case is already waiting for an answer.")]
    if errors:
        raise ValidationFailed(_("The transfer could not be requested."), fields=errors)
    transfer = CaseTransfer.objects.create(
        case=case,
        from_organisation=case.owner_organisation,
        to_organisation=to_organisation,
        reason=reason,
        requested_by=actor.user,
    )
    audit.record(
        actor=actor,
        action="case.transfer_request",
        target=transfer,
        subject=case,
        details={"to": str(to_organisation.public_id)},
    )
    _notify_supervisors(
        to_organisation,
        kind="case.transfer_request",
        title=_("A case transfer from %(organisation)s is waiting for your answer")
        % {"organisation": case.owner_organisation.name},
        link=reverse("cases:transfers"),
    )
    return transfer


def _locked_pending_transfer(transfer: CaseTransfer) -> CaseTransfer:
    locked = CaseTransfer.objects.select_for_update().select_related("case").get(pk=transfer.pk)
    if locked.status != TransferStatus.PENDING:
        raise ValidationFailed(_("This transfer has already been answered."))
    return locked


@transaction.atomic
def case_transfer_accept(*, actor: Actor, transfer: CaseTransfer) -> Case:
    """The receiving organisation takes over the case; the sender stops seeing it."""
    require(actor, Perm.CASE_TRANSFER)
    if actor.organisation is None or transfer.to_organisation_id != actor.organisation.pk:
        raise NotVisible()
    locked = _locked_pending_transfer(transfer)
    case = Case.objects.select_for_update().get(pk=locked.case_id)
    locked.status = TransferStatus.ACCEPTED
    locked.responded_by = actor.user
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_by", "responded_at", "updated_at"])
    case.owner_organisation = actor.organisation
    case.case_owner = actor.user
    save_versioned(case, expected_version=None, fields=["owner_organisation", "case_owner"])
    audit.record(
        actor=actor,
        action="case.transfer_accept",
        target=locked,
        subject=case,
        details={"from": str(locked.from_organisation.public_id)},
    )
    return case


@transaction.atomic
def case_transfer_decline(*, actor: Actor, transfer: CaseTransfer, reason: str) -> CaseTransfer:
    require(actor, Perm.CASE_TRANSFER)
    if actor.organisation is None or transfer.to_organisation_id != actor.organisation.pk:
        raise NotVisible()
    if not reason.strip():
        raise ValidationFailed(_("Say why you decline."), fields={"reason": [_("Required.")]})
    locked = _locked_pending_transfer(transfer)
    locked.status = TransferStatus.DECLINED
    locked.responded_by = actor.user
    locked.responded_at = timezone.now()
    locked.decline_reason = reason
    locked.save(
        update_fields=["status", "responded_by", "responded_at", "decline_reason", "updated_at"]
    )
    audit.record(actor=actor, action="case.transfer_decline", target=locked, subject=locked.case)
    if locked.requested_by is not None:
        from waypoint.notifications.services import notify

        notify(
            recipient=locked.requested_by,
            organisation=locked.from_organisation,
            kind="case.transfer_declined",
            title=_("The transfer of case %(reference)s was declined")
            % {"reference": locked.case.reference},
            link=reverse("cases:detail", args=[locked.case.public_id]),
            send_email=True,
        )
    return locked


@transaction.atomic
def case_transfer_cancel(*, actor: Actor, transfer: CaseTransfer) -> CaseTransfer:
    require(actor, Perm.CASE_TRANSFER)
    if actor.organisation is None or transfer.from_organisation_id != actor.organisation.pk:
        raise NotVisible()
    locked = _locked_pending_transfer(transfer)
    locked.status = TransferStatus.CANCELLED
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at", "updated_at"])
    audit.record(actor=actor, action="case.transfer_cancel", target=locked, subject=locked.case)
    return locked


@transaction.atomic
def case_access_grant(
    *,
    actor: Actor,
    case: Case,
    organisation: Organisation,
    kind: str,
    consent: ConsentRecord | None = None,
    source_id: str = "",
) -> CaseAccessGrant:
    """Let ``organisation`` see the part of ``case`` that ``kind`` needs (used by referrals).

    When the sharing rests on consent, pass it: withdrawing that consent ends the grant at once.
    """
    _visible_case(actor, case)
    if not can_work_on(actor, case) and kind != GrantKind.SERVICE_REFERRAL:
        raise ActionDenied(_("Only the organisation working the case can share it."))
    if kind not in GrantKind.values:
        raise ValidationFailed(_("Unknown kind of sharing."))
    if consent is not None and not consent.is_active:
        raise ValidationFailed(_("The consent this sharing rests on is not active."))
    grant = CaseAccessGrant.objects.create(
        case=case,
        organisation=organisation,
        kind=kind,
        granted_by=actor.user,
        consent=consent,
        source_id=source_id,
    )
    audit.record(
        actor=actor,
        action="case.access_grant",
        target=grant,
        subject=case,
        details={
            "kind": kind,
            "organisation": str(organisation.public_id),
            "consent": bool(consent),
        },
    )
    return grant


@transaction.atomic
def case_access_revoke(
    *, actor: Actor, grant: CaseAccessGrant, reason: str = ""
) -> CaseAccessGrant:
    """End a grant (the referral ended, or the case owner stopped the sharing).

    Allowed to the system (a referral that ended), to the organisation working the case, and to
    the organisation the grant is for (it may give up access it no longer needs); nobody else, and
    to them the grant does not exist.
    """
    if not actor.is_system:
        if actor.organisation is None:
            raise NotVisible()
        is_receiver = grant.organisation_id == actor.organisation.pk
        is_worker = visible_cases(actor).filter(pk=grant.case_id).exists() and can_work_on(
            actor, grant.case
        )
        if not (is_receiver or is_worker):
            raise NotVisible()
    if grant.revoked_at is not None:
        return grant
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=actor,
        action="case.access_revoke",
        target=grant,
        subject=grant.case,
        details={"kind": grant.kind},
        reason=reason[:300],
    )
    return grant
