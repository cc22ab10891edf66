"""The actor of the exchange commands (``manage.py import_htcds``, ``import_ctdc``,
``export_htcds``).

Whoever can run ``manage.py`` on the server holds the database and the data keys already. These
commands therefore act as the system, for one organisation the operator names explicitly, with the
permissions a case supervisor has there: import into it, and export the cases it owns (identifying
fields only when ``--identifying`` is given). Every run is an audited job like an upload.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.accounts.models import Organisation


def organisation_named(name: str | None) -> Organisation:
    if not name:
        active = list(Organisation.objects.filter(is_active=True)[:2])
        if len(active) == 1:
            return active[0]
        raise CommandError("Name the organisation with --organisation NAME.")
    organisation = Organisation.objects.filter(name__iexact=name.strip(), is_active=True).first()
    if organisation is None:
        raise CommandError(f"No active organisation is called {name!r}.")
    return organisation


def console_actor(command: str, organisation: Organisation) -> Actor:
    return Actor(
        user=None,
        organisation=organisation,
        roles=frozenset({Role.CASE_SUPERVISOR}),
        via="cli",
        system_reason=f"manage.py {command}",
    )
