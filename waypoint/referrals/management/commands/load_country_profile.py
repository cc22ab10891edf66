"""Load a profile of the shipped reference file as a new version of this country's NRM profile."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from waypoint.access.actor import Actor
from waypoint.common.errors import DomainError
from waypoint.referrals import profiles
from waypoint.referrals.services import country_profile_load_reference
from waypoint.referrals.services.profiles import deployment_country


class Command(BaseCommand):
    help = (
        "Save a profile of waypoint/referrals/data/country_profiles.yaml (MT, MY, UK_EW, "
        "ECAT_DEFAULT) as a new version of this installation's country profile "
        "(WAYPOINT_COUNTRY). Clocks already running keep their due dates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "key", help="The profile in the reference file, e.g. MT or ECAT_DEFAULT."
        )
        parser.add_argument(
            "--effective-from",
            type=dt.date.fromisoformat,
            default=None,
            help="YYYY-MM-DD, today or later (default: today).",
        )
        parser.add_argument(
            "--list", action="store_true", help="List the reference profiles and stop."
        )

    def handle(self, *args, **options):
        reference = profiles.load_reference()
        if options["list"]:
            for key in reference:
                self.stdout.write(key)
            return
        try:
            profile = country_profile_load_reference(
                actor=Actor.console("load_country_profile"),
                key=options["key"],
                effective_from=options["effective_from"],
                reference=reference,
            )
        except DomainError as error:
            details = "; ".join(
                f"{name}: {' '.join(items)}" for name, items in error.fields.items()
            )
            raise CommandError(f"{error.message} {details}".strip()) from error
        self.stdout.write(
            f"{deployment_country()} profile version {profile.version} saved from {options['key']}, "
            f"in force from {profile.effective_from.isoformat()}."
        )
