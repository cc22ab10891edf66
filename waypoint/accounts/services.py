"""Writes for organisations, people who use Waypoint, memberships, invitations, tokens and 2FA."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.accounts import manageable_memberships, manageable_organisations
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import ApiToken, Invitation, Membership, Organisation, User
from waypoint.audit import services as audit
from waypoint.common import countries
from waypoint.common.errors import NotVisible, ValidationFailed

INVITATION_LIFETIME = timedelta(days=7)
RECOVERY_CODE_COUNT = 10
TOKEN_PREFIX = "wpt_"  # noqa: S105  a public prefix


def _hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _validate_organisation_fields(
    *, name: str, org_type: str, country: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the organisation a name.")]
    elif len(name.strip()) > 200:
        errors["name"] = [_("The name can have at most 200 characters.")]
    if org_type not in OrganisationType.values:
        errors["org_type"] = [
            _("Unknown organisation type %(value)s. Use one of: %(choices)s.")
            % {"value": org_type, "choices": ", ".join(OrganisationType.values)}
        ]
    if not countries.is_country(country):
        errors["country"] = [
            _("%(value)s is not an ISO 3166 two-letter country code.") % {"value": country}
        ]
    return errors


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    org_type: str,
    country: str,
    city: str = "",
    street: str = "",
    postal_code: str = "",
    phone: str = "",
    email: str = "",
) -> Organisation:
    """Create an organisation. Only system administrators may; names are unique."""
    require(actor, Perm.ORGANISATION_MANAGE)
    errors = _validate_organisation_fields(name=name, org_type=org_type, country=country)
    if not errors and Organisation.objects.filter(name__iexact=name.strip()).exists():
        errors["name"] = [_("An organisation with this name already exists.")]
    if errors:
        raise ValidationFailed(_("The organisation could not be created."), fields=errors)
    organisation = Organisation.objects.create(
        name=name.strip(),
        org_type=org_type,
        country=country,
        city=city,
        street=street,
        postal_code=postal_code,
        phone=phone,
        email=email,
    )
    audit.record(
        actor=actor,
        action="organisation.create",
        target=organisation,
        details={"org_type": org_type, "country": country},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation: Organisation, changes: dict[str, str]
) -> Organisation:
    """Change an organisation's details: system administrators for any, org admins for their own."""
    if not actor.can(Perm.ORGANISATION_MANAGE):
        require(actor, Perm.MEMBERSHIP_MANAGE)
    if not manageable_organisations(actor).filter(pk=organisation.pk).exists():
        raise NotVisible()
    allowed = {"name", "org_type", "country", "city", "street", "postal_code", "phone", "email"}
    if not actor.can(Perm.ORGANISATION_MANAGE):
        allowed -= {"name", "org_type"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("These details cannot be changed by you."),
            fields={name: [_("Not editable.")] for name in sorted(unknown)},
        )
    merged = {
        "name": changes.get("name", organisation.name),
        "org_type": changes.get("org_type", organisation.org_type),
        "country": changes.get("country", organisation.country),
    }
    errors = _validate_organisation_fields(**merged)
    if (
        "name" in changes
        and Organisation.objects.filter(name__iexact=merged["name"].strip())
        .exclude(pk=organisation.pk)
        .exists()
    ):
        errors["name"] = [_("An organisation with this name already exists.")]
    if errors:
        raise ValidationFailed(_("The organisation could not be saved."), fields=errors)
    for name, value in changes.items():
        setattr(organisation, name, value.strip())
    organisation.save()
    audit.record(
        actor=actor,
        action="organisation.update",
        target=organisation,
        details={"fields": sorted(changes)},
    )
    return organisation


def _validate_password(password: str, user: User | None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(
            _("Choose a stronger password."), fields={"password": list(error.messages)}
        ) from error


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a person who can sign in. Memberships (with roles) are added separately."""
    require(actor, Perm.MEMBERSHIP_MANAGE)
    errors: dict[str, list[str]] = {}
    username = username.strip()
    if not username:
        errors["username"] = [_("Choose a user name.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This user name is taken.")]
    if errors:
        raise ValidationFailed(_("The account could not be created."), fields=errors)
    candidate = User(username=username, email=email, first_name=first_name, last_name=last_name)
    _validate_password(password, candidate)
    candidate.set_password(password)
    candidate.password_changed_at = timezone.now()
    candidate.save()
    audit.record(actor=actor, action="user.create", target=candidate)
    return candidate


@transaction.atomic
def membership_add(
    *, actor: Actor, user: User, organisation: Organisation, role: str
) -> Membership:
    """Give ``user`` a role in ``organisation``. Org admins may do so only in their own organisation,
    and only system administrators may grant the system administrator role."""
    require(actor, Perm.MEMBERSHIP_MANAGE)
    if not manageable_organisations(actor).filter(pk=organisation.pk).exists():
        raise NotVisible()
    if role not in Role.values:
        raise ValidationFailed(
            _("Unknown role."),
            fields={"role": [_("Use one of: %(roles)s.") % {"roles": ", ".join(Role.values)}]},
        )
    if role == Role.SYSTEM_ADMIN and not actor.can(Perm.ORGANISATION_MANAGE):
        raise ValidationFailed(
            _("Only a system administrator can grant that role."),
            fields={"role": [_("Only a system administrator can grant that role.")]},
        )
    existing = Membership.objects.filter(
        user=user, organisation=organisation, role=role, is_active=True
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, organisation=organisation, role=role, created_by=actor.user
            )
    except IntegrityError:
        return Membership.objects.get(
            user=user, organisation=organisation, role=role, is_active=True
        )
    audit.record(
        actor=actor,
        action="membership.add",
        target=membership,
        details={
            "role": role,
            "organisation": str(organisation.public_id),
            "user": str(user.public_id),
        },
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Actor, membership: Membership) -> Membership:
    """End a membership; the person loses the role at their next request."""
    require(actor, Perm.MEMBERSHIP_MANAGE)
    if not manageable_memberships(actor).filter(pk=membership.pk).exists():
        raise NotVisible()
    if (
        actor.user is not None
        and membership.user_id == actor.user.pk
        and membership.role
        in (
            Role.ORG_ADMIN,
            Role.SYSTEM_ADMIN,
        )
    ):
        raise ValidationFailed(_("You cannot remove your own administrator role."))
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.save(update_fields=["is_active", "ended_at", "updated_at"])
    # The person's open sessions end: they sign in again with the roles they still hold.
    User.objects.filter(pk=membership.user_id).update(sessions_valid_after=membership.ended_at)
    ApiToken.objects.filter(user_id=membership.user_id, revoked_at__isnull=True).update(
        revoked_at=membership.ended_at
    )
    audit.record(
        actor=actor,
        action="membership.end",
        target=membership,
        details={"role": membership.role, "user": str(membership.user.public_id)},
    )
    return membership


@transaction.atomic
def invitation_create(
    *, actor: Actor, organisation: Organisation, email: str, role: str, accept_url_template: str
) -> tuple[Invitation, str]:
    """Invite someone by e-mail to join ``organisation`` with ``role``; returns the one-time token.

    ``accept_url_template`` contains ``{token}`` and becomes the link in the e-mail.
    """
    require(actor, Perm.MEMBERSHIP_MANAGE)
    if not manageable_organisations(actor).filter(pk=organisation.pk).exists():
        raise NotVisible()
    errors: dict[str, list[str]] = {}
    if "@" not in email or len(email) > 254:
        errors["email"] = [_("Enter a valid e-mail address.")]
    if role not in Role.values:
        errors["role"] = [_("Unknown role.")]
    elif role == Role.SYSTEM_ADMIN and not actor.can(Perm.ORGANISATION_MANAGE):
        errors["role"] = [_("Only a system administrator can grant that role.")]
    if errors:
        raise ValidationFailed(_("The invitation could not be sent."), fields=errors)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email.strip(),
        role=role,
        token_hash=_hash_secret(token),
        invited_by=actor.user,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    audit.record(actor=actor, action="invitation.create", target=invitation, details={"role": role})
    link = accept_url_template.format(token=token)
    message = _(
        "You have been invited to join %(organisation)s on Waypoint as %(role)s.\n\n"
        "Open this link within 7 days to choose your user name and password:\n%(link)s\n"
    ) % {"organisation": organisation.name, "role": Role(role).label, "link": link}
    transaction.on_commit(
        lambda: send_mail(
            subject=_("Your invitation to Waypoint"),
            message=message,
            from_email=None,
            recipient_list=[invitation.email],
        )
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    """The open invitation for ``token``, or NotVisible (expired, used, revoked or unknown)."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(
            token_hash=_hash_secret(token),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if invitation is None:
        raise NotVisible(_("This invitation link is not valid any more. Ask for a new one."))
    return invitation


@transaction.atomic
def invitation_accept(
    *, token: str, username: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Create the invited person's account and membership; the link works once."""
    invitation = invitation_for_token(token)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise NotVisible(_("This invitation link is not valid any more. Ask for a new one."))
    username = username.strip()
    if not username:
        raise ValidationFailed(_("Choose a user name."), fields={"username": [_("Required.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(
            _("This user name is taken."), fields={"username": [_("This user name is taken.")]}
        )
    user = User(username=username, email=locked.email, first_name=first_name, last_name=last_name)
    _validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    membership = Membership.objects.create(
        user=user, organisation=locked.organisation, role=locked.role, created_by=locked.invited_by
    )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    actor = Actor(user=user, organisation=locked.organisation, roles=frozenset({Role(locked.role)}))
    audit.record(actor=actor, action="invitation.accept", target=locked)
    audit.record(
        actor=actor, action="membership.add", target=membership, details={"role": locked.role}
    )
    return user


@transaction.atomic
def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    require(actor, Perm.MEMBERSHIP_MANAGE)
    from waypoint.access.scopes.accounts import manageable_invitations

    if not manageable_invitations(actor).filter(pk=invitation.pk).exists():
        raise NotVisible()
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit.record(actor=actor, action="invitation.revoke", target=invitation)
    return invitation


@transaction.atomic
def api_token_issue(*, actor: Actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Issue a personal API token for ``user``; the token itself is returned once and never stored.

    People issue tokens for themselves; the server console (``manage.py issue_api_token``) may
    issue one for anybody.
    """
    if actor.via != "cli":
        require(actor, Perm.API_TOKEN_MANAGE)
        if actor.user is None or actor.user.pk != user.pk:
            raise NotVisible()
    if not user.is_active:
        raise ValidationFailed(_("This account is deactivated."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        token_hash=_hash_secret(raw),
    )
    audit.record(
        actor=actor, action="api_token.issue", target=token, details={"user": str(user.public_id)}
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if actor.user is None or token.user_id != actor.user.pk:
        raise NotVisible()
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(actor=actor, action="api_token.revoke", target=token)
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token matching ``raw`` (compared by hash), recording when it was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash_secret(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def password_change(*, actor: Actor, user: User, current_password: str, new_password: str) -> User:
    """Change one's own password; every other session of the person ends (Django's session hash)."""
    if actor.user is None or actor.user.pk != user.pk:
        raise NotVisible()
    if not user.check_password(current_password):
        raise ValidationFailed(
            _("The password could not be changed."),
            fields={"current_password": [_("This is not your current password.")]},
        )
    _validate_password(new_password, user)
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(actor=actor, action="user.password_change", target=user)
    return user


@transaction.atomic
def password_reset_completed(*, user: User) -> None:
    """After a password reset by e-mail link: every session and token of the person ends."""
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(password_changed_at=now, sessions_valid_after=now)
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    audit.record(
        actor=Actor(user=user, organisation=None, roles=frozenset(), via="web"),
        action="user.password_reset",
        target=user,
    )


# Two-factor authentication -------------------------------------------------------------------


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for enrolment (replaces any earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, actor: Actor, device: TOTPDevice, code: str) -> list[str]:
    """Confirm enrolment with a code from the app; returns new one-time recovery codes."""
    if actor.user is None or device.user_id != actor.user.pk:
        raise NotVisible()
    if not device.verify_token(code.strip().replace(" ", "")):
        raise ValidationFailed(
            _("That code did not match."),
            fields={
                "code": [_("That code did not match. Enter the 6-digit code your app shows now.")]
            },
        )
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_regenerate(user=device.user)
    audit.record(actor=actor, action="mfa.enrol", target=device.user)
    return codes


def recovery_codes_regenerate(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [secrets.token_hex(5) for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
