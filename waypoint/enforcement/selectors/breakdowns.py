"""Cross-tabulated counts of criminal cases for the national statistics tables (TIP T1-T4, T7,
T8; Eurostat E5-E7). Like ``counts``, every function returns numbers, never rows, and aggregates
in the database in a fixed number of queries whatever the number of records.

The counting rules are those of ``counts`` (DOMAIN.md section 4):

- the unit is the person for suspects, defendants, convicted persons and victims: one key per
  individual (a record marked as the same individual as another counts as that one), and every
  figure is ``COUNT(DISTINCT key)``; investigations and prosecutions are counted as cases;
- person attributes (gender, age band, citizenship) are read from the record the others were
  linked to, so each person has exactly one of each; of several citizenships the caller's own
  country comes first, then its preferred countries (the EU), then the first recorded;
- a unit with several exploitation forms counts under each form and once in the totals; the form
  ``""`` counts the units with a record (an investigation) on which no form is recorded, so a
  person suspected in a case of sexual exploitation and in a case without a recorded form counts
  under both (never merged with 0);
- the caller may group exploitation codes (the TIP report's sex trafficking, labour trafficking,
  other): a unit counts once in a group whatever the number of its codes in it.

Only enforcement records are read (investigations, suspects, prosecutions, verdicts, witnesses);
a victim's support record is used for nothing but the key that counts the person once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from waypoint.access.actor import Actor
from waypoint.access.scopes.enforcement import statistics_investigations
from waypoint.enforcement.choices import GUILTY_OUTCOMES, AppealOutcome, VerdictOutcome
from waypoint.enforcement.models import (
    Appeal,
    Charge,
    CompensationOrder,
    CompensationPayment,
    Defendant,
    Prosecution,
    Sentence,
    Suspect,
    Verdict,
    VictimParticipation,
)
from waypoint.enforcement.selectors.counts import (
    NON_CUSTODIAL,
    TIP_SENTENCE_BANDS,
    Period,
    SentenceBand,
    Stage,
    in_period,
)
from waypoint.enforcement.workflow import FINAL_STATES
from waypoint.people.models import PersonCitizenship

NO_FORM: Final = ""
NOT_RECORDED: Final = ""
FormGroups = Mapping[str, Collection[str]]  # group key -> exploitation codes
Dimensions = tuple[str, ...]


@dataclass(frozen=True)
class CrossCounts:
    """Units by exploitation form and by other dimensions, each unit counted once per figure.

    ``cells[(form, dims)]``: units with that form (or group; ``""`` = none recorded) and those
    dimension values; ``by_dims[dims]``: units with those values, whatever their forms;
    ``by_form[form]``: units of each form; ``total``: every unit once. Without a form breakdown
    ``cells`` and ``by_form`` are empty; without dimensions ``dims`` is ``()``.
    """

    cells: dict[tuple[str, Dimensions], int] = field(default_factory=dict)
    by_dims: dict[Dimensions, int] = field(default_factory=dict)
    by_form: dict[str, int] = field(default_factory=dict)
    total: int = 0


def _form(path: str, groups: FormGroups | None) -> Any:
    """The exploitation code at ``path`` or the caller's group of it (NULL when none: a code in
    no group would count as not recorded, so callers give every code a group)."""
    if groups is None:
        return F(path)
    return Case(
        *[When(**{f"{path}__in": sorted(codes)}, then=Value(key)) for key, codes in groups.items()],
        default=Value(None),
        output_field=CharField(),
    )


def _cross(
    queryset: QuerySet[Any],
    *,
    key: Any | None,
    form: Any | None = None,
    dims: Mapping[str, Any] | None = None,
) -> CrossCounts:
    """Distinct ``key`` values of ``queryset`` by form and dimensions, in at most four queries
    (``key`` None: ``queryset`` is already annotated with ``unit_key``)."""
    dims = dict(dims or {})
    names = tuple(dims)
    annotated = queryset if key is None else queryset.annotate(unit_key=key)
    annotated = annotated.annotate(**dims)
    units = Count("unit_key", distinct=True)

    def grouped(*by: str) -> dict[tuple[str, ...], int]:
        counts: dict[tuple[str, ...], int] = {}
        for row in annotated.values(*by).annotate(units=units).order_by():
            values = tuple(str(row[name] or "") for name in by)
            counts[values] = counts.get(values, 0) + int(row["units"])
        return counts

    total = int(annotated.aggregate(units=units)["units"] or 0)
    by_dims = grouped(*names) if names else {(): total}
    if form is None:
        return CrossCounts(by_dims=by_dims, total=total)
    annotated = annotated.annotate(
        unit_form=Coalesce(form, Value(NO_FORM), output_field=CharField())
    )
    cells = (
        {(values[0], values[1:]): count for values, count in grouped("unit_form", *names).items()}
        if names
        else {}
    )
    by_form = {values[0]: count for values, count in grouped("unit_form").items()}
    return CrossCounts(cells=cells, by_dims=by_dims, by_form=by_form, total=total)


def _person_key(prefix: str) -> Coalesce:
    return Coalesce(f"{prefix}person__same_individual_as_id", f"{prefix}person_id")


def _canonical(prefix: str, name: str) -> Case:
    """A person field read from the record the others were linked to (or the record itself)."""
    return Case(
        When(
            **{f"{prefix}person__same_individual_as__isnull": True},
            then=F(f"{prefix}person__{name}"),
        ),
        default=F(f"{prefix}person__same_individual_as__{name}"),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class CitizenshipOrder:
    """Which of several citizenships a person counts under: ``own`` first, then ``preferred``."""

    own: str
    preferred: Collection[str] = ()


def _principal_citizenship(order: CitizenshipOrder) -> Coalesce:
    rank = Case(
        When(country=order.own, then=Value(0)),
        When(country__in=sorted(order.preferred), then=Value(1)),
        default=Value(2),
    )
    first = (
        PersonCitizenship.objects.filter(person_id=OuterRef("unit_key"))
        .exclude(country__in=["", "ZZ"])
        .annotate(rank=rank)
        .order_by("rank", "pk")
        .values("country")[:1]
    )
    return Coalesce(Subquery(first), Value(""), output_field=CharField())


# --- Suspects, prosecuted and convicted persons ---------------------------------------------

PERSON_DIMENSIONS: Final = ("gender", "age_band", "citizenship")


def _suspects(actor: Actor) -> QuerySet[Suspect]:
    return Suspect.objects.filter(investigation__in=statistics_investigations(actor))


def _guilty(period: Period | None) -> QuerySet[Verdict]:
    return Verdict.objects.filter(
        in_period(period, "decided_on", "year"), outcome__in=GUILTY_OUTCOMES
    )


def stage_suspects(actor: Actor, stage: Stage, period: Period | None) -> QuerySet[Suspect]:
    """Suspect records of a stage in the period: suspected (date the suspicion was recorded),
    prosecuted (a charge dated in it), convicted (a guilty verdict in it)."""
    suspects = _suspects(actor)
    if stage == Stage.SUSPECTED:
        return suspects.filter(in_period(period, "identified_on"))
    if stage == Stage.PROSECUTED:
        charged = Charge.objects.filter(in_period(period, "charged_on"))
        return suspects.filter(Exists(charged.filter(defendant__suspect=OuterRef("pk"))))
    guilty = _guilty(period).filter(charge__defendant__suspect=OuterRef("pk"))
    return suspects.filter(Exists(guilty))


def undated_in_stage(*, actor: Actor, stage: Stage) -> int:
    """Persons whose step has no date at all (imported records): no period can hold them."""
    suspects = _suspects(actor)
    if stage == Stage.SUSPECTED:
        undated = suspects.filter(identified_on__isnull=True)
    elif stage == Stage.PROSECUTED:
        charges = Charge.objects.filter(charged_on__isnull=True, defendant__suspect=OuterRef("pk"))
        undated = suspects.filter(Exists(charges))
    else:
        verdicts = Verdict.objects.filter(
            outcome__in=GUILTY_OUTCOMES,
            decided_on__isnull=True,
            year__isnull=True,
            charge__defendant__suspect=OuterRef("pk"),
        )
        undated = suspects.filter(Exists(verdicts))
    return int(undated.aggregate(persons=Count(_person_key(""), distinct=True))["persons"] or 0)


def persons_by_form_and_group(
    *,
    actor: Actor,
    stage: Stage,
    period: Period | None,
    dimensions: Collection[str] = ("gender", "age_band"),
    forms: FormGroups | None = None,
    citizenship: CitizenshipOrder | None = None,
    with_forms: bool = True,
) -> CrossCounts:
    """Persons of a stage by the forms of their investigations and by their gender, age band
    and/or principal citizenship (``dimensions``, in the order of :data:`PERSON_DIMENSIONS`).
    Codes are returned as recorded; ``""`` is "not recorded"."""
    unknown = set(dimensions) - set(PERSON_DIMENSIONS)
    if unknown or ("citizenship" in dimensions and citizenship is None):
        raise ValueError(f"Unknown or incomplete dimensions: {sorted(unknown) or 'citizenship'}.")
    dims: dict[str, Any] = {}
    if "gender" in dimensions:
        dims["gender"] = _canonical("", "gender")
    if "age_band" in dimensions:
        dims["age_band"] = _canonical("", "age_band")
    queryset = stage_suspects(actor, stage, period).annotate(unit_key=_person_key(""))
    if "citizenship" in dimensions and citizenship is not None:
        dims["citizenship"] = _principal_citizenship(citizenship)
    return _cross(
        queryset,
        key=None,
        form=_form("investigation__exploitation_forms__code", forms) if with_forms else None,
        dims=dims,
    )


def suspects_of_investigations_opened(
    *, actor: Actor, period: Period | None, forms: FormGroups | None = None
) -> tuple[CrossCounts, CrossCounts]:
    """Investigations opened in the period (cases) and the persons suspected in them, by form."""
    investigations = statistics_investigations(actor).filter(in_period(period, "opened_on"))
    cases = _cross(investigations, key=F("pk"), form=_form("exploitation_forms__code", forms))
    suspects = _cross(
        _suspects(actor).filter(investigation__in=investigations),
        key=_person_key(""),
        form=_form("investigation__exploitation_forms__code", forms),
    )
    return cases, suspects


def undated_investigations(*, actor: Actor) -> int:
    """Investigations without an opening date (imports): no period can hold them."""
    return statistics_investigations(actor).filter(opened_on__isnull=True).count()


def pending_prosecutions(actor: Actor, on: dt.date) -> QuerySet[Prosecution]:
    """Prosecutions before the courts on a day (as ``counts.prosecutions_pending`` counts them)."""
    return (
        Prosecution.objects.filter(investigation__in=statistics_investigations(actor))
        .filter(filed_on__lte=on)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gt=on))
        .exclude(status__in=FINAL_STATES, concluded_on__isnull=True)
    )


def prosecutions_by_form(
    *, actor: Actor, period: Period, forms: FormGroups | None = None
) -> tuple[CrossCounts, CrossCounts, CrossCounts]:
    """Persons charged in the period, persons prosecuted in proceedings pending at its end, and
    those pending proceedings (cases), each by form."""
    charged = _cross(
        stage_suspects(actor, Stage.PROSECUTED, period),
        key=_person_key(""),
        form=_form("investigation__exploitation_forms__code", forms),
    )
    pending = pending_prosecutions(actor, period.end)
    in_pending = Defendant.objects.filter(prosecution__in=pending, suspect=OuterRef("pk"))
    defendants = _cross(
        _suspects(actor).filter(Exists(in_pending)),
        key=_person_key(""),
        form=_form("investigation__exploitation_forms__code", forms),
    )
    cases = _cross(
        pending, key=F("pk"), form=_form("investigation__exploitation_forms__code", forms)
    )
    return charged, defendants, cases


def convicted_by_sentence_band(
    *,
    actor: Actor,
    period: Period | None,
    forms: FormGroups | None = None,
    bands: tuple[SentenceBand, ...] = TIP_SENTENCE_BANDS,
) -> CrossCounts:
    """Persons convicted (a guilty verdict in the period) by form and by the band of the sentence
    imposed at first instance for that conviction. Suspended sentences and sentences without
    prison (0 months, or a fine without a prison term) are the band ``non_custodial``; a
    conviction without a recorded sentence is band ``""``. Several sentences: under each band."""
    guilty = _guilty(period).filter(charge__defendant=OuterRef("pk"))
    defendants = Defendant.objects.filter(
        prosecution__investigation__in=statistics_investigations(actor)
    ).filter(Exists(guilty))
    first = defendants.annotate(
        imposed=FilteredRelation("sentences", condition=Q(sentences__appeal__isnull=True))
    )
    non_custodial = (
        Q(imposed__is_suspended=True)
        | Q(imposed__imprisonment_months=0)
        | Q(imposed__imprisonment_months__isnull=True, imposed__fine_amount__isnull=False)
    )
    band = Case(
        When(non_custodial, then=Value(NON_CUSTODIAL)),
        *[
            When(
                Q(imposed__imprisonment_months__gte=item.minimum)
                & (
                    Q()
                    if item.maximum is None
                    else Q(imposed__imprisonment_months__lte=item.maximum)
                ),
                then=Value(item.code),
            )
            for item in bands
        ],
        default=Value(NOT_RECORDED),
        output_field=CharField(),
    )
    return _cross(
        first,
        key=_person_key("suspect__"),
        form=_form("suspect__investigation__exploitation_forms__code", forms),
        dims={"band": band},
    )


ACQUITTED: Final = "acquitted"
OVERTURNED: Final = "overturned"


def acquittals_and_reversals(
    *, actor: Actor, period: Period | None, forms: FormGroups | None = None
) -> dict[str, CrossCounts]:
    """Persons acquitted in the period (a defendant acquitted on a charge and convicted on none
    in it) and persons whose conviction an appeal court overturned in it, by form."""
    verdicts = Verdict.objects.filter(
        in_period(period, "decided_on", "year"), charge__defendant=OuterRef("pk")
    )
    acquitted = (
        Defendant.objects.filter(prosecution__investigation__in=statistics_investigations(actor))
        .filter(Exists(verdicts.filter(outcome=VerdictOutcome.ACQUITTED)))
        .exclude(Exists(verdicts.filter(outcome__in=GUILTY_OUTCOMES)))
    )
    overturned = Appeal.objects.filter(
        in_period(period, "decided_on"),
        outcome=AppealOutcome.CONVICTION_OVERTURNED,
        defendant__suspect=OuterRef("pk"),
    )
    form_path = "investigation__exploitation_forms__code"
    return {
        ACQUITTED: _cross(
            acquitted,
            key=_person_key("suspect__"),
            form=_form(f"suspect__{form_path}", forms),
        ),
        OVERTURNED: _cross(
            _suspects(actor).filter(Exists(overturned)),
            key=_person_key(""),
            form=_form(form_path, forms),
        ),
    }


# --- Complicit officials --------------------------------------------------------------------


def officials_by_agency(*, actor: Actor, period: Period | None) -> dict[Stage, CrossCounts]:
    """Public officials suspected, prosecuted and convicted in the period, by agency type
    (``""`` = agency not recorded); each person once per figure."""
    return {
        stage: _cross(
            stage_suspects(actor, stage, period).filter(is_public_official=True),
            key=_person_key(""),
            dims={"agency": F("official_agency_type")},
        )
        for stage in Stage
    }


def suspects_without_official_status(*, actor: Actor, period: Period | None) -> int:
    """Persons suspected in the period for whom it was not recorded whether they were officials."""
    return int(
        stage_suspects(actor, Stage.SUSPECTED, period)
        .filter(is_public_official__isnull=True)
        .aggregate(persons=Count(_person_key(""), distinct=True))["persons"]
        or 0
    )


# --- Victims in proceedings -----------------------------------------------------------------

COOPERATION: Final = ("cooperating", "not_cooperating", NOT_RECORDED)
PARTICIPATION_FIGURES: Final = ("victims", "testified", "protected", "penalised")


@dataclass(frozen=True)
class ParticipationCounts:
    """Victims by cooperation (rows) and figure (columns); ``totals`` each person once."""

    cells: dict[tuple[str, str], int]
    totals: dict[str, int]


def victims_by_cooperation(*, actor: Actor, period: Period | None) -> ParticipationCounts:
    """Victims taking part in criminal cases (linked in the period) by whether they cooperated,
    with those who testified, had protective measures and were penalised; persons once."""
    links = VictimParticipation.objects.filter(
        investigation__in=statistics_investigations(actor), ended_at__isnull=True
    )
    if period is not None:
        links = links.filter(created_at__date__gte=period.start, created_at__date__lte=period.end)
    links = links.annotate(
        unit_key=_person_key("case_person__"),
        cooperation=Case(
            When(is_cooperating=True, then=Value("cooperating")),
            When(is_cooperating=False, then=Value("not_cooperating")),
            default=Value(NOT_RECORDED),
            output_field=CharField(),
        ),
    )
    figures = {
        "victims": Count("unit_key", distinct=True),
        "testified": Count("unit_key", distinct=True, filter=Q(has_testified=True)),
        "protected": Count("unit_key", distinct=True, filter=Q(protective_measures__isnull=False)),
        "penalised": Count("unit_key", distinct=True, filter=Q(was_penalised=True)),
    }
    cells: dict[tuple[str, str], int] = {}
    for row in links.values("cooperation").annotate(**figures).order_by():
        for name in PARTICIPATION_FIGURES:
            cells[(row["cooperation"], name)] = int(row[name])
    totals = links.aggregate(**figures)
    return ParticipationCounts(
        cells=cells, totals={name: int(totals[name] or 0) for name in PARTICIPATION_FIGURES}
    )


# --- Restitution and compensation -----------------------------------------------------------


@dataclass(frozen=True)
class MoneyRow:
    """Orders of one kind in one currency: victims named and amounts, ordered and paid."""

    currency: str
    kind: str
    orders: int
    unnamed_orders: int  # orders naming no victim
    victims: int
    ordered: Decimal
    paid_orders: int
    unnamed_paid_orders: int
    paid_victims: int
    paid: Decimal


_MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


def compensation_by_kind(*, actor: Actor, period: Period | None) -> list[MoneyRow]:
    """Restitution and compensation ordered (by order date) and paid (by payment date) in the
    period, per currency and kind (never added across currencies), with the victims named."""
    scope = statistics_investigations(actor)
    victim = _person_key("beneficiary__case_person__")
    ordered = (
        CompensationOrder.objects.filter(defendant__prosecution__investigation__in=scope)
        .filter(in_period(period, "ordered_on", "year"))
        .values("currency", "kind")
        .annotate(
            orders=Count("id"),
            unnamed=Count("id", filter=Q(beneficiary__isnull=True)),
            victims=Count(victim, distinct=True),
            amount=Sum("amount", output_field=_MONEY),
        )
        .order_by()
    )
    paid_victim = _person_key("order__beneficiary__case_person__")
    paid = (
        CompensationPayment.objects.filter(order__defendant__prosecution__investigation__in=scope)
        .filter(in_period(period, "paid_on"))
        .values(currency=F("order__currency"), kind=F("order__kind"))
        .annotate(
            orders=Count("order_id", distinct=True),
            unnamed=Count("order_id", distinct=True, filter=Q(order__beneficiary__isnull=True)),
            victims=Count(paid_victim, distinct=True),
            amount=Sum("amount", output_field=_MONEY),
        )
        .order_by()
    )
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for row in ordered:
        table.setdefault((row["currency"], row["kind"]), {})["ordered"] = row
    for row in paid:
        table.setdefault((row["currency"], row["kind"]), {})["paid"] = row
    empty: dict[str, Any] = {"orders": 0, "unnamed": 0, "victims": 0, "amount": None}
    rows = []
    for (currency, kind), entry in sorted(table.items()):
        made, settled = entry.get("ordered", empty), entry.get("paid", empty)
        rows.append(
            MoneyRow(
                currency=currency,
                kind=kind,
                orders=int(made["orders"]),
                unnamed_orders=int(made["unnamed"]),
                victims=int(made["victims"]),
                ordered=Decimal(made["amount"] or 0),
                paid_orders=int(settled["orders"]),
                unnamed_paid_orders=int(settled["unnamed"]),
                paid_victims=int(settled["victims"]),
                paid=Decimal(settled["amount"] or 0),
            )
        )
    return rows


__all__ = [
    "ACQUITTED",
    "COOPERATION",
    "NO_FORM",
    "NOT_RECORDED",
    "OVERTURNED",
    "PARTICIPATION_FIGURES",
    "PERSON_DIMENSIONS",
    "CitizenshipOrder",
    "CrossCounts",
    "FormGroups",
    "MoneyRow",
    "ParticipationCounts",
    "acquittals_and_reversals",
    "compensation_by_kind",
    "convicted_by_sentence_band",
    "criminal_cases_recorded",
    "officials_by_agency",
    "pending_prosecutions",
    "persons_by_form_and_group",
    "persons_imprisoned",
    "prosecutions_by_form",
    "stage_suspects",
    "suspects_of_investigations_opened",
    "suspects_without_official_status",
    "undated_in_stage",
    "undated_investigations",
    "victims_by_cooperation",
]


# --- Evidence for the TIP workspace ----------------------------------------------------------


def criminal_cases_recorded(*, actor: Actor) -> bool:
    """Whether any criminal case is recorded at all (else figures are "not available", not 0)."""
    return statistics_investigations(actor).exists()


def persons_imprisoned(*, actor: Actor, period: Period | None) -> int:
    """Persons convicted in the period and sentenced at first instance to prison not suspended."""
    guilty = _guilty(period).filter(charge__defendant=OuterRef("pk"))
    prison = Sentence.objects.filter(
        defendant=OuterRef("pk"), appeal__isnull=True, imprisonment_months__gt=0
    ).exclude(is_suspended=True)
    return int(
        Defendant.objects.filter(prosecution__investigation__in=statistics_investigations(actor))
        .filter(Exists(guilty), Exists(prison))
        .aggregate(persons=Count(_person_key("suspect__"), distinct=True))["persons"]
        or 0
    )
