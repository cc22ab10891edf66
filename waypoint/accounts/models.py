"""Organisations, the people who use Waypoint, their memberships (with a role), invitations, tokens."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.common.models import BaseModel


class User(AbstractUser):
    """A person who signs in to Waypoint (staff of an organisation, never a survivor)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    preferred_language = models.CharField(max_length=8, blank=True, default="")
    password_changed_at = models.DateTimeField(null=True, blank=True)
    # Sessions that began before this moment end at their next request (role removed, account
    # deactivated, password reset).
    sessions_valid_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["username"]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Organisation(BaseModel):
    """An agency, NGO, shelter, court or ministry taking part in the national response."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    org_type = models.CharField(_("type"), max_length=40, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=2, default="MT")
    city = models.CharField(_("city"), max_length=120, blank=True, default="")
    state = models.CharField(_("state or province"), max_length=120, blank=True, default="")
    street = models.CharField(_("street"), max_length=200, blank=True, default="")
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=40, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")
    website = models.URLField(_("website"), blank=True, default="")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(org_type__in=OrganisationType.values), name="organisation_type_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    """A person's role in one organisation. Roles grant permissions (see waypoint/access/roles.py)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(is_active=True),
                name="membership_one_active_role_per_organisation",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class Invitation(BaseModel):
    """An invitation to join an organisation with a role; the token is stored only as a hash."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class ApiToken(BaseModel):
    """A personal API token. Only its SHA-256 is stored; the token is shown once, when issued."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, default="")
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
