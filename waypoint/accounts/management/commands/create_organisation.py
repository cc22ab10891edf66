"""manage.py create_organisation NAME --type TYPE [--country CC]: idempotent bootstrap."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from waypoint.access.actor import Actor
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Organisation
from waypoint.accounts.services import organisation_create
from waypoint.common.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create an organisation. Running it again with the same name changes nothing. "
        f"Types: {', '.join(OrganisationType.values)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The organisation's name (unique).")
        parser.add_argument(
            "--type",
            dest="org_type",
            required=True,
            choices=OrganisationType.values,
            help="HTCDS org_Type code, or a Waypoint extension.",
        )
        parser.add_argument(
            "--country", default="MT", help="ISO 3166 two-letter code (default MT)."
        )
        parser.add_argument("--city", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        name = options["name"].strip()
        existing = Organisation.objects.filter(name__iexact=name).first()
        if existing is not None:
            if existing.org_type != options["org_type"]:
                raise CommandError(
                    f"{existing.name} already exists with type {existing.org_type}; "
                    "change it on the organisation page."
                )
            self.stdout.write(
                f"Organisation {existing.name} already exists (id {existing.public_id})."
            )
            return
        try:
            organisation = organisation_create(
                actor=Actor.console("create_organisation"),
                name=name,
                org_type=options["org_type"],
                country=options["country"].upper(),
                city=options["city"],
                phone=options["phone"],
                email=options["email"],
            )
        except DomainError as error:
            details = "; ".join(
                f"{field}: {' '.join(msgs)}" for field, msgs in error.fields.items()
            )
            raise CommandError(f"{error.message} {details}".strip()) from error
        self.stdout.write(
            f"Created organisation {organisation.name} (id {organisation.public_id})."
        )
