"""Typed counts of criminal cases for the statistics tables (TIP report, Eurostat, national).

Every function returns numbers, never rows, and aggregates in the database. Counting rules
(``docs/enforcement.md``):

- the unit is the person (suspects, defendants, convicted persons): one person recorded twice and
  marked as the same individual counts once;
- the period comes from the event's date: investigation opened, suspect identified, charge, verdict,
  sentence, order, payment. A record dated only to a year (imports) counts in a period only when the
  whole year lies inside it; ``period=None`` counts everything;
- a person with several exploitation forms counts under each form, and once in the total;
- blank codes are returned as ``""`` ("not recorded"), apart from known values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from waypoint.access.actor import Actor
from waypoint.access.scopes.enforcement import statistics_investigations
from waypoint.enforcement.choices import (
    ACTIVE_PROSECUTION_STATUSES,
    GUILTY_OUTCOMES,
    AppealOutcome,
    OfficialAgencyType,
    ProtectiveMeasure,
    VerdictOutcome,
)
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
from waypoint.enforcement.workflow import FINAL_STATES


@dataclass(frozen=True)
class Period:
    """An inclusive range of dates."""

    start: dt.date
    end: dt.date

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        """The Eurostat period: 1 January – 31 December."""
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def tip_year(cls, starting: int) -> Period:
        """The TIP report period: 1 April ``starting`` – 31 March of the next year."""
        return cls(dt.date(starting, 4, 1), dt.date(starting + 1, 3, 31))

    def whole_years(self) -> tuple[int, int] | None:
        first = (
            self.start.year if (self.start.month, self.start.day) == (1, 1) else self.start.year + 1
        )
        last = self.end.year if (self.end.month, self.end.day) == (12, 31) else self.end.year - 1
        return (first, last) if first <= last else None


def in_period(period: Period | None, date_field: str, year_field: str | None = None) -> Q:
    """Records dated within ``period``; year-only records when their whole year is inside it."""
    if period is None:
        return Q()
    condition = Q(**{f"{date_field}__gte": period.start, f"{date_field}__lte": period.end})
    years = period.whole_years()
    if year_field is not None and years is not None:
        condition |= Q(
            **{
                f"{date_field}__isnull": True,
                f"{year_field}__gte": years[0],
                f"{year_field}__lte": years[1],
            }
        )
    return condition


def _person_key(prefix: str) -> Coalesce:
    """One key per individual: a duplicate record counts as the individual it duplicates."""
    return Coalesce(f"{prefix}person__same_individual_as_id", f"{prefix}person_id")


def _persons(queryset: QuerySet[Suspect]) -> int:
    return int(queryset.aggregate(persons=Count(_person_key(""), distinct=True))["persons"] or 0)


def _suspects(actor: Actor) -> QuerySet[Suspect]:
    return Suspect.objects.filter(investigation__in=statistics_investigations(actor))


def _guilty_verdicts(period: Period | None) -> QuerySet[Verdict]:
    return Verdict.objects.filter(
        in_period(period, "decided_on", "year"), outcome__in=GUILTY_OUTCOMES
    )


# --- Investigations, suspects, prosecutions ------------------------------------------------


def investigations_opened(*, actor: Actor, period: Period | None = None) -> int:
    """Investigations opened in the period (unit: investigation)."""
    return statistics_investigations(actor).filter(in_period(period, "opened_on")).count()


def persons_suspected(*, actor: Actor, period: Period | None = None) -> int:
    """Persons who became suspects in the period (date the suspicion was recorded)."""
    return _persons(_suspects(actor).filter(in_period(period, "identified_on")))


def prosecutions_initiated(*, actor: Actor, period: Period | None = None) -> int:
    """Prosecutions whose proceedings started in the period (unit: prosecution)."""
    return (
        Prosecution.objects.filter(investigation__in=statistics_investigations(actor))
        .filter(in_period(period, "filed_on"))
        .count()
    )


def prosecutions_pending(*, actor: Actor, on: dt.date | None = None) -> int:
    """Prosecutions still before the courts on a day (today's state when ``on`` is None)."""
    queryset = Prosecution.objects.filter(investigation__in=statistics_investigations(actor))
    if on is None:
        return queryset.filter(status__in=ACTIVE_PROSECUTION_STATUSES).count()
    return (
        queryset.filter(filed_on__lte=on)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gt=on))
        # Ended proceedings without a recorded end date cannot be placed in time: left out.
        .exclude(status__in=FINAL_STATES, concluded_on__isnull=True)
        .count()
    )


def persons_prosecuted(*, actor: Actor, period: Period | None = None) -> int:
    """Persons charged in the period (a charge dated in it)."""
    charged = Charge.objects.filter(in_period(period, "charged_on"))
    return _persons(
        _suspects(actor).filter(Exists(charged.filter(defendant__suspect=OuterRef("pk"))))
    )


# --- Verdicts and sentences ----------------------------------------------------------------


def verdict_counts(*, actor: Actor, period: Period | None = None) -> dict[str, int]:
    """Verdicts by outcome (unit: charge), dated in the period."""
    rows = (
        Verdict.objects.filter(
            charge__defendant__prosecution__investigation__in=statistics_investigations(actor)
        )
        .filter(in_period(period, "decided_on", "year"))
        .values("outcome")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(VerdictOutcome.values, 0)
    counts.update({row["outcome"]: int(row["count"]) for row in rows})
    return counts


DEFENDANT_OUTCOMES = ("convicted", "acquitted", "dismissed")


def defendant_outcomes(*, actor: Actor, period: Period | None = None) -> dict[str, int]:
    """Persons by their outcome in a prosecution: convicted (at trial or by plea) on any charge;
    otherwise acquitted on any; otherwise every decided charge dismissed. Verdicts in the period."""
    verdicts = Verdict.objects.filter(
        in_period(period, "decided_on", "year"), charge__defendant=OuterRef("pk")
    )
    outcome = Case(
        When(Exists(verdicts.filter(outcome__in=GUILTY_OUTCOMES)), then=Value("convicted")),
        When(Exists(verdicts.filter(outcome=VerdictOutcome.ACQUITTED)), then=Value("acquitted")),
        When(Exists(verdicts.filter(outcome=VerdictOutcome.DISMISSED)), then=Value("dismissed")),
        default=Value(""),
        output_field=CharField(),
    )
    rows = (
        Defendant.objects.filter(prosecution__investigation__in=statistics_investigations(actor))
        .annotate(outcome=outcome)
        .exclude(outcome="")
        .values("outcome")
        .annotate(persons=Count(_person_key("suspect__"), distinct=True))
        .order_by()
    )
    counts = dict.fromkeys(DEFENDANT_OUTCOMES, 0)
    counts.update({row["outcome"]: int(row["persons"]) for row in rows})
    return counts


def persons_convicted(*, actor: Actor, period: Period | None = None) -> int:
    """Persons convicted (trial or plea) by a verdict dated in the period."""
    guilty = _guilty_verdicts(period).filter(charge__defendant__suspect=OuterRef("pk"))
    return _persons(_suspects(actor).filter(Exists(guilty)))


def persons_acquitted(*, actor: Actor, period: Period | None = None) -> int:
    """Persons acquitted in the period and not convicted on any other charge in it."""
    return defendant_outcomes(actor=actor, period=period)["acquitted"]


def convictions_overturned(*, actor: Actor, period: Period | None = None) -> int:
    """Persons whose conviction an appeal court overturned in the period."""
    overturned = Appeal.objects.filter(
        in_period(period, "decided_on"),
        outcome=AppealOutcome.CONVICTION_OVERTURNED,
        defendant__suspect=OuterRef("pk"),
    )
    return _persons(_suspects(actor).filter(Exists(overturned)))


@dataclass(frozen=True)
class SentenceBand:
    code: str
    minimum: int  # months, inclusive
    maximum: int | None  # months, inclusive; None = no upper bound


SENTENCE_BANDS: tuple[SentenceBand, ...] = (
    SentenceBand("0", 0, 0),
    SentenceBand("1-12", 1, 12),
    SentenceBand("13-60", 13, 60),
    SentenceBand("61-120", 61, 120),
    SentenceBand("121+", 121, None),
)
# The TIP report's bands: under 1 year, 1 to under 4, 4 to under 10, 10 years or more; use them
# with ``non_custodial_apart=True`` (suspended and fine-only sentences are a band of their own).
TIP_SENTENCE_BANDS: tuple[SentenceBand, ...] = (
    SentenceBand("<1y", 1, 11),
    SentenceBand("1-<4y", 12, 47),
    SentenceBand("4-<10y", 48, 119),
    SentenceBand(">=10y", 120, None),
)


NON_CUSTODIAL = "non_custodial"


def sentences_by_band(
    *,
    actor: Actor,
    period: Period | None = None,
    bands: tuple[SentenceBand, ...] = SENTENCE_BANDS,
    include_suspended: bool = True,
    non_custodial_apart: bool = False,
) -> dict[str, int]:
    """Persons sentenced at first instance in the period, by months of imprisonment.

    Sentences without a recorded prison term are left out (0 months is a known value: no prison).
    With ``non_custodial_apart``, suspended sentences and sentences without prison (0 months, or a
    fine with no prison term recorded) are counted under ``"non_custodial"`` instead, as the TIP
    report shows them.
    """
    non_custodial = (
        Q(is_suspended=True)
        | Q(imprisonment_months=0)
        | Q(imprisonment_months__isnull=True, fine_amount__isnull=False)
    )
    band = Case(
        *([When(non_custodial, then=Value(NON_CUSTODIAL))] if non_custodial_apart else []),
        *[
            When(
                Q(imprisonment_months__gte=item.minimum)
                & (Q() if item.maximum is None else Q(imprisonment_months__lte=item.maximum)),
                then=Value(item.code),
            )
            for item in bands
        ],
        default=Value(""),
        output_field=CharField(),
    )
    queryset = Sentence.objects.filter(
        defendant__prosecution__investigation__in=statistics_investigations(actor),
        appeal__isnull=True,
    ).filter(in_period(period, "sentenced_on", "year"))
    if non_custodial_apart:
        queryset = queryset.filter(Q(imprisonment_months__isnull=False) | non_custodial)
    else:
        queryset = queryset.filter(imprisonment_months__isnull=False)
    if not include_suspended:
        queryset = queryset.exclude(is_suspended=True)
    rows = (
        queryset.annotate(band=band)
        .exclude(band="")
        .values("band")
        .annotate(persons=Count(_person_key("defendant__suspect__"), distinct=True))
        .order_by()
    )
    counts = {item.code: 0 for item in bands}
    if non_custodial_apart:
        counts = {NON_CUSTODIAL: 0, **counts}
    counts.update({row["band"]: int(row["persons"]) for row in rows})
    return counts


# --- Breakdowns ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormCounts:
    total: int  # each unit once, whatever its forms
    by_form: dict[str, int]  # the unit under each of its forms; "" = form not recorded


def investigations_by_form(*, actor: Actor, period: Period | None = None) -> FormCounts:
    """Investigations opened in the period, under each of their exploitation forms."""
    investigations = statistics_investigations(actor).filter(in_period(period, "opened_on"))
    rows = (
        investigations.values(form=Coalesce("exploitation_forms__code", Value("")))
        .annotate(count=Count("id", distinct=True))
        .order_by("form")
    )
    return FormCounts(
        total=investigations.count(),
        by_form={row["form"]: int(row["count"]) for row in rows},
    )


def persons_by_form(*, actor: Actor, stage: Stage, period: Period | None = None) -> FormCounts:
    """Suspected, prosecuted or convicted persons under each form of their investigation."""
    suspects = _stage_suspects(actor, stage, period)
    rows = (
        suspects.values(form=Coalesce("investigation__exploitation_forms__code", Value("")))
        .annotate(persons=Count(_person_key(""), distinct=True))
        .order_by("form")
    )
    return FormCounts(
        total=_persons(suspects), by_form={row["form"]: int(row["persons"]) for row in rows}
    )


class Stage(StrEnum):
    SUSPECTED = "suspected"
    PROSECUTED = "prosecuted"
    CONVICTED = "convicted"


@dataclass(frozen=True)
class BreakdownRow:
    sex: str  # prs_Gender code, "" = not recorded
    age_band: str  # AgeBand code, "" = not recorded
    citizenship: str  # ISO 3166 code, "ZZ" = unknown country, "" = not recorded
    exploitation_form: str  # vic_TypeOfExploitation code, "" = not recorded
    persons: int


@dataclass(frozen=True)
class Breakdown:
    rows: list[BreakdownRow]
    total: int  # each person once, whatever their forms and citizenships


def _stage_suspects(actor: Actor, stage: Stage, period: Period | None) -> QuerySet[Suspect]:
    suspects = _suspects(actor)
    if stage == Stage.SUSPECTED:
        return suspects.filter(in_period(period, "identified_on"))
    if stage == Stage.PROSECUTED:
        charged = Charge.objects.filter(in_period(period, "charged_on"))
        return suspects.filter(Exists(charged.filter(defendant__suspect=OuterRef("pk"))))
    guilty = _guilty_verdicts(period).filter(charge__defendant__suspect=OuterRef("pk"))
    return suspects.filter(Exists(guilty))


def persons_breakdown(*, actor: Actor, stage: Stage, period: Period | None = None) -> Breakdown:
    """Suspected, prosecuted or convicted persons by sex × age band × citizenship × exploitation
    form (the forms of the investigation), as Eurostat asks."""
    suspects = _stage_suspects(actor, stage, period)
    rows = (
        suspects.values(
            sex=Coalesce("person__gender", Value("")),
            age=Coalesce("person__age_band", Value("")),
            citizenship=Coalesce("person__citizenships__country", Value("")),
            form=Coalesce("investigation__exploitation_forms__code", Value("")),
        )
        .annotate(persons=Count(_person_key(""), distinct=True))
        .order_by("sex", "age", "citizenship", "form")
    )
    return Breakdown(
        rows=[
            BreakdownRow(
                sex=row["sex"],
                age_band=row["age"],
                citizenship=row["citizenship"],
                exploitation_form=row["form"],
                persons=int(row["persons"]),
            )
            for row in rows
        ],
        total=_persons(suspects),
    )


# --- Complicit officials -------------------------------------------------------------------


@dataclass(frozen=True)
class ComplicityRow:
    agency_type: str
    investigated: int
    prosecuted: int
    convicted: int


def complicit_officials(*, actor: Actor, period: Period | None = None) -> list[ComplicityRow]:
    """Public officials suspected of complicity, by the kind of agency they serve: persons
    investigated (suspected in the period), prosecuted (charged) and convicted."""
    officials = _suspects(actor).filter(is_public_official=True)

    def by_agency(queryset: QuerySet[Suspect]) -> dict[str, int]:
        rows = (
            queryset.values("official_agency_type")
            .annotate(persons=Count(_person_key(""), distinct=True))
            .order_by()
        )
        return {row["official_agency_type"]: int(row["persons"]) for row in rows}

    investigated = by_agency(officials.filter(in_period(period, "identified_on")))
    charged = Charge.objects.filter(in_period(period, "charged_on"))
    prosecuted = by_agency(
        officials.filter(Exists(charged.filter(defendant__suspect=OuterRef("pk"))))
    )
    guilty = _guilty_verdicts(period).filter(charge__defendant__suspect=OuterRef("pk"))
    convicted = by_agency(officials.filter(Exists(guilty)))
    return [
        ComplicityRow(
            agency_type=code,
            investigated=investigated.get(code, 0),
            prosecuted=prosecuted.get(code, 0),
            convicted=convicted.get(code, 0),
        )
        for code in OfficialAgencyType.values
    ]


# --- Victims in proceedings ----------------------------------------------------------------


@dataclass(frozen=True)
class VictimsInProceedings:
    victims: int  # persons linked to a criminal case in the period
    cooperating: int
    not_cooperating: int
    cooperation_not_recorded: int
    testified: int
    with_protective_measures: int
    protective_measures: dict[str, int]
    penalised: int


def victims_in_proceedings(*, actor: Actor, period: Period | None = None) -> VictimsInProceedings:
    """Victims taking part in criminal cases (linked in the period), counted once per person."""
    links = VictimParticipation.objects.filter(
        investigation__in=statistics_investigations(actor), ended_at__isnull=True
    )
    if period is not None:
        links = links.filter(created_at__date__gte=period.start, created_at__date__lte=period.end)
    person = _person_key("case_person__")

    def persons(condition: Q) -> Count:
        return Count(person, distinct=True, filter=condition)

    totals = links.aggregate(
        victims=Count(person, distinct=True),
        cooperating=persons(Q(is_cooperating=True)),
        not_cooperating=persons(Q(is_cooperating=False)),
        cooperation_not_recorded=persons(Q(is_cooperating__isnull=True)),
        testified=persons(Q(has_testified=True)),
        with_measures=persons(Q(protective_measures__isnull=False)),
        penalised=persons(Q(was_penalised=True)),
    )
    measures = (
        links.filter(protective_measures__isnull=False)
        .values("protective_measures__code")
        .annotate(persons=Count(person, distinct=True))
        .order_by()
    )
    by_measure = dict.fromkeys(ProtectiveMeasure.values, 0)
    by_measure.update({row["protective_measures__code"]: int(row["persons"]) for row in measures})
    return VictimsInProceedings(
        victims=int(totals["victims"] or 0),
        cooperating=int(totals["cooperating"] or 0),
        not_cooperating=int(totals["not_cooperating"] or 0),
        cooperation_not_recorded=int(totals["cooperation_not_recorded"] or 0),
        testified=int(totals["testified"] or 0),
        with_protective_measures=int(totals["with_measures"] or 0),
        protective_measures=by_measure,
        penalised=int(totals["penalised"] or 0),
    )


# --- Restitution and compensation ----------------------------------------------------------


@dataclass(frozen=True)
class CompensationRow:
    currency: str
    kind: str
    orders: int
    ordered_amount: Decimal
    beneficiaries: int  # victims named in the orders (each once)
    payments: int
    paid_amount: Decimal
    paid_beneficiaries: int  # victims named in orders paid in the period


_MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


def compensation_by_currency(
    *, actor: Actor, period: Period | None = None
) -> list[CompensationRow]:
    """Restitution and compensation ordered (by order date) and paid (by payment date) in the
    period, summed per currency and kind: amounts in different currencies are never added."""
    scope = statistics_investigations(actor)
    ordered = (
        CompensationOrder.objects.filter(defendant__prosecution__investigation__in=scope)
        .filter(in_period(period, "ordered_on", "year"))
        .values("currency", "kind")
        .annotate(
            count=Count("id"),
            amount=Sum("amount", output_field=_MONEY),
            victims=Count(_person_key("beneficiary__case_person__"), distinct=True),
        )
        .order_by()
    )
    paid = (
        CompensationPayment.objects.filter(order__defendant__prosecution__investigation__in=scope)
        .filter(in_period(period, "paid_on"))
        .values("order__currency", "order__kind")
        .annotate(
            count=Count("id"),
            amount=Sum("amount", output_field=_MONEY),
            victims=Count(_person_key("order__beneficiary__case_person__"), distinct=True),
        )
        .order_by()
    )
    table: dict[tuple[str, str], dict[str, object]] = {}
    for row in ordered:
        entry = table.setdefault((row["currency"], row["kind"]), {})
        entry.update(orders=row["count"], ordered=row["amount"], victims=row["victims"])
    for row in paid:
        entry = table.setdefault((row["order__currency"], row["order__kind"]), {})
        entry.update(payments=row["count"], paid=row["amount"], paid_victims=row["victims"])
    return [
        CompensationRow(
            currency=currency,
            kind=kind,
            orders=int(entry.get("orders", 0)),  # type: ignore[call-overload]
            ordered_amount=Decimal(entry.get("ordered") or 0),  # type: ignore[arg-type]
            beneficiaries=int(entry.get("victims", 0)),  # type: ignore[call-overload]
            payments=int(entry.get("payments", 0)),  # type: ignore[call-overload]
            paid_amount=Decimal(entry.get("paid") or 0),  # type: ignore[arg-type]
            paid_beneficiaries=int(entry.get("paid_victims", 0)),  # type: ignore[call-overload]
        )
        for (currency, kind), entry in sorted(table.items())
    ]


__all__ = [
    "SENTENCE_BANDS",
    "TIP_SENTENCE_BANDS",
    "Breakdown",
    "BreakdownRow",
    "NON_CUSTODIAL",
    "ComplicityRow",
    "CompensationRow",
    "FormCounts",
    "Period",
    "SentenceBand",
    "Stage",
    "VictimsInProceedings",
    "complicit_officials",
    "compensation_by_currency",
    "convictions_overturned",
    "defendant_outcomes",
    "in_period",
    "investigations_by_form",
    "investigations_opened",
    "persons_acquitted",
    "persons_breakdown",
    "persons_by_form",
    "persons_convicted",
    "persons_prosecuted",
    "persons_suspected",
    "prosecutions_initiated",
    "prosecutions_pending",
    "sentences_by_band",
    "verdict_counts",
    "victims_in_proceedings",
]
