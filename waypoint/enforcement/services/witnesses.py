"""Victims in criminal proceedings, without exposing the support case.

The case worker of the support case links a victim to a criminal case, on the victim's consent to
share with the law-enforcement organisation, and chooses which facts to share; law enforcement sees
only a witness code, those facts (while the consent lasts) and records the victim's part in the
proceedings: cooperation, testimony, protective measures, and any penalty for acts they were
compelled to commit (the non-punishment principle).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.enforcement import (
    can_manage_witness_link,
    can_record_proceedings,
    case_worker_witness_links,
    visible_witnesses,
)
from waypoint.audit import services as audit
from waypoint.cases.choices import PersonRole
from waypoint.cases.models import CasePerson, CasePersonCode
from waypoint.cases.services.cases import require_case_work
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.enforcement.choices import ProtectiveMeasure, SharedFact
from waypoint.enforcement.models import (
    Investigation,
    Prosecution,
    VictimParticipation,
    WitnessProtectiveMeasure,
    WitnessShare,
)
from waypoint.enforcement.services.common import Errors, add_error, check_codes, raise_if
from waypoint.people.choices import ConsentPurpose
from waypoint.people.models import ConsentRecord

PROCEEDINGS_FIELDS = frozenset({"is_cooperating", "has_testified", "was_penalised"})


def _new_witness_code() -> str:
    return f"W-{secrets.token_hex(2).upper()}"


def _facts_of(case_person: CasePerson, facts: set[str]) -> dict[str, Any]:
    """Copies of the chosen facts (the rest blank), so law enforcement never reads the case."""
    person = case_person.person
    nationality = (
        person.citizenships.order_by("country").values_list("country", flat=True).first() or ""
    )
    forms = sorted(
        CasePersonCode.objects.filter(
            case_person=case_person, field="vic_TypeOfExploitation"
        ).values_list("code", flat=True)
    )
    return {
        "shared_gender": person.gender if SharedFact.GENDER in facts else "",
        "shared_age_band": person.age_band if SharedFact.AGE_BAND in facts else "",
        "shared_nationality": nationality if SharedFact.NATIONALITY in facts else "",
        "shared_exploitation_types": forms if SharedFact.EXPLOITATION_TYPE in facts else [],
    }


def _check_consent(
    errors: Errors, consent: ConsentRecord | None, case_person: CasePerson, organisation_id: int
) -> None:
    if (
        consent is None
        or consent.person_id != case_person.person_id
        or consent.purpose != ConsentPurpose.SHARING
        or not consent.is_active
        or consent.shared_with_id != organisation_id
    ):
        add_error(
            errors,
            "consent",
            _(
                "Choose the victim's active consent to share with this organisation "
                "(record it first if the victim agrees)."
            ),
        )


@transaction.atomic
def witness_link_create(
    *,
    actor: Actor,
    case_person: CasePerson,
    investigation_reference: str,
    consent: ConsentRecord | None,
    shared_facts: Iterable[str],
) -> VictimParticipation:
    """Link a victim of a support case to a criminal investigation as a pseudonymous witness.

    The case worker gives the investigation's reference (told by the investigator), the victim's
    consent to share with the investigating agency, and the facts to share. Nothing of the support
    case is visible to law enforcement.
    """
    require(actor, Perm.CASE_EDIT)
    require_case_work(actor, case_person.case)
    errors: Errors = {}
    if case_person.role != PersonRole.VICTIM:
        add_error(errors, "case_person", _("Only a victim takes part as a witness."))
    investigation = Investigation.objects.filter(
        reference=investigation_reference.strip().upper(), investigating_agency__isnull=False
    ).first()
    if investigation is None:
        add_error(errors, "investigation_reference", _("No investigation has this reference."))
    else:
        _check_consent(errors, consent, case_person, investigation.investigating_agency_id or 0)
        if VictimParticipation.objects.filter(
            investigation=investigation, case_person=case_person, ended_at__isnull=True
        ).exists():
            add_error(
                errors,
                "investigation_reference",
                _("This victim is already linked to this investigation."),
            )
    facts = check_codes(errors, "shared_facts", shared_facts, SharedFact.values)
    raise_if(errors, _("The victim could not be linked to the criminal case."))
    if (
        investigation is None
        or investigation.investigating_agency_id is None
        or consent is None
        or actor.organisation is None
    ):
        raise NotVisible()
    participation = None
    for _attempt in range(20):
        try:
            with transaction.atomic():
                participation = VictimParticipation.objects.create(
                    investigation=investigation,
                    witness_code=_new_witness_code(),
                    case_person=case_person,
                    linked_by=actor.user,
                    linked_for=actor.organisation,
                    **_facts_of(case_person, facts),
                )
            break
        except IntegrityError:
            continue
    if participation is None:
        raise ValidationFailed(_("No free witness code could be found; try again."))
    WitnessShare.objects.create(
        participation=participation,
        organisation_id=investigation.investigating_agency_id,
        consent=consent,
    )
    audit.record(
        actor=actor,
        action="enforcement.witness_link",
        target=participation,
        subject=case_person.case,
        details={"investigation": str(investigation.public_id), "facts": sorted(facts)},
    )
    if investigation.lead_investigator is not None and investigation.investigating_agency:
        from waypoint.notifications.services import notify

        notify(
            recipient=investigation.lead_investigator,
            organisation=investigation.investigating_agency,
            kind="enforcement.witness_linked",
            title=_("Witness %(code)s was linked to investigation %(reference)s")
            % {"code": participation.witness_code, "reference": investigation.reference},
            link=reverse("enforcement:detail", args=[investigation.public_id]) + "#witnesses",
            dedupe_key=f"witness-linked:{participation.public_id}",
        )
    return participation


def _managed_link(actor: Actor, participation: VictimParticipation) -> VictimParticipation:
    require(actor, Perm.CASE_EDIT)
    if not case_worker_witness_links(actor).filter(pk=participation.pk).exists():
        raise NotVisible()
    if not can_manage_witness_link(actor, participation):
        raise ActionDenied(_("Only the organisation working the support case changes this link."))
    return participation


@transaction.atomic
def witness_share_add(
    *, actor: Actor, participation: VictimParticipation, consent: ConsentRecord | None
) -> WitnessShare:
    """Let a prosecution service working on the criminal case see the shared facts too, on the
    victim's consent naming that service."""
    _managed_link(actor, participation)
    errors: Errors = {}
    organisation_id = consent.shared_with_id if consent is not None else None
    investigation = participation.investigation
    involved = organisation_id is not None and (
        investigation.handovers.filter(organisation_id=organisation_id).exists()
        or Prosecution.objects.filter(
            investigation=investigation, prosecuting_organisation_id=organisation_id
        ).exists()
    )
    if organisation_id is None or not involved:
        add_error(
            errors,
            "consent",
            _("Choose a consent naming a prosecution service working on this criminal case."),
        )
    else:
        _check_consent(errors, consent, participation.case_person, organisation_id)
        if participation.shares.filter(organisation_id=organisation_id).exists():
            add_error(errors, "consent", _("The facts are already shared with this service."))
    raise_if(errors, _("The facts could not be shared."))
    if consent is None or organisation_id is None:
        raise NotVisible()
    share = WitnessShare.objects.create(
        participation=participation, organisation_id=organisation_id, consent=consent
    )
    audit.record(
        actor=actor,
        action="enforcement.witness_share",
        target=share,
        subject=participation.case_person.case,
        details={"witness": str(participation.public_id)},
    )
    return share


@transaction.atomic
def witness_facts_update(
    *,
    actor: Actor,
    participation: VictimParticipation,
    shared_facts: Iterable[str],
    expected_version: int | None,
) -> VictimParticipation:
    """Choose again which facts are shared (their current values are copied)."""
    _managed_link(actor, participation)
    errors: Errors = {}
    facts = check_codes(errors, "shared_facts", shared_facts, SharedFact.values)
    raise_if(errors, _("The shared facts could not be saved."))
    values = _facts_of(participation.case_person, facts)
    for name, value in values.items():
        setattr(participation, name, value)
    save_versioned(participation, expected_version=expected_version, fields=list(values))
    audit.record(
        actor=actor,
        action="enforcement.witness_facts",
        target=participation,
        subject=participation.case_person.case,
        details={"facts": sorted(facts)},
    )
    return participation


@transaction.atomic
def witness_link_end(*, actor: Actor, participation: VictimParticipation) -> VictimParticipation:
    """End the link (made by mistake, or the victim no longer takes part): law enforcement no longer
    sees the witness."""
    _managed_link(actor, participation)
    locked = VictimParticipation.objects.select_for_update().get(pk=participation.pk)
    if locked.ended_at is not None:
        raise ValidationFailed(_("This link has already ended."))
    locked.ended_at = timezone.now()
    save_versioned(locked, expected_version=None, fields=["ended_at"])
    audit.record(
        actor=actor,
        action="enforcement.witness_unlink",
        target=locked,
        subject=locked.case_person.case,
    )
    return locked


@transaction.atomic
def witness_proceedings_update(
    *,
    actor: Actor,
    participation: VictimParticipation,
    values: Mapping[str, Any],
    protective_measures: Iterable[str] | None = None,
    expected_version: int | None,
) -> VictimParticipation:
    """Record the victim's part in the proceedings (law enforcement: investigators of the agency,
    prosecutors bringing a prosecution on the case)."""
    require(actor, Perm.INVESTIGATION_VIEW)
    if not visible_witnesses(actor).filter(pk=participation.pk).exists():
        raise NotVisible()
    if not can_record_proceedings(actor, participation):
        raise ActionDenied(
            _("Only the investigators of the agency or the prosecutors of the case record this.")
        )
    errors: Errors = {}
    for name in sorted(set(values) - PROCEEDINGS_FIELDS):
        add_error(errors, name, _("This field cannot be changed here."))
    for name in PROCEEDINGS_FIELDS & set(values):
        if values[name] not in (True, False, None):
            add_error(errors, name, _("Yes, no or not recorded."))
    measures = None
    if protective_measures is not None:
        measures = check_codes(
            errors, "protective_measures", protective_measures, ProtectiveMeasure.values
        )
    raise_if(errors, _("The witness's part could not be saved."))
    for name, value in values.items():
        setattr(participation, name, value)
    save_versioned(participation, expected_version=expected_version, fields=list(values))
    if measures is not None:
        WitnessProtectiveMeasure.objects.filter(participation=participation).exclude(
            code__in=measures
        ).delete()
        existing = set(participation.protective_measures.values_list("code", flat=True))
        WitnessProtectiveMeasure.objects.bulk_create(
            [
                WitnessProtectiveMeasure(participation=participation, code=code)
                for code in sorted(measures - existing)
            ]
        )
    audit.record(
        actor=actor,
        action="enforcement.witness_proceedings",
        target=participation,
        subject=participation.investigation,
        details={"fields": sorted(values), "measures": sorted(measures or [])},
    )
    return participation
