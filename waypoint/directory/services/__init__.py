"""Writes of the services directory. Split by subdomain; import from here."""

from waypoint.directory.services.catalogue import (
    service_availability_set,
    service_create,
    service_update,
)
from waypoint.directory.services.referrals import service_referral_create, service_referral_step

__all__ = [
    "service_availability_set",
    "service_create",
    "service_referral_create",
    "service_referral_step",
    "service_update",
]
