"""manage.py create_user USERNAME --organisation NAME --role ROLE [--email E]: idempotent bootstrap."""

from __future__ import annotations

import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.accounts.models import Organisation, User
from waypoint.accounts.services import membership_add, user_create
from waypoint.common.errors import DomainError

PASSWORD_VARIABLE = "WAYPOINT_NEW_USER_PASSWORD"  # noqa: S105  a variable name


class Command(BaseCommand):
    help = (
        "Create a person who can sign in and give them a role in an organisation. The password is "
        f"read from the environment variable {PASSWORD_VARIABLE}, or asked for. If the user exists, "
        "only the membership is added (if missing); the password is not changed. "
        f"Roles: {', '.join(Role.values)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="Organisation name.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def _password(self) -> str:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password:
            return password
        if not os.isatty(0):
            raise CommandError(
                f"Set {PASSWORD_VARIABLE} or run the command in a terminal to type the password."
            )
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first

    def handle(self, *args, **options):
        actor = Actor.console("create_user")
        organisation = Organisation.objects.filter(
            name__iexact=options["organisation"].strip()
        ).first()
        if organisation is None:
            raise CommandError(
                f"No organisation is called {options['organisation']!r}. "
                "Create it first with manage.py create_organisation."
            )
        try:
            with transaction.atomic():
                user = User.objects.filter(username__iexact=options["username"].strip()).first()
                created = user is None
                if user is None:
                    user = user_create(
                        actor=actor,
                        username=options["username"],
                        password=self._password(),
                        email=options["email"],
                        first_name=options["first_name"],
                        last_name=options["last_name"],
                    )
                membership_add(
                    actor=actor, user=user, organisation=organisation, role=options["role"]
                )
        except DomainError as error:
            details = "; ".join(
                f"{field}: {' '.join(msgs)}" for field, msgs in error.fields.items()
            )
            raise CommandError(f"{error.message} {details}".strip()) from error
        verb = "Created" if created else "Updated"
        self.stdout.write(
            f"{verb} {user.username}: {Role(options['role']).label} at {organisation.name}."
        )
