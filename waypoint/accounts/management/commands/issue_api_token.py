"""manage.py issue_api_token USERNAME: prints one new personal API token and nothing else."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from waypoint.access.actor import Actor
from waypoint.accounts.models import User
from waypoint.accounts.services import api_token_issue


class Command(BaseCommand):
    help = (
        "Issue a new personal API token for USERNAME and print it (only the token) to stdout. "
        "Use it as 'Authorization: Token <token>'. Only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="issued at the console", help="A label for the token."
        )

    def handle(self, *args, **options):
        user = User.objects.filter(username__iexact=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user is called {options['username']!r}.")
        _token, raw = api_token_issue(
            actor=Actor.console("issue_api_token"), user=user, name=options["name"]
        )
        self.stdout.write(raw)
