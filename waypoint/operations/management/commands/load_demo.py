"""manage.py load_demo: fictional demo data (idempotent); prints the demo logins."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waypoint.access.roles import MFA_REQUIRED_ROLES
from waypoint.operations import demo


class Command(BaseCommand):
    help = (
        "Load fictional demo data: two organisations per sector, a person for every role and "
        "fictional cases. Running it again adds only what is missing. Refused in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, **options):
        if settings.WAYPOINT_ENV == "production":
            raise CommandError("Demo data is never loaded in production.")
        context = demo.load()
        added = len(context.log)
        self.stdout.write(
            f"Demo data ready ({added} new records)." if added else "Demo data ready."
        )
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo logins (every password: {demo.DEMO_PASSWORD})")
        self.stdout.write(f"  {'user name':<28} {'role':<38} organisation")
        for username, key, role, _label in demo.USERS:
            marker = " *" if role in MFA_REQUIRED_ROLES else ""
            self.stdout.write(
                f"  {username:<28} {str(role.label) + marker:<38} {context.organisations[key].name}"
            )
        self.stdout.write(
            "  * two-factor code needed: run `.venv/bin/python manage.py demo_totp` for the current "
            f"code, or add the key {demo.demo_totp_secret()} to an authenticator app."
        )
        self.stdout.write("")
