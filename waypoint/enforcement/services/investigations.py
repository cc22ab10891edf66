"""Investigations: opening, editing, closing, handing over to prosecution; suspects (persons with
the HTCDS perpetrator context and the complicity of public officials); organised-crime groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.enforcement import (
    manageable_investigations,
)
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Membership, Organisation, User
from waypoint.audit import services as audit
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.enforcement.choices import (
    ClosureReason,
    InvestigationStatus,
    TypeOfExploitation,
)
from waypoint.enforcement.models import (
    Handover,
    Investigation,
    InvestigationExploitation,
    Statute,
)
from waypoint.enforcement.services.common import (
    Errors,
    add_error,
    check_codes,
    check_not_before,
    check_past_date,
    check_text,
    create_with_reference,
    raise_if,
)

INVESTIGATION_FIELDS = frozenset(
    {
        "opened_on",
        "summary",
        "external_reference",
        "lead_investigator",
        "exploitation_forms",
        "offences",
    }
)


def manageable_investigation(actor: Actor, investigation: Investigation) -> Investigation:
    """The investigation, if the actor may change it (404 otherwise: missing and not-yours match)."""
    require(actor, Perm.INVESTIGATION_MANAGE)
    if not manageable_investigations(actor).filter(pk=investigation.pk).exists():
        raise NotVisible()
    return investigation


def _check_lead(errors: Errors, organisation: Organisation, user: User | None) -> None:
    if user is None:
        return
    if not Membership.objects.filter(
        user=user, organisation=organisation, role=Role.INVESTIGATOR, is_active=True
    ).exists():
        add_error(errors, "lead_investigator", _("Not an investigator of this agency."))


def _check_offences(errors: Errors, offences: Iterable[Statute]) -> list[Statute]:
    chosen = list(offences)
    if any(not statute.is_active for statute in chosen):
        add_error(errors, "offences", _("A statute that is no longer in use cannot be chosen."))
    return chosen


def _validate_investigation(
    values: Mapping[str, Any], *, today: dt.date, organisation: Organisation
) -> tuple[Errors, set[str]]:
    errors: Errors = {}
    for name in sorted(set(values) - INVESTIGATION_FIELDS):
        add_error(errors, name, _("This field cannot be changed here."))
    if "opened_on" in values:
        check_past_date(errors, "opened_on", values["opened_on"], today=today, required=True)
    check_text(errors, "summary", values.get("summary"), 5000)
    check_text(errors, "external_reference", values.get("external_reference"), 60)
    _check_lead(errors, organisation, values.get("lead_investigator"))
    forms = check_codes(
        errors,
        "exploitation_forms",
        values.get("exploitation_forms") or [],
        TypeOfExploitation.values,
    )
    _check_offences(errors, values.get("offences") or [])
    return errors, forms


def _set_forms(investigation: Investigation, forms: set[str]) -> None:
    InvestigationExploitation.objects.filter(investigation=investigation).exclude(
        code__in=forms
    ).delete()
    existing = set(investigation.exploitation_forms.values_list("code", flat=True))
    InvestigationExploitation.objects.bulk_create(
        [
            InvestigationExploitation(investigation=investigation, code=code)
            for code in sorted(forms - existing)
        ]
    )


@transaction.atomic
def investigation_open(
    *,
    actor: Actor,
    opened_on: dt.date,
    exploitation_forms: Sequence[str] = (),
    offences: Sequence[Statute] = (),
    summary: str = "",
    external_reference: str = "",
    lead_investigator: User | None = None,
) -> Investigation:
    """Open an investigation for the actor's agency (investigators only)."""
    require(actor, Perm.INVESTIGATION_MANAGE)
    if actor.organisation is None or not actor.has_role(Role.INVESTIGATOR):
        raise ActionDenied(_("Only an investigator of a law-enforcement agency opens one."))
    organisation = actor.organisation
    values = {
        "opened_on": opened_on,
        "summary": summary,
        "external_reference": external_reference,
        "lead_investigator": lead_investigator,
        "exploitation_forms": list(exploitation_forms),
        "offences": list(offences),
    }
    errors, forms = _validate_investigation(
        values, today=timezone.localdate(), organisation=organisation
    )
    raise_if(errors, _("The investigation could not be opened."))
    investigation = create_with_reference(
        lambda reference: Investigation.objects.create(
            reference=reference,
            investigating_agency=organisation,
            external_reference=external_reference.strip(),
            lead_investigator=lead_investigator or actor.user,
            created_by=actor.user,
            opened_on=opened_on,
            summary=summary or None,
        ),
        "INV",
    )
    _set_forms(investigation, forms)
    investigation.offences.set(offences)
    audit.record(
        actor=actor,
        action="enforcement.investigation_open",
        target=investigation,
        details={"forms": sorted(forms), "offences": len(offences)},
    )
    return investigation


@transaction.atomic
def investigation_update(
    *,
    actor: Actor,
    investigation: Investigation,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Investigation:
    """Change the investigation's details, forms of exploitation and offences."""
    manageable_investigation(actor, investigation)
    if actor.organisation is None:
        raise NotVisible()
    errors, forms = _validate_investigation(
        changes, today=timezone.localdate(), organisation=actor.organisation
    )
    opened_on = changes.get("opened_on", investigation.opened_on)
    check_not_before(
        errors,
        "opened_on",
        investigation.closed_on,
        opened_on,
        _("The investigation cannot open after it closed."),
    )
    raise_if(errors, _("The investigation could not be saved."))
    plain = {
        name: value
        for name, value in changes.items()
        if name not in ("exploitation_forms", "offences")
    }
    for name, value in plain.items():
        setattr(investigation, name, (value or None) if name == "summary" else value)
    save_versioned(investigation, expected_version=expected_version, fields=list(plain))
    if "exploitation_forms" in changes:
        _set_forms(investigation, forms)
    if "offences" in changes:
        investigation.offences.set(changes["offences"])
    audit.record(
        actor=actor,
        action="enforcement.investigation_update",
        target=investigation,
        details={"fields": sorted(changes)},
    )
    return investigation


@transaction.atomic
def investigation_close(
    *,
    actor: Actor,
    investigation: Investigation,
    closure_reason: str,
    closed_on: dt.date | None = None,
    expected_version: int | None,
) -> Investigation:
    """Close an investigation with a coded reason (prosecutions on it continue)."""
    manageable_investigation(actor, investigation)
    locked = Investigation.objects.select_for_update().get(pk=investigation.pk)
    errors: Errors = {}
    closed_on = closed_on or timezone.localdate()
    if locked.status == InvestigationStatus.CLOSED:
        add_error(errors, "status", _("The investigation is already closed."))
    if closure_reason not in ClosureReason.values:
        add_error(errors, "closure_reason", _("Choose why the investigation is closing."))
    check_past_date(errors, "closed_on", closed_on, today=timezone.localdate())
    check_not_before(
        errors,
        "closed_on",
        closed_on,
        locked.opened_on,
        _("An investigation cannot close before it opened."),
    )
    raise_if(errors, _("The investigation could not be closed."))
    locked.status = InvestigationStatus.CLOSED
    locked.closure_reason = closure_reason
    locked.closed_on = closed_on
    save_versioned(
        locked,
        expected_version=expected_version,
        fields=["status", "closure_reason", "closed_on"],
    )
    audit.record(
        actor=actor,
        action="enforcement.investigation_close",
        target=locked,
        details={"reason": closure_reason},
    )
    return locked


@transaction.atomic
def investigation_reopen(
    *, actor: Actor, investigation: Investigation, expected_version: int | None
) -> Investigation:
    manageable_investigation(actor, investigation)
    locked = Investigation.objects.select_for_update().get(pk=investigation.pk)
    if locked.status != InvestigationStatus.CLOSED:
        raise ValidationFailed(
            _("The investigation is open."), fields={"status": [_("The investigation is open.")]}
        )
    locked.status = InvestigationStatus.OPEN
    locked.closure_reason = ""
    locked.closed_on = None
    save_versioned(
        locked, expected_version=expected_version, fields=["status", "closure_reason", "closed_on"]
    )
    audit.record(actor=actor, action="enforcement.investigation_reopen", target=locked)
    return locked


@transaction.atomic
def investigation_hand_over(
    *,
    actor: Actor,
    investigation: Investigation,
    organisation: Organisation,
    handed_on: dt.date | None = None,
) -> Handover:
    """Hand the file to a prosecution service: its prosecutors then see the investigation and may
    bring a prosecution. The prosecutors are told (without any names)."""
    manageable_investigation(actor, investigation)
    errors: Errors = {}
    handed_on = handed_on or timezone.localdate()
    if organisation.org_type != OrganisationType.PROSECUTION or not organisation.is_active:
        add_error(errors, "organisation", _("Choose an active prosecution service."))
    if Handover.objects.filter(investigation=investigation, organisation=organisation).exists():
        add_error(errors, "organisation", _("The file was already handed to this service."))
    check_past_date(errors, "handed_on", handed_on, today=timezone.localdate())
    check_not_before(
        errors,
        "handed_on",
        handed_on,
        investigation.opened_on,
        _("The file cannot be handed over before the investigation opened."),
    )
    raise_if(errors, _("The file could not be handed over."))
    handover = Handover.objects.create(
        investigation=investigation,
        organisation=organisation,
        handed_on=handed_on,
        handed_by=actor.user,
    )
    audit.record(
        actor=actor,
        action="enforcement.investigation_hand_over",
        target=handover,
        subject=investigation,
        details={"organisation": str(organisation.public_id)},
    )
    from waypoint.notifications.services import notify

    prosecutors = User.objects.filter(
        memberships__organisation=organisation,
        memberships__role=Role.PROSECUTOR,
        memberships__is_active=True,
        is_active=True,
    ).distinct()
    for prosecutor in prosecutors:
        notify(
            recipient=prosecutor,
            organisation=organisation,
            kind="enforcement.handover",
            title=_("Investigation %(reference)s was handed to your service")
            % {"reference": investigation.reference},
            link=reverse("enforcement:detail", args=[investigation.public_id]),
            dedupe_key=f"handover:{handover.public_id}",
            send_email=True,
        )
    return handover
