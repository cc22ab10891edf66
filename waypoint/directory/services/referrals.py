"""Referring a person to a service, and the provider's answers.

Sharing needs consent: an adult's active consent to share with the provider organisation (a child
follows the country profile's rule). The provider then sees only what a service needs (a
``service_referral`` grant: summary and persons), and stops seeing it the moment the consent is
withdrawn. A shelter place is taken atomically on acceptance and given back when the stay ends.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.cases import can_work_on, visible_cases
from waypoint.access.scopes.directory import (
    is_provider_of,
    is_referrer_of,
    visible_service_referrals,
    visible_services,
)
from waypoint.accounts.models import Organisation, User
from waypoint.audit import services as audit
from waypoint.cases.choices import GrantKind, PersonRole
from waypoint.cases.models import CasePerson
from waypoint.cases.services import case_access_grant, case_access_revoke
from waypoint.common.errors import ActionDenied, InvalidTransition, NotVisible, ValidationFailed
from waypoint.directory import workflow
from waypoint.directory.choices import OPEN_STATUSES, ServiceReferralStatus, ServiceType
from waypoint.directory.eligibility import eligibility_problems
from waypoint.directory.models import Service, ServiceReferral
from waypoint.directory.services.catalogue import release_place, take_place
from waypoint.notifications.services import notify
from waypoint.people.choices import ConsentPurpose
from waypoint.people.models import ConsentRecord
from waypoint.referrals.choices import TimerKind
from waypoint.referrals.services.nrm_facts import is_child
from waypoint.referrals.services.profiles import active_profile, rules_of
from waypoint.referrals.services.timers import timer_start, timer_stop
from waypoint.referrals.services.tracks import shelter_track_request, shelter_track_step

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_MAX_TEXT = 2000


def sharing_consent(case_person: CasePerson, service: Service) -> ConsentRecord | None:
    """The person's active consent to share their data with the service's organisation."""
    return (
        ConsentRecord.objects.filter(
            Q(case__isnull=True) | Q(case_id=case_person.case_id),
            person_id=case_person.person_id,
            purpose=ConsentPurpose.SHARING,
            shared_with_id=service.organisation_id,
            is_given=True,
            withdrawn_at__isnull=True,
        )
        .order_by("-recorded_at")
        .first()
    )


def _people(organisation_id: int, role: Role) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__role=role,
            memberships__is_active=True,
            is_active=True,
        ).distinct()
    )


def _notify(
    referral: ServiceReferral,
    recipients: list[User],
    *,
    kind: str,
    title: str,
    organisation: Organisation,
) -> None:
    """Texts name the referral reference and the service, never the person."""
    link = reverse("directory:referral_detail", args=[referral.public_id])
    for user in {user.pk: user for user in recipients}.values():
        notify(
            recipient=user,
            organisation=organisation,
            kind=kind,
            title=title,
            link=link,
            dedupe_key=f"{kind}:{referral.public_id}",
            send_email=True,
        )


@transaction.atomic
def service_referral_create(
    *,
    actor: Actor,
    service: Service,
    case_person: CasePerson,
    needs: str,
    is_urgent: bool = False,
    now: dt.datetime | None = None,
) -> ServiceReferral:
    """Refer a person in a case to a service (urgent: tonight), with consent to share."""
    require(actor, Perm.SERVICE_REFERRAL_CREATE)
    case = case_person.case
    if actor.organisation is None or not visible_cases(actor).filter(pk=case.pk).exists():
        raise NotVisible()
    if not can_work_on(actor, case):
        raise ActionDenied(
            _("Only the organisation working the case may refer the person to services.")
        )
    if not visible_services(actor).filter(pk=service.pk, is_active=True).exists():
        raise NotVisible()
    now = now or timezone.now()
    today = timezone.localdate(now)
    errors: dict[str, list[str]] = {}
    if case_person.role != PersonRole.VICTIM:
        errors["case_person"] = [_("Only a (possible) victim is referred to services.")]
    if len(needs) > _MAX_TEXT:
        errors["needs"] = [_("At most %(count)s characters.") % {"count": _MAX_TEXT}]
    if not needs.strip():
        errors["needs"] = [_("Say what the person needs from this service.")]
    if is_urgent and not service.accepts_urgent:
        errors["is_urgent"] = [_("This service does not take urgent referrals; choose another.")]
    if ServiceReferral.objects.filter(
        service=service, case_person=case_person, status__in=list(OPEN_STATUSES)
    ).exists():
        errors["service"] = [_("This person already has an open referral to this service.")]
    problems = eligibility_problems(service, case_person)
    if problems:
        errors["service"] = errors.get("service", []) + problems
    if errors:
        raise ValidationFailed(_("The referral could not be made."), fields=errors)
    profile = active_profile(on=today)
    rules = rules_of(profile)
    child = is_child(case_person)
    needs_consent = (
        rules.child_referral_needs_consent if child else rules.adult_referral_needs_consent
    )
    consent = sharing_consent(case_person, service)
    if needs_consent and consent is None:
        raise ValidationFailed(
            _(
                "Sharing with %(organisation)s needs the person's consent. Record their consent to "
                "share with this organisation first."
            )
            % {"organisation": service.organisation.name},
            fields={"consent": [_("No active consent to share with this organisation.")]},
        )
    track = None
    if service.service_type == ServiceType.SHELTER:
        track = shelter_track_request(actor=actor, case_person=case_person, now=now)
    referral = None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                referral = ServiceReferral.objects.create(
                    reference="S-" + "".join(secrets.choice(_ALPHABET) for _i in range(8)),
                    service=service,
                    case=case,
                    case_person=case_person,
                    referring_organisation=actor.organisation,
                    referred_by=actor.user,
                    is_urgent=is_urgent,
                    needs=needs.strip(),
                    consent=consent if needs_consent else None,
                    track=track,
                )
            break
        except IntegrityError:
            continue
    if referral is None:
        raise ValidationFailed(_("No free reference could be found; try again."))
    referral.grant = case_access_grant(
        actor=actor,
        case=case,
        organisation=service.organisation,
        kind=GrantKind.SERVICE_REFERRAL,
        consent=referral.consent,
        source_id=str(referral.public_id),
    )
    referral.response_timer = timer_start(
        kind=TimerKind.SERVICE_RESPONSE,
        case=case,
        profile=profile,
        start_on=today,
        responsible_organisation=service.organisation,
        due_on=today if is_urgent else None,
    )
    referral.save(update_fields=["grant", "response_timer", "updated_at"])
    audit.record(
        actor=actor,
        action="directory.referral_create",
        target=referral,
        subject=case,
        details={
            "service": str(service.public_id),
            "type": service.service_type,
            "urgent": is_urgent,
            "consent": referral.consent_id is not None,
        },
    )
    title = (
        _("Urgent referral %(reference)s to %(service)s: answer today")
        if is_urgent
        else _("New referral %(reference)s to %(service)s")
    ) % {"reference": referral.reference, "service": service.name}
    _notify(
        referral,
        _people(service.organisation_id, Role.SERVICE_PROVIDER),
        kind="directory.referral_received",
        title=title,
        organisation=service.organisation,
    )
    return referral


@transaction.atomic
def service_referral_step(
    *,
    actor: Actor,
    referral: ServiceReferral,
    name: str,
    reason: str = "",
    decline_reason: str = "",
    expected_status: str | None = None,
    now: dt.datetime | None = None,
) -> ServiceReferral:
    """Accept, decline, complete or cancel a referral to a service (see directory/workflow.py)."""
    if not visible_service_referrals(actor).filter(pk=referral.pk).exists():
        raise NotVisible()
    require(
        actor,
        Perm.SERVICE_REFERRAL_RESPOND
        if Role.SERVICE_PROVIDER in actor.roles and name != "cancel"
        else Perm.SERVICE_REFERRAL_CREATE,
    )
    if len(reason) > _MAX_TEXT:
        raise ValidationFailed(
            _("The reason is too long."), fields={"reason": [_("At most 2000 characters.")]}
        )
    now = now or timezone.now()
    today = timezone.localdate(now)
    locked = (
        ServiceReferral.objects.select_for_update(of=("self",))
        .select_related("service__organisation", "case", "grant", "track", "response_timer")
        .get(pk=referral.pk)
    )
    if expected_status and locked.status != expected_status:
        raise InvalidTransition(
            _(
                "Someone else answered this referral meanwhile: it is now %(status)s. Reload the page."
            )
            % {"status": ServiceReferralStatus(locked.status).label}
        )
    facts = workflow.ReferralFacts(
        roles=actor.roles,
        is_provider=is_provider_of(actor, locked),
        is_referrer=is_referrer_of(actor, locked),
    )
    step = workflow.check(locked.status, name, facts, reason=reason, decline_reason=decline_reason)
    previous = locked.status
    fields = ["status", "updated_at"]
    service = locked.service
    if name == "accept":
        if service.has_capacity:
            if not take_place(service):
                raise InvalidTransition(
                    _(
                        "No place is free at %(service)s right now, so the referral cannot be "
                        "accepted. Decline it (no capacity) or free a place first."
                    )
                    % {"service": service.name}
                )
            locked.holds_place = True
            locked.placed_at = now
            fields += ["holds_place", "placed_at"]
        timer_stop(locked.response_timer, on=today)
    elif name == "decline":
        locked.decline_reason = decline_reason
        locked.decline_details = reason.strip() or None
        fields += ["decline_reason", "decline_details"]
        timer_stop(locked.response_timer, on=today)
    else:  # complete or cancel
        if locked.holds_place:
            release_place(service)
            locked.holds_place = False
            fields.append("holds_place")
        locked.ended_at = now
        locked.end_note = reason.strip() or None
        fields += ["ended_at", "end_note"]
        timer_stop(locked.response_timer, on=today, cancel=True)
    if locked.responded_at is None and name in ("accept", "decline"):
        locked.responded_by, locked.responded_at = actor.user, now
        fields += ["responded_by", "responded_at"]
    locked.status = step.target
    if locked.track is not None:
        track_step = {
            "accept": "place",
            "decline": "decline",
            "complete": "end",
            "cancel": "end" if previous == ServiceReferralStatus.ACCEPTED else "cancel",
        }[name]
        shelter_track_step(
            actor=actor,
            track=locked.track,
            name=track_step,
            is_provider=facts.is_provider,
            reason=reason or decline_reason,
            now=now,
        )
    if (
        step.target not in OPEN_STATUSES
        and locked.grant is not None
        and locked.grant.revoked_at is None
    ):
        # The service is over: the provider keeps the record of it, not the case.
        case_access_revoke(actor=actor, grant=locked.grant, reason=f"Service referral {name}")
    locked.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=f"directory.referral_{name}",
        target=locked,
        subject=locked.case,
        details={
            "from": previous,
            "to": step.target,
            "decline_reason": decline_reason,
            "holds_place": locked.holds_place,
        },
    )
    if facts.is_provider:
        recipients = [user for user in (locked.referred_by,) if user is not None]
        _notify(
            locked,
            recipients,
            kind=f"directory.referral_{name}",
            title=_("Referral %(reference)s: %(status)s")
            % {"reference": locked.reference, "status": ServiceReferralStatus(step.target).label},
            organisation=locked.referring_organisation,
        )
    return locked
