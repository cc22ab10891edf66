"""Erasing a person from the NRM (called by ``waypoint.retention`` inside its erasure).

The information sent to the competent authority, the reasons of decisions and transitions and the
details of parallel tracks are removed; states, dates, outcomes and deadlines stay, so NRM
performance statistics still count them.
"""

from __future__ import annotations

from django.db.models import Q

from waypoint.people.models import Person
from waypoint.referrals.models import NrmDecision, NrmReferral, Track, TransitionRecord
from waypoint.retention.erasure import ErasureReport, clear_encrypted


def erase_person_from_nrm(person: Person, report: ErasureReport) -> None:
    referrals = NrmReferral.objects.filter(case_person__person=person)
    tracks = Track.objects.filter(case_person__person=person)
    clear_encrypted(referrals, report)
    clear_encrypted(NrmDecision.objects.filter(referral__in=referrals), report)
    clear_encrypted(tracks, report)
    clear_encrypted(
        TransitionRecord.objects.filter(Q(referral__in=referrals) | Q(track__in=tracks)), report
    )
