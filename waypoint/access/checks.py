"""Permission checks. Services call ``require`` before doing anything; views may call ``can``."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.roles import ROLE_PERMISSIONS, Perm
from waypoint.common.errors import ActionDenied, NotVisible

M = TypeVar("M", bound=Model)


def require(actor: Actor, perm: Perm) -> None:
    """Refuse with a reason when the actor's roles do not grant ``perm``.

    The message names what is missing (never anything about a record), so a refusal is
    understandable without revealing data.
    """
    if perm in actor.permissions:
        return
    if actor.user is None:
        raise ActionDenied(_("This action needs a signed-in person."))
    if actor.organisation is None:
        raise ActionDenied(_("You are not an active member of any organisation."))
    allowed = sorted(str(role.label) for role, perms in ROLE_PERMISSIONS.items() if perm in perms)
    raise ActionDenied(
        _("Your role in %(organisation)s does not allow this. Roles that may: %(roles)s.")
        % {"organisation": actor.organisation.name, "roles": ", ".join(allowed) or _("none")}
    )


def can(actor: Actor, perm: Perm) -> bool:
    return perm in actor.permissions


def get_visible(queryset: QuerySet[M], **lookup: Any) -> M:
    """The one object matching ``lookup`` in an access-checked queryset, or ``NotVisible``.

    "Missing" and "not yours" raise the same error, so existence never leaks.
    """
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError, ValidationError) as error:
        # A malformed id raises ValidationError or ValueError deep in the ORM: also "not found".
        raise NotVisible() from error
