"""Reads of criminal cases for pages and the API, always through the enforcement scopes.

Reads that show suspects' or defendants' identifying data are recorded in the audit log. Witnesses
are returned as :class:`WitnessView` (a code and the consented facts), never as persons or cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.accounts import colleagues, visible_organisations
from waypoint.access.scopes.cases import visible_cases, visible_persons
from waypoint.access.scopes.enforcement import (
    can_manage_witness_link,
    can_record_proceedings,
    case_worker_witness_links,
    manageable_criminal_groups,
    manageable_investigations,
    manageable_prosecutions,
    visible_criminal_groups,
    visible_investigations,
    visible_prosecutions,
    visible_statutes,
    visible_suspects,
    visible_witnesses,
    witness_fact_organisations,
)
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Organisation, User
from waypoint.audit import services as audit
from waypoint.cases.choices import PersonRole
from waypoint.cases.models import Case, CasePerson
from waypoint.enforcement.models import (
    Appeal,
    Charge,
    CompensationOrder,
    CriminalGroup,
    Defendant,
    Hearing,
    Investigation,
    Prosecution,
    Statute,
    Suspect,
    VictimParticipation,
)
from waypoint.people.choices import ConsentPurpose
from waypoint.people.models import ConsentRecord, Person, PersonCitizenship

SORTS = {
    "opened": "opened_on",
    "-opened": "-opened_on",
    "reference": "reference",
    "-reference": "-reference",
    "status": "status",
    "-status": "-status",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


@dataclass(frozen=True)
class CriminalCaseFilter:
    status: str = ""
    prosecution_status: str = ""
    agency: str = ""  # investigating agency public id
    statute: str = ""  # statute public id (offence investigated or charge)
    exploitation_form: str = ""
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None
    charged_from: dt.date | None = None
    charged_to: dt.date | None = None
    complicity: bool = False
    official_agency_type: str = ""
    search: str = ""  # references, file numbers, witness codes, statute codes
    sort: str = "-opened"


def criminal_case_list(*, actor: Actor, filters: CriminalCaseFilter) -> QuerySet[Investigation]:
    """Criminal cases (investigations with their prosecutions) the actor may see, filtered and
    sorted. Rows carry no identifying data; support records are never searched."""
    queryset = visible_investigations(actor).select_related("investigating_agency")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.prosecution_status:
        queryset = queryset.filter(
            Exists(
                Prosecution.objects.filter(
                    investigation=OuterRef("pk"), status=filters.prosecution_status
                )
            )
        )
    if filters.agency:
        queryset = queryset.filter(investigating_agency__public_id=filters.agency)
    if filters.statute:
        queryset = queryset.filter(
            Q(offences__public_id=filters.statute)
            | Exists(
                Charge.objects.filter(
                    defendant__prosecution__investigation=OuterRef("pk"),
                    statute__public_id=filters.statute,
                )
            )
        )
    if filters.exploitation_form:
        queryset = queryset.filter(exploitation_forms__code=filters.exploitation_form)
    if filters.opened_from:
        queryset = queryset.filter(opened_on__gte=filters.opened_from)
    if filters.opened_to:
        queryset = queryset.filter(opened_on__lte=filters.opened_to)
    if filters.charged_from or filters.charged_to:
        charges = Charge.objects.filter(defendant__prosecution__investigation=OuterRef("pk"))
        if filters.charged_from:
            charges = charges.filter(charged_on__gte=filters.charged_from)
        if filters.charged_to:
            charges = charges.filter(charged_on__lte=filters.charged_to)
        queryset = queryset.filter(Exists(charges))
    if filters.complicity or filters.official_agency_type:
        officials = Suspect.objects.filter(investigation=OuterRef("pk"), is_public_official=True)
        if filters.official_agency_type:
            officials = officials.filter(official_agency_type=filters.official_agency_type)
        queryset = queryset.filter(Exists(officials))
    if filters.search.strip():
        term = filters.search.strip()
        queryset = queryset.filter(
            Q(reference__icontains=term)
            | Q(external_reference__icontains=term)
            | Q(investigating_agency__name__icontains=term)
            | Exists(
                Prosecution.objects.filter(investigation=OuterRef("pk"), reference__icontains=term)
            )
            | Exists(
                VictimParticipation.objects.filter(
                    investigation=OuterRef("pk"), witness_code__iexact=term, ended_at__isnull=True
                )
            )
            | Exists(
                Charge.objects.filter(
                    defendant__prosecution__investigation=OuterRef("pk"),
                ).filter(Q(statute__code__iexact=term) | Q(external_statute_code__iexact=term))
            )
        )
    queryset = queryset.distinct().annotate(suspect_count=Count("suspects", distinct=True))
    return queryset.prefetch_related(
        "exploitation_forms",
        Prefetch(
            "prosecutions",
            queryset=Prosecution.objects.select_related("prosecuting_organisation").order_by(
                "created_at"
            ),
        ),
    ).order_by(SORTS.get(filters.sort, "-opened_on"), "-pk")


def investigation_get(*, actor: Actor, public_id: object) -> Investigation:
    return get_visible(
        visible_investigations(actor).select_related("investigating_agency", "lead_investigator"),
        public_id=public_id,
    )


def can_manage_investigation(actor: Actor, investigation: Investigation) -> bool:
    return manageable_investigations(actor).filter(pk=investigation.pk).exists()


def can_manage_prosecution(actor: Actor, prosecution: Prosecution) -> bool:
    return manageable_prosecutions(actor).filter(pk=prosecution.pk).exists()


@dataclass(frozen=True)
class WitnessView:
    """A victim as law enforcement sees them: a code, the consented facts, their part in the case."""

    public_id: str
    witness_code: str
    version: int
    facts_visible: bool
    gender: str
    age_band: str
    nationality: str
    exploitation_types: list[str]
    is_cooperating: bool | None
    has_testified: bool | None
    was_penalised: bool | None
    protective_measures: list[str]
    can_record: bool


def _witness_views(actor: Actor, participations: list[VictimParticipation]) -> list[WitnessView]:
    allowed = witness_fact_organisations([item.pk for item in participations])
    organisation_id = actor.organisation.pk if actor.organisation is not None else None
    views = []
    for item in participations:
        visible = organisation_id is not None and organisation_id in allowed.get(item.pk, set())
        views.append(
            WitnessView(
                public_id=str(item.public_id),
                witness_code=item.witness_code,
                version=item.version,
                facts_visible=visible,
                gender=item.shared_gender if visible else "",
                age_band=item.shared_age_band if visible else "",
                nationality=item.shared_nationality if visible else "",
                exploitation_types=list(item.shared_exploitation_types) if visible else [],
                is_cooperating=item.is_cooperating,
                has_testified=item.has_testified,
                was_penalised=item.was_penalised,
                protective_measures=sorted(
                    measure.code for measure in item.protective_measures.all()
                ),
                can_record=can_record_proceedings(actor, item),
            )
        )
    return views


def witness_list(*, actor: Actor, investigation: Investigation) -> list[WitnessView]:
    participations = list(
        visible_witnesses(actor)
        .filter(investigation=investigation)
        .prefetch_related("protective_measures")
        .order_by("created_at")
    )
    return _witness_views(actor, participations)


def witness_get(*, actor: Actor, public_id: object) -> tuple[VictimParticipation, WitnessView]:
    """A witness for law enforcement (the participation row is for services only, never shown)."""
    participation = get_visible(
        visible_witnesses(actor).prefetch_related("protective_measures"), public_id=public_id
    )
    return participation, _witness_views(actor, [participation])[0]


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date | None
    year: int | None
    kind: str
    text: str
    link: str = ""

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        if self.date is not None:
            return (self.date, 0)
        if self.year is not None:
            return (dt.date(self.year, 12, 31), 1)
        return (dt.date.max, 2)


@dataclass
class CriminalCaseView:
    investigation: Investigation
    suspects: list[Suspect]
    groups: dict[int, list[CriminalGroup]]
    prosecutions: Sequence[Prosecution]
    witnesses: list[WitnessView]
    can_manage: bool
    can_prosecute: bool
    forms: list[str] = field(default_factory=list)


def _suspects(investigation: Investigation) -> list[Suspect]:
    return list(
        investigation.suspects.select_related("person")
        .prefetch_related(
            "roles",
            Prefetch(
                "person__citizenships", queryset=PersonCitizenship.objects.order_by("country")
            ),
            "criminal_groups",
        )
        .order_by("created_at")
    )


def criminal_case_view(*, actor: Actor, investigation: Investigation) -> CriminalCaseView:
    """Everything on the criminal case page. Showing the suspects is an audited read."""
    suspects = _suspects(investigation)
    groups = {
        suspect.pk: [
            group
            for group in suspect.criminal_groups.all()
            if visible_criminal_groups(actor).filter(pk=group.pk).exists()
        ]
        for suspect in suspects
    }
    prosecutions = list(
        visible_prosecutions(actor)
        .filter(investigation=investigation)
        .select_related("prosecuting_organisation", "court")
        .annotate(defendant_count=Count("defendants"))
        .order_by("created_at")
    )
    if suspects:
        audit.record(
            actor=actor,
            action="enforcement.investigation_view",
            target=investigation,
            details={"suspects": len(suspects)},
        )
    can_prosecute = (
        actor.organisation is not None
        and actor.can(Perm.PROSECUTION_MANAGE)
        and actor.has_role(Role.PROSECUTOR)
        and investigation.handovers.filter(organisation=actor.organisation).exists()
    )
    return CriminalCaseView(
        investigation=investigation,
        suspects=suspects,
        groups=groups,
        prosecutions=prosecutions,
        witnesses=witness_list(actor=actor, investigation=investigation),
        can_manage=can_manage_investigation(actor, investigation),
        can_prosecute=can_prosecute,
        forms=sorted(investigation.exploitation_forms.values_list("code", flat=True)),
    )


def prosecution_get(*, actor: Actor, public_id: object) -> Prosecution:
    return get_visible(
        visible_prosecutions(actor).select_related(
            "investigation", "prosecuting_organisation", "court", "lead_prosecutor"
        ),
        public_id=public_id,
    )


def prosecution_defendants(*, actor: Actor, prosecution: Prosecution) -> list[Defendant]:
    """Defendants with everything decided about them; an audited read (names are shown)."""
    defendants = list(
        prosecution.defendants.select_related("suspect__person")
        .prefetch_related(
            Prefetch(
                "charges",
                queryset=Charge.objects.select_related("statute", "verdict").order_by(
                    "charged_on", "created_at"
                ),
            ),
            "sentences",
            Prefetch("appeals", queryset=Appeal.objects.select_related("court")),
            Prefetch(
                "compensation_orders",
                queryset=CompensationOrder.objects.select_related("beneficiary").prefetch_related(
                    "payments"
                ),
            ),
        )
        .order_by("created_at")
    )
    if defendants:
        audit.record(
            actor=actor,
            action="enforcement.prosecution_view",
            target=prosecution,
            subject=prosecution.investigation,
            details={"defendants": len(defendants)},
        )
    return defendants


def timeline(*, actor: Actor, investigation: Investigation) -> list[TimelineEntry]:
    """The criminal case from the investigation to the last payment, oldest first."""
    from django.utils.translation import gettext as _

    entries: list[TimelineEntry] = []
    entries.append(
        TimelineEntry(investigation.opened_on, None, "investigation", _("Investigation opened"))
    )
    if investigation.closed_on:
        entries.append(
            TimelineEntry(investigation.closed_on, None, "investigation", _("Investigation closed"))
        )
    for suspect in investigation.suspects.select_related("person").order_by("created_at"):
        entries.append(
            TimelineEntry(
                suspect.identified_on,
                None,
                "suspect",
                _("Suspect recorded: %(name)s") % {"name": suspect.person.display_name},
            )
        )
        if suspect.arrested_on:
            entries.append(
                TimelineEntry(
                    suspect.arrested_on,
                    None,
                    "suspect",
                    _("Arrest: %(name)s") % {"name": suspect.person.display_name},
                )
            )
    for handover in investigation.handovers.select_related("organisation"):
        entries.append(
            TimelineEntry(
                handover.handed_on,
                None,
                "handover",
                _("File handed to %(organisation)s") % {"organisation": handover.organisation.name},
            )
        )
    prosecutions = visible_prosecutions(actor).filter(investigation=investigation)
    for prosecution in prosecutions:
        entries.append(
            TimelineEntry(
                prosecution.filed_on,
                None,
                "prosecution",
                _("Proceedings %(reference)s started") % {"reference": prosecution.reference},
            )
        )
        if prosecution.concluded_on:
            entries.append(
                TimelineEntry(
                    prosecution.concluded_on,
                    None,
                    "prosecution",
                    _("Proceedings %(reference)s ended") % {"reference": prosecution.reference},
                )
            )
    defendants = Defendant.objects.filter(prosecution__in=prosecutions)
    for charge in Charge.objects.filter(defendant__in=defendants).select_related(
        "statute", "defendant__suspect__person", "verdict"
    ):
        name = charge.defendant.suspect.person.display_name
        statute = str(charge.statute) if charge.statute else charge.external_statute_code
        entries.append(
            TimelineEntry(
                charge.charged_on,
                None,
                "charge",
                _("%(name)s charged under %(statute)s") % {"name": name, "statute": statute},
            )
        )
        verdict = getattr(charge, "verdict", None)
        if verdict is not None:
            entries.append(
                TimelineEntry(
                    verdict.decided_on,
                    verdict.year,
                    "verdict",
                    _("Verdict for %(name)s under %(statute)s: %(outcome)s")
                    % {"name": name, "statute": statute, "outcome": verdict.get_outcome_display()},
                )
            )
    for hearing in Hearing.objects.filter(prosecution__in=prosecutions):
        entries.append(
            TimelineEntry(
                hearing.hearing_date,
                None,
                "hearing",
                _("Hearing: %(type)s%(outcome)s")
                % {
                    "type": hearing.get_hearing_type_display(),
                    "outcome": f" ({hearing.get_outcome_display()})" if hearing.outcome else "",
                },
            )
        )
    for defendant in defendants.select_related("suspect__person").prefetch_related(
        "sentences", "appeals", "compensation_orders__payments"
    ):
        name = defendant.suspect.person.display_name
        for sentence in defendant.sentences.all():
            entries.append(
                TimelineEntry(
                    sentence.sentenced_on,
                    sentence.year,
                    "sentence",
                    _("Sentence for %(name)s: %(summary)s")
                    % {"name": name, "summary": sentence_summary(sentence)},
                )
            )
        for appeal in defendant.appeals.all():
            entries.append(
                TimelineEntry(
                    appeal.filed_on,
                    None,
                    "appeal",
                    _("Appeal by the %(appellant)s for %(name)s")
                    % {"appellant": appeal.get_appellant_display().lower(), "name": name},
                )
            )
            if appeal.decided_on:
                entries.append(
                    TimelineEntry(
                        appeal.decided_on,
                        None,
                        "appeal",
                        _("Appeal decided for %(name)s: %(outcome)s")
                        % {"name": name, "outcome": appeal.get_outcome_display()},
                    )
                )
        for order in defendant.compensation_orders.all():
            entries.append(
                TimelineEntry(
                    order.ordered_on,
                    order.year,
                    "order",
                    _("%(kind)s of %(amount)s %(currency)s ordered against %(name)s")
                    % {
                        "kind": order.get_kind_display(),
                        "amount": order.amount,
                        "currency": order.currency,
                        "name": name,
                    },
                )
            )
            for payment in order.payments.all():
                entries.append(
                    TimelineEntry(
                        payment.paid_on,
                        None,
                        "payment",
                        _("%(amount)s %(currency)s paid")
                        % {
                            "amount": payment.amount,
                            "currency": order.currency,
                        },
                    )
                )
    return sorted(entries, key=lambda entry: entry.sort_key)


def sentence_summary(sentence: object) -> str:
    """A short plain description of a sentence, e.g. "48 months (suspended), fine 2000 EUR"."""
    from django.utils.translation import gettext as _

    parts: list[str] = []
    months = getattr(sentence, "imprisonment_months", None)
    if months is not None:
        text = _("%(months)s months' imprisonment") % {"months": months}
        if getattr(sentence, "is_suspended", None):
            text += " " + _("(suspended)")
        parts.append(text)
    if getattr(sentence, "fine_amount", None) is not None:
        parts.append(
            _("fine of %(amount)s %(currency)s")
            % {"amount": sentence.fine_amount, "currency": sentence.fine_currency}  # type: ignore[attr-defined]
        )
    if getattr(sentence, "probation_months", None):
        parts.append(
            _("%(months)s months' probation") % {"months": sentence.probation_months}  # type: ignore[attr-defined]
        )
    for measure in getattr(sentence, "other_measures", None) or []:
        parts.append(str(measure))
    return ", ".join(parts) or _("not recorded")


def suspect_get(*, actor: Actor, public_id: object) -> Suspect:
    """A suspect with identifying data; the read is audited."""
    suspect = get_visible(
        visible_suspects(actor).select_related("person", "investigation"), public_id=public_id
    )
    audit.record(
        actor=actor,
        action="enforcement.suspect_view",
        target=suspect,
        subject=suspect.investigation,
    )
    return suspect


def suspects_of(*, actor: Actor, investigation: Investigation) -> QuerySet[Suspect]:
    return (
        visible_suspects(actor)
        .filter(investigation=investigation)
        .select_related("person")
        .order_by("created_at")
    )


def defendant_get(*, actor: Actor, public_id: object) -> Defendant:
    return get_visible(
        Defendant.objects.filter(prosecution__in=visible_prosecutions(actor)).select_related(
            "prosecution__investigation", "suspect__person"
        ),
        public_id=public_id,
    )


def charge_get(*, actor: Actor, public_id: object) -> Charge:
    return get_visible(
        Charge.objects.filter(
            defendant__prosecution__in=visible_prosecutions(actor)
        ).select_related(
            "defendant__prosecution__investigation", "defendant__suspect__person", "statute"
        ),
        public_id=public_id,
    )


def appeal_get(*, actor: Actor, public_id: object) -> Appeal:
    return get_visible(
        Appeal.objects.filter(
            defendant__prosecution__in=visible_prosecutions(actor)
        ).select_related("defendant__prosecution__investigation", "defendant__suspect__person"),
        public_id=public_id,
    )


def order_get(*, actor: Actor, public_id: object) -> CompensationOrder:
    return get_visible(
        CompensationOrder.objects.filter(
            defendant__prosecution__in=visible_prosecutions(actor)
        ).select_related("defendant__prosecution__investigation"),
        public_id=public_id,
    )


def hearing_get(*, actor: Actor, public_id: object) -> Hearing:
    return get_visible(
        Hearing.objects.filter(prosecution__in=visible_prosecutions(actor)).select_related(
            "prosecution__investigation"
        ),
        public_id=public_id,
    )


def upcoming_hearings(*, actor: Actor) -> QuerySet[Hearing]:
    """Hearings still to come in the prosecutions the actor sees, soonest first."""
    return (
        Hearing.objects.filter(
            prosecution__in=visible_prosecutions(actor),
            hearing_date__gte=timezone.localdate(),
            outcome="",
        )
        .select_related("prosecution")
        .order_by("hearing_date", "hearing_time")
    )


def group_list(*, actor: Actor) -> QuerySet[CriminalGroup]:
    return (
        visible_criminal_groups(actor)
        .select_related("investigating_agency")
        .annotate(member_count=Count("memberships"))
        .order_by("-created_at")
    )


def group_get(*, actor: Actor, public_id: object) -> CriminalGroup:
    return get_visible(
        visible_criminal_groups(actor).select_related("investigating_agency"), public_id=public_id
    )


def _group_members(actor: Actor, group: CriminalGroup) -> QuerySet[Suspect]:
    return (
        visible_suspects(actor)
        .filter(memberships__group=group)
        .select_related("person", "investigation")
        .order_by("created_at")
    )


def group_members(*, actor: Actor, group: CriminalGroup) -> list[Suspect]:
    """Members of the group the actor may see (suspects of visible investigations); showing
    them (with names) is an audited read."""
    members = list(_group_members(actor, group))
    if members:
        audit.record(
            actor=actor,
            action="enforcement.group_view",
            target=group,
            details={"members": len(members)},
        )
    return members


def suspect_in_group(*, actor: Actor, group: CriminalGroup, public_id: object) -> Suspect:
    return get_visible(_group_members(actor, group), public_id=public_id)


def manageable_suspects(*, actor: Actor) -> QuerySet[Suspect]:
    """Suspects of the investigations the actor may change (for adding group members)."""
    return (
        Suspect.objects.filter(investigation__in=manageable_investigations(actor))
        .select_related("person", "investigation")
        .order_by("-created_at")
    )


def can_manage_group(actor: Actor, group: CriminalGroup) -> bool:
    return manageable_criminal_groups(actor).filter(pk=group.pk).exists()


def statute_list(
    *, actor: Actor, country: str = "", include_inactive: bool = False
) -> QuerySet[Statute]:
    queryset = visible_statutes(actor)
    if country:
        queryset = queryset.filter(country=country.upper())
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("country", "instrument", "code")


def statute_get(*, actor: Actor, public_id: object) -> Statute:
    return get_visible(visible_statutes(actor), public_id=public_id)


def prosecution_services(*, actor: Actor) -> QuerySet[Organisation]:
    return visible_organisations(actor).filter(
        org_type=OrganisationType.PROSECUTION, is_active=True
    )


def courts(*, actor: Actor) -> QuerySet[Organisation]:
    return visible_organisations(actor).filter(org_type=OrganisationType.JUDICIARY, is_active=True)


def witness_links(*, actor: Actor) -> QuerySet[VictimParticipation]:
    """The support side: links made from the actor's cases (with the criminal case's reference)."""
    return (
        case_worker_witness_links(actor)
        .select_related("investigation", "case_person__case", "linked_for")
        .prefetch_related("protective_measures", "shares__organisation")
        .order_by("-created_at")
    )


def witness_link_get(*, actor: Actor, public_id: object) -> VictimParticipation:
    return get_visible(witness_links(actor=actor), public_id=public_id)


def can_manage_link(actor: Actor, participation: VictimParticipation) -> bool:
    return can_manage_witness_link(actor, participation)


def colleagues_with_role(*, actor: Actor, role: Role) -> QuerySet[User]:
    """Active members of the actor's organisation holding ``role`` (for "lead" pickers)."""
    if actor.organisation is None:
        return User.objects.none()
    return (
        colleagues(actor)
        .filter(
            memberships__organisation=actor.organisation,
            memberships__role=role,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def investigating_agencies(*, actor: Actor) -> QuerySet[Organisation]:
    """Agencies of the criminal cases the actor sees (for the list filter)."""
    return visible_organisations(actor).filter(
        pk__in=visible_investigations(actor).values("investigating_agency")
    )


def case_victims(
    *, actor: Actor, case_public_id: object = "", case_reference: str = ""
) -> tuple[Case, list[CasePerson]]:
    """The support side: a case the actor may open (by id, or by its exact reference) and its
    victims (for linking a witness)."""
    if case_reference.strip():
        case = get_visible(visible_cases(actor), reference=case_reference.strip().upper())
    else:
        case = get_visible(visible_cases(actor), public_id=case_public_id)
    victims = list(
        CasePerson.objects.filter(case=case, role=PersonRole.VICTIM)
        .select_related("person")
        .order_by("created_at")
    )
    return case, victims


def sharing_consents(*, actor: Actor, persons: list[Person]) -> QuerySet[ConsentRecord]:
    """Active consents to share with a named organisation, of persons the actor may see."""
    return (
        ConsentRecord.objects.filter(
            person__in=visible_persons(actor).filter(pk__in=[person.pk for person in persons]),
            purpose=ConsentPurpose.SHARING,
            is_given=True,
            withdrawn_at__isnull=True,
        )
        .select_related("shared_with", "person")
        .order_by("-recorded_at")
    )


def victim_get(*, actor: Actor, public_id: object) -> CasePerson:
    """A victim in a support case the actor may open (the support side of a witness link)."""
    return get_visible(
        CasePerson.objects.filter(
            case__in=visible_cases(actor), role=PersonRole.VICTIM
        ).select_related("case", "person"),
        public_id=public_id,
    )
