"""Reminders of hearings: one per hearing, a few days before it, in Waypoint and by e-mail.

The message names the prosecution's reference, the kind of hearing and the date only: never a
defendant, a victim or a court case number.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from waypoint.access.roles import Role
from waypoint.accounts.models import User
from waypoint.enforcement.models import Hearing
from waypoint.notifications.services import notify

REMINDER_DAYS = 3  # remind when the hearing is this many days away or nearer


def _recipients(hearing: Hearing) -> set[User]:
    """The lead prosecutor (or every prosecutor of the service when none is named) and the lead
    investigator of the investigating agency."""
    prosecution = hearing.prosecution
    recipients: set[User] = set()
    if (
        prosecution.lead_prosecutor is not None
        and prosecution.lead_prosecutor.memberships.filter(
            organisation=prosecution.prosecuting_organisation, role=Role.PROSECUTOR, is_active=True
        ).exists()
    ):
        recipients.add(prosecution.lead_prosecutor)
    else:
        recipients.update(
            User.objects.filter(
                memberships__organisation=prosecution.prosecuting_organisation,
                memberships__role=Role.PROSECUTOR,
                memberships__is_active=True,
            )
        )
    investigation = prosecution.investigation
    lead = investigation.lead_investigator
    if (
        lead is not None
        and investigation.investigating_agency_id is not None
        and lead.memberships.filter(
            organisation_id=investigation.investigating_agency_id,
            role=Role.INVESTIGATOR,
            is_active=True,
        ).exists()
    ):
        recipients.add(lead)
    return {user for user in recipients if user.is_active}


def send_hearing_reminders(*, today: dt.date) -> int:
    """Remind the people following each hearing due within ``REMINDER_DAYS`` days, once."""
    due = (
        Hearing.objects.filter(
            outcome="",
            hearing_date__gte=today,
            hearing_date__lte=today + dt.timedelta(days=REMINDER_DAYS),
        )
        .filter(Q(reminded_on__isnull=True))
        .select_related(
            "prosecution__prosecuting_organisation",
            "prosecution__lead_prosecutor",
            "prosecution__investigation__lead_investigator",
        )
    )
    sent = 0
    for hearing in due:
        prosecution = hearing.prosecution
        title = _("%(type)s in criminal case %(reference)s on %(date)s") % {
            "type": hearing.get_hearing_type_display(),
            "reference": prosecution.reference,
            "date": hearing.hearing_date.isoformat(),
        }
        for user in sorted(_recipients(hearing), key=lambda person: person.pk):
            organisation = (
                prosecution.investigation.investigating_agency
                if user == prosecution.investigation.lead_investigator
                else prosecution.prosecuting_organisation
            )
            notify(
                recipient=user,
                organisation=organisation,
                kind="enforcement.hearing_due",
                title=title,
                link=reverse("enforcement:prosecution", args=[prosecution.public_id]) + "#hearings",
                dedupe_key=f"hearing:{hearing.public_id}",
                send_email=True,
            )
            sent += 1
        Hearing.objects.filter(pk=hearing.pk).update(reminded_on=today)
    return sent
