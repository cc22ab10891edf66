"""manage.py demo_totp: the current two-factor code of the demo accounts (never in production)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from waypoint.operations.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = (
        "Print the current 6-digit two-factor code shared by the demo accounts (development only)."
    )

    def handle(self, *args, **options):
        if settings.WAYPOINT_ENV == "production":
            raise CommandError("Demo accounts do not exist in production.")
        code = totp(DEMO_TOTP_KEY, step=30, t0=0, digits=6, drift=0)
        remaining = 30 - int(time.time()) % 30
        self.stdout.write(f"{code:06d}")
        self.stderr.write(f"(valid for about {remaining} more seconds)")
