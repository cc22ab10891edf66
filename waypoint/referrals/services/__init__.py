"""Writes of the National Referral Mechanism. Split by subdomain; import from here."""

from waypoint.referrals.services.nrm import (
    StepInput,
    nrm_refer,
    nrm_referral_open,
    nrm_transition,
)
from waypoint.referrals.services.profiles import (
    active_profile,
    country_profile_load_reference,
    country_profile_save,
)
from waypoint.referrals.services.timers import timers_sweep
from waypoint.referrals.services.tracks import track_open, track_transition

__all__ = [
    "StepInput",
    "active_profile",
    "country_profile_load_reference",
    "country_profile_save",
    "nrm_refer",
    "nrm_referral_open",
    "nrm_transition",
    "timers_sweep",
    "track_open",
    "track_transition",
]
