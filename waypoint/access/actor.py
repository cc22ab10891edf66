"""The actor: who is acting, for which organisation, with which roles. Built once per request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from waypoint.access.roles import (
    MFA_REQUIRED_ROLES,
    Perm,
    Role,
    Scope,
    permissions_for,
    widest_scope,
)

if TYPE_CHECKING:
    from waypoint.accounts.models import Organisation, User


@dataclass(frozen=True)
class Actor:
    """A person acting for one organisation (the one chosen in the switcher), or the system itself.

    ``roles`` are the person's active roles *in that organisation*; permissions are their union.
    """

    user: User | None
    organisation: Organisation | None
    roles: frozenset[Role]
    via: str = "web"
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip_address: str | None = None
    system_reason: str = ""

    @classmethod
    def system(cls, reason: str) -> Actor:
        """The system acting on its own (scheduled tasks, commands): no case-data scope at all."""
        return cls(
            user=None, organisation=None, roles=frozenset(), via="system", system_reason=reason
        )

    @classmethod
    def console(cls, command: str) -> Actor:
        """The operator at the server console running a bootstrap command (system administration).

        Whoever can run ``manage.py`` on the server already holds the keys; the console acts with
        the system administrator's permissions and nothing more (no case data).
        """
        return cls(
            user=None,
            organisation=None,
            roles=frozenset({Role.SYSTEM_ADMIN}),
            via="cli",
            system_reason=f"manage.py {command}",
        )

    @property
    def is_system(self) -> bool:
        return self.user is None

    @property
    def permissions(self) -> frozenset[Perm]:
        return permissions_for(self.roles)

    @property
    def scope(self) -> Scope:
        return widest_scope(self.roles)

    @property
    def requires_mfa(self) -> bool:
        return bool(self.roles & MFA_REQUIRED_ROLES)

    def can(self, perm: Perm) -> bool:
        return perm in self.permissions

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def organisation_id(self) -> int | None:
        return self.organisation.pk if self.organisation is not None else None

    def __str__(self) -> str:
        if self.user is None:
            return f"system ({self.system_reason})"
        organisation = self.organisation.name if self.organisation else "no organisation"
        return f"{self.user.username} @ {organisation}"
