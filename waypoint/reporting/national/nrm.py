"""NRM tables: N1, the performance of the National Referral Mechanism, and N2, screening activity.

**N1** counts referrals to the competent authority (by the date of the referral), decisions (by
the date of the decision), the time from referral to decision in the country's working days (the
working-day calendar of the country profile in force at the end of the period: its weekend and
public holidays), the share decided within the target (``NrmDecision.is_within_target``, stored
when the decision is recorded), negative decisions, reconsiderations and time-limit breaches (by the
date of the breach). Its rows are figures of different kinds, so it has no totals; a median or a
share rests on a number of decisions and is withheld when that number is small, and a share also
when the count it gives away (decided in time, or late) is small.

**N2** counts completed screenings by the date of the interview, in four tables sharing the same
margins (by organisation and outcome, by profile and outcome, by outcome and whether the screening
led to an NRM referral, and the answers by value): one table mixing these breakdowns would let a
reader subtract one from another to recover a withheld figure.

Everything is aggregated in the database over the statistical scopes (every record, for people who
see national statistics; nothing for anyone else).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, Lower, Replace, TruncDate
from django.utils import timezone

from waypoint.access.scopes.reporting import (
    statistical_nrm_decisions,
    statistical_nrm_referrals,
    statistical_screening_answers,
    statistical_screenings,
    statistical_timers,
)
from waypoint.accounts.choices import OrganisationType
from waypoint.common.errors import ValidationFailed
from waypoint.referrals.choices import DEADLINE_KINDS, DecisionOutcome, DecisionStage, TimerKind
from waypoint.referrals.services.profiles import active_profile, calendar_of, rules_of
from waypoint.referrals.workdays import WorkingCalendar
from waypoint.reporting.national.records import day_bounds
from waypoint.reporting.periods import Period
from waypoint.reporting.registry import TableRequest
from waypoint.reporting.tables import (
    Cell,
    CellKey,
    CountNote,
    Header,
    Measure,
    StatTable,
    build_table,
)
from waypoint.screening.choices import AnswerChoice, ScreeningOutcome

VALUE: Final = "value"
HUNDRED: Final = Decimal(100)
TENTH: Final = Decimal("0.1")

# N1 ---------------------------------------------------------------------------------------------

STAGES: Final = (
    (DecisionStage.PRELIMINARY, "preliminary", "Preliminary decisions (reasonable grounds)"),
    (DecisionStage.FORMAL, "formal", "Formal decisions (conclusive grounds)"),
)
RECONSIDERATION_STAGES: Final = (
    str(DecisionStage.PRELIMINARY_RECONSIDERATION),
    str(DecisionStage.FORMAL_RECONSIDERATION),
)
BREACH_ROWS: Final = (
    ("breaches_preliminary", "Time limits breached: preliminary decision", (
        TimerKind.PRELIMINARY_DECISION,
    )),
    ("breaches_formal", "Time limits breached: formal decision", (TimerKind.FORMAL_DECISION,)),
    ("breaches_reconsideration", "Time limits breached: reconsideration", (
        TimerKind.RECONSIDERATION,
    )),
    ("breaches_other", "Time limits breached: permits, guardianship, compensation, services", tuple(
        kind
        for kind in DEADLINE_KINDS
        if kind
        not in (TimerKind.PRELIMINARY_DECISION, TimerKind.FORMAL_DECISION, TimerKind.RECONSIDERATION)
    )),
)  # fmt: skip
NO_REFERRAL_DATE_NOTE: Final = (
    "{count} decisions have no recorded date of referral: they count as decisions but not in the "
    "medians."
)
NO_TARGET_NOTE: Final = (
    "{count} decisions had no target set in the country profile: they count as decisions but not "
    "in the shares within the target."
)
NO_CALENDAR_NOTE: Final = (
    "No country profile is in force for the end of the period, so working days cannot be counted: "
    "the medians are unknown."
)


def working_calendar(period: Period) -> tuple[WorkingCalendar | None, str]:
    """The calendar of the country profile in force at the end of the period, and a note."""
    try:
        profile = active_profile(on=period.end)
    except ValidationFailed:
        return None, NO_CALENDAR_NOTE
    rules = rules_of(profile)
    weekend = ", ".join(
        dt.date(2024, 1, day).strftime("%A") for day in sorted(rules.holidays.weekend)
    )  # 1 January 2024 was a Monday (ISO weekday 1)
    return calendar_of(rules), (
        f"Working days follow the {profile.country} country profile (version {profile.version}): "
        f"weekend {weekend}, public holidays excluded."
    )


def day_index(days: Iterable[dt.date], calendar: WorkingCalendar) -> dict[dt.date, int]:
    """Each day's working-day number counted from the earliest: working days between two of the
    days are the difference of their numbers. Walks the calendar day by day, never the records."""
    ordered = sorted(set(days))
    index: dict[dt.date, int] = {}
    count = 0
    previous: dt.date | None = None
    for day in ordered:
        if previous is not None:
            count += calendar.working_days_between(previous, day)
        index[day] = count
        previous = day
    return index


def _numbered(field: str, index: dict[dt.date, int]) -> Case:
    return Case(
        *(When(**{field: day}, then=Value(number)) for day, number in index.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


def median_of(histogram: dict[int, int]) -> Decimal | None:
    """The median of values given as {value: how many}; the mean of the middle two for an even
    number. Walks the distinct values, not the records."""
    total = sum(histogram.values())
    if total == 0:
        return None
    middle = ((total - 1) // 2, total // 2)
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        following = seen + histogram[value]
        found += [value for position in middle if seen <= position < following]
        seen = following
    return (Decimal(found[0]) + Decimal(found[1])) / 2


def share(part: int, whole: int) -> Cell:
    """``part`` of ``whole`` as a percentage, resting on ``whole`` and giving away both counts."""
    if whole == 0:
        return Cell.unknown()
    value = (HUNDRED * part / whole).quantize(TENTH, rounding=ROUND_HALF_UP)
    return Cell.figure(value, base=whole, reveals=(part, whole - part))


def _decision_days(
    decisions: QuerySet[Any], calendar: WorkingCalendar
) -> dict[str, dict[int, int]]:
    """Working days from referral to decision, as {stage: {days: decisions}}, in the database."""
    dated = decisions.filter(stage__in=[stage for stage, _key, _label in STAGES]).annotate(
        referred_day=TruncDate("referral__referred_at", tzinfo=timezone.get_default_timezone())
    )
    dated = dated.filter(referral__referred_at__isnull=False)
    referred_days = set(dated.values_list("referred_day", flat=True).distinct().order_by())
    decided_days = set(dated.values_list("decided_on", flat=True).distinct().order_by())
    if not referred_days:
        return {}
    index = day_index(referred_days | decided_days, calendar)
    counted = dated.annotate(
        working_days=Greatest(
            _numbered("decided_on", index) - _numbered("referred_day", index), Value(0)
        )
    )
    histograms: dict[str, dict[int, int]] = {}
    for group in counted.values("stage", "working_days").annotate(n=Count("pk")).order_by():
        histograms.setdefault(group["stage"], {})[group["working_days"]] = group["n"]
    return histograms


def nrm_n1(request: TableRequest) -> StatTable:
    """NRM performance: referrals, decisions and their timeliness, reconsiderations, breaches."""
    period, actor = request.period, request.actor
    start, end = day_bounds(period)
    referrals = statistical_nrm_referrals(actor).filter(referred_at__gte=start, referred_at__lt=end)
    decisions = statistical_nrm_decisions(actor).filter(
        decided_on__gte=period.start, decided_on__lte=period.end
    )
    negative = Q(outcome=DecisionOutcome.NEGATIVE)
    figures: dict[str, Any] = decisions.aggregate(
        reconsiderations=Count("pk", filter=Q(stage__in=RECONSIDERATION_STAGES)),
        reconsiderations_changed=Count(
            "pk", filter=Q(stage__in=RECONSIDERATION_STAGES, outcome=DecisionOutcome.POSITIVE)
        ),
        no_referral_date=Count(
            "pk",
            filter=Q(stage__in=[stage for stage, _k, _l in STAGES], referral__referred_at=None),
        ),
        no_target=Count(
            "pk",
            filter=Q(stage__in=[stage for stage, _k, _l in STAGES], is_within_target=None),
        ),
        **{
            name: Count("pk", filter=Q(stage=stage) & condition)
            for stage, key, _label in STAGES
            for name, condition in (
                (f"{key}_decisions", Q()),
                (f"{key}_negative", negative),
                (f"{key}_within", Q(is_within_target=True)),
                (f"{key}_late", Q(is_within_target=False)),
            )
        },
    )
    breaches = {
        group["kind"]: group["n"]
        for group in statistical_timers(actor)
        .filter(is_breached=True, breached_on__gte=period.start, breached_on__lte=period.end)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    calendar, calendar_note = working_calendar(period)
    histograms = _decision_days(decisions, calendar) if calendar is not None else {}

    rows: list[Header] = [Header("referrals", "Referrals to the competent authority")]
    values: dict[CellKey, Cell] = {
        ("referrals", VALUE): Cell.count(referrals.count()),
    }
    for stage, key, label in STAGES:
        histogram = histograms.get(str(stage), {})
        median = median_of(histogram)
        within, late = figures[f"{key}_within"], figures[f"{key}_late"]
        stage_rows = (
            (f"{key}_decisions", label, Cell.count(figures[f"{key}_decisions"])),
            (
                f"{key}_negative",
                f"{label}: negative",
                Cell.count(figures[f"{key}_negative"]),
            ),
            (
                f"{key}_median_days",
                f"{label}: median working days from referral",
                Cell.unknown()
                if median is None or calendar is None
                else Cell.figure(median, base=sum(histogram.values())),
            ),
            (
                f"{key}_within_target",
                f"{label}: share within the target (%)",
                share(within, within + late),
            ),
        )
        for row_key, row_label, cell in stage_rows:
            rows.append(Header(row_key, row_label))
            values[(row_key, VALUE)] = cell
    rows += [
        Header("reconsiderations", "Reconsideration decisions"),
        Header(
            "reconsiderations_changed", "Reconsideration decisions: decision changed to positive"
        ),
    ]
    values[("reconsiderations", VALUE)] = Cell.count(figures["reconsiderations"])
    values[("reconsiderations_changed", VALUE)] = Cell.count(figures["reconsiderations_changed"])
    for row_key, row_label, kinds in BREACH_ROWS:
        rows.append(Header(row_key, row_label))
        values[(row_key, VALUE)] = Cell.count(sum(breaches.get(str(kind), 0) for kind in kinds))
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=period,
        rows=rows,
        columns=[Header(VALUE, "Figure")],
        values=values,
        row_totals=False,
        column_totals=False,
        grand_total=False,
        measure=Measure.MIXED,
        unit="referrals, decisions, working days, percent and breaches (each row says which)",
        row_dimension="Indicator",
        column_dimension="",
        definitions=request.spec.definitions,
        notes=(*request.spec.notes, calendar_note),
        count_notes=(
            CountNote(NO_REFERRAL_DATE_NOTE, figures["no_referral_date"]),
            CountNote(NO_TARGET_NOTE, figures["no_target"]),
        ),
    )


# N2 ---------------------------------------------------------------------------------------------

OUTCOMES: Final = tuple((str(value), str(label)) for value, label in ScreeningOutcome.choices)
SECTORS: Final = dict(OrganisationType.choices)
REFERRAL_COLUMNS: Final = (
    ("referred", "Led to an NRM referral"),
    ("not_referred", "No NRM referral"),
)
ANSWERS: Final = tuple((str(value), str(label)) for value, label in AnswerChoice.choices)


def screenings_in(request: TableRequest) -> QuerySet[Any]:
    """Completed screenings whose interview started in the period."""
    start, end = day_bounds(request.period)
    return statistical_screenings(request.actor).filter(started_at__gte=start, started_at__lt=end)


def _hex(expression: Any) -> Any:
    """A public id as lower-case hex without hyphens, whatever the database stores."""
    return Lower(Replace(expression, Value("-"), Value("")))


def with_referral(screenings: QuerySet[Any], request: TableRequest) -> QuerySet[Any]:
    """Annotate ``led_to_referral``: an NRM record names the screening and was referred."""
    referred = (
        statistical_nrm_referrals(request.actor)
        .filter(referred_at__isnull=False)
        .annotate(screening_hex=_hex(F("screening_public_id")))
        .filter(screening_hex=_hex(Cast(OuterRef("public_id"), CharField())))
    )
    annotated: QuerySet[Any] = screenings.annotate(led_to_referral=Exists(referred))
    return annotated


def _screening_table(
    request: TableRequest,
    *,
    rows: list[Header],
    columns: Iterable[tuple[str, str]],
    values: dict[CellKey, Cell],
    row_dimension: str,
    column_dimension: str,
    unit: str = "screenings",
    notes: tuple[str, ...] = (),
) -> StatTable:
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=[Header(key, label) for key, label in columns],
        values=values,
        unit=unit,
        row_dimension=row_dimension,
        column_dimension=column_dimension,
        definitions=request.spec.definitions,
        notes=(*request.spec.notes, *notes),
    )


def nrm_n2(request: TableRequest) -> StatTable:
    """Completed screenings by organisation (with its sector) and outcome."""
    groups = (
        screenings_in(request)
        .values("organisation_id", "organisation__name", "organisation__org_type", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    organisations: dict[str, tuple[str, str]] = {}
    values: dict[CellKey, Cell] = {}
    for group in groups:
        key = f"org-{group['organisation_id']}"
        organisations[key] = (group["organisation__org_type"], group["organisation__name"])
        values[(key, group["outcome"])] = Cell.count(group["n"])
    order = list(SECTORS)
    rows = [
        Header(key, f"{name} ({SECTORS.get(sector, sector)})", parts=(sector,))
        for key, (sector, name) in sorted(
            organisations.items(),
            key=lambda item: (
                order.index(item[1][0]) if item[1][0] in order else len(order),
                item[1][1],
            ),
        )
    ]
    return _screening_table(
        request,
        rows=rows,
        columns=OUTCOMES,
        values=values,
        row_dimension="Organisation (sector)",
        column_dimension="Outcome of the screening",
        notes=("Only organisations that completed a screening in the period are listed.",),
    )


def nrm_n2_profiles(request: TableRequest) -> StatTable:
    """Completed screenings by the profile screened against and outcome."""
    groups = (
        screenings_in(request)
        .values("profile__code", "outcome")
        .annotate(n=Count("pk"), name=Min("profile__name"))
        .order_by()
    )
    profiles: dict[str, str] = {}
    values: dict[CellKey, Cell] = {}
    for group in groups:
        profiles.setdefault(group["profile__code"], group["name"])
        values[(group["profile__code"], group["outcome"])] = Cell.count(group["n"])
    return _screening_table(
        request,
        rows=[Header(code, name) for code, name in sorted(profiles.items())],
        columns=OUTCOMES,
        values=values,
        row_dimension="Profile",
        column_dimension="Outcome of the screening",
        notes=(
            "A profile is counted by its code: versions of an instrument share their profiles.",
        ),
    )


def nrm_n2_referrals(request: TableRequest) -> StatTable:
    """Completed screenings by outcome, and whether each led to an NRM referral."""
    groups = (
        with_referral(screenings_in(request), request)
        .values("outcome")
        .annotate(
            referred=Count("pk", filter=Q(led_to_referral=True)),
            not_referred=Count("pk", filter=Q(led_to_referral=False)),
        )
        .order_by()
    )
    values: dict[CellKey, Cell] = {}
    for group in groups:
        for column, _label in REFERRAL_COLUMNS:
            values[(group["outcome"], column)] = Cell.count(group[column])
    return _screening_table(
        request,
        rows=[Header(key, label) for key, label in OUTCOMES],
        columns=REFERRAL_COLUMNS,
        values=values,
        row_dimension="Outcome of the screening",
        column_dimension="Referral",
        notes=(
            "A screening led to a referral when an NRM record names it and was sent to the "
            "competent authority (at any time up to now).",
        ),
    )


def nrm_n2_answers(request: TableRequest) -> StatTable:
    """Answers recorded in completed screenings, by value and the screening organisation's
    sector: the 'does not know' row over the total is the share of answers left unknown."""
    start, end = day_bounds(request.period)
    groups = (
        statistical_screening_answers(request.actor)
        .filter(screening__started_at__gte=start, screening__started_at__lt=end)
        .values("value", sector=F("screening__organisation__org_type"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    values: dict[CellKey, Cell] = {}
    present: set[str] = set()
    for group in groups:
        present.add(group["sector"])
        values[(group["value"], group["sector"])] = Cell.count(group["n"])
    return _screening_table(
        request,
        rows=[Header(key, label) for key, label in ANSWERS],
        columns=[(code, str(label)) for code, label in OrganisationType.choices if code in present],
        values=values,
        unit="answers",
        row_dimension="Answer",
        column_dimension="Sector of the screening organisation",
        notes=(
            "The unit is the answer to one indicator. The share of answers left unknown is the "
            "'Does not know' row over the total; 'did not want to answer' and 'not asked' are "
            "shown apart. Shares are not published as figures: with the counts beside them they "
            "would let a withheld count be worked out.",
        ),
    )
