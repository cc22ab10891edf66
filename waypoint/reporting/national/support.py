"""Support tables: TIP T6, victims referred and assisted, and Eurostat E8, victims by assistance
received and residence permits.

What Waypoint records, and therefore what these tables count (each by its own date):

- **Referred to services**: referrals to a service of the directory made in the period (any
  answer).
- **Assistance received** (shelter, medical, psychosocial, legal, other): a referral to a service of
  that type the provider accepted, being received at some point in the period (accepted before the
  period ended, not ended before it started), or a support plan (HTCDS ``spl_Type``) of that type
  running in the period (created before the period ended, not ended before it started).
- **Work authorisation, freedom of movement, residence permits**: a permit track granted in the
  period (the date of the step to "granted").
- **Reflection periods**: a recovery and reflection period that started in the period (its timer).
- **Repatriations**: assisted returns begun in the period (the NRM step), or return and
  reintegration support received in the period.

The unit is the person (``person_key``, see ``records``): a person receiving several kinds of
assistance counts under each and once in the totals. Breakdowns that Waypoint does not record are
named in the notes and never filled with zeros.
"""

from __future__ import annotations

from typing import Any, Final

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Q,
    QuerySet,
)

from waypoint.access.actor import Actor
from waypoint.access.scopes.reporting import (
    statistical_nrm_steps,
    statistical_service_referrals,
    statistical_support_plans,
    statistical_timers,
    statistical_track_steps,
    statistical_victim_records,
)
from waypoint.cases.choices import SupportPlanType
from waypoint.directory.choices import ServiceReferralStatus
from waypoint.referrals.choices import NrmState, TimerKind, TrackKind, TrackState
from waypoint.reporting.national.dimensions import (
    FORMS_FIELD,
    NOT_RECORDED,
    SEX_AGE_GROUPS,
    SEX_GROUPS,
    code_headers,
    headers,
    sex_age_group,
)
from waypoint.reporting.national.records import day_bounds, group_counts, persons, with_person
from waypoint.reporting.periods import Period
from waypoint.reporting.registry import TableRequest
from waypoint.reporting.tables import Cell, CellKey, Header, StatTable, build_table

T = SupportPlanType
SERVICE_KINDS: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    ("shelter", "Shelter", (T.SHELTER,)),
    ("medical", "Medical care", (T.HEALTH,)),
    ("psychosocial", "Psychosocial support", (T.PSYCHOLOGICAL, T.SOCIAL_CARE)),
    ("legal", "Legal aid", (T.LEGAL,)),
    (
        "other_assistance",
        "Other assistance (education, employment, financial, livelihood, interpretation, "
        "rehabilitation, training)",
        (
            T.EDUCATION,
            T.EMPLOYMENT,
            T.FINANCIAL,
            T.LIVELIHOOD,
            T.INTERPRETATION_AND_CULTURAL_MEDIATION,
            T.LABOUR_EXPLOITATION_REHABILITATION,
            T.SEXUAL_EXPLOITATION_REHABILITATION,
            T.RIGHTS_BASED_TRAINING,
        ),
    ),
)
PERMIT_KINDS: Final = (
    ("work_authorisation", "Work authorisation granted", TrackKind.WORK_PERMIT),
    (
        "freedom_of_movement",
        "Freedom-of-movement permission granted",
        TrackKind.FREEDOM_OF_MOVEMENT,
    ),
    ("residence_permit", "Residence permit granted", TrackKind.RESIDENCE_PERMIT),
)
T6_ROWS: Final = (
    ("referred", "Referred to services"),
    *((key, label) for key, label, _types in SERVICE_KINDS),
    *((key, label) for key, label, _kind in PERMIT_KINDS[:2]),
    ("reflection_period", "Recovery and reflection period started"),
    (PERMIT_KINDS[2][0], PERMIT_KINDS[2][1]),
    ("repatriation", "Repatriation (assisted return)"),
)
ASSISTANCE: Final = (
    *(key for key, _label, _types in SERVICE_KINDS),
    "reflection_period",
    "repatriation",
)
T6_GAPS: Final = (
    "Not recorded in Waypoint, so not in this table: residence permits by legal ground "
    "(Directive 2004/81/EC or other), renewals of permits, and shelter stays arranged outside "
    "the services directory and support plans.",
)
E8_GAPS: Final = (
    "Not recorded in Waypoint, so not in this table: whether a residence permit was issued under "
    "Directive 2004/81/EC or on other grounds, and first permits apart from renewals (every "
    "permit granted in the year counts).",
)


def _received(period: Period, types: tuple[str, ...], actor: Actor) -> Q:
    """Records that received a service or support plan of ``types`` at some point in the
    period. The qualifying records are one uncorrelated subquery per source, which the database
    computes once (a hashed set) rather than once per record."""
    start, end = day_bounds(period)
    services = (
        statistical_service_referrals(actor)
        .filter(
            service__service_type__in=types,
            status__in=[ServiceReferralStatus.ACCEPTED, ServiceReferralStatus.COMPLETED],
            responded_at__lt=end,
        )
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start))
    )
    plans = (
        statistical_support_plans(actor)
        .filter(plan_type__in=types, created_at__lt=end)
        .filter(Q(actual_end_date__isnull=True) | Q(actual_end_date__gte=period.start))
    )
    return Q(pk__in=services.values("case_person")) | Q(pk__in=plans.values("case_person"))


def _granted(period: Period, kind: str, actor: Actor) -> Q:
    start, end = day_bounds(period)
    steps = statistical_track_steps(actor).filter(
        track__kind=kind,
        to_state=TrackState.GRANTED,
        occurred_at__gte=start,
        occurred_at__lt=end,
    )
    return Q(pk__in=steps.values("track__case_person"))


def with_support(actor: Actor, period: Period) -> QuerySet[Any]:
    """Victim records annotated with the person key, sex and age group and, for each kind of
    support, whether the record received it in the period (booleans, one per T6 row)."""
    start, end = day_bounds(period)
    # Only records with some support recorded at all can count: narrowing to them first (plain
    # IN over indexed keys) spares every other record the per-kind EXISTS below.
    supported = (
        Q(pk__in=statistical_service_referrals(actor).values("case_person"))
        | Q(pk__in=statistical_support_plans(actor).values("case_person"))
        | Q(pk__in=statistical_track_steps(actor).values("track__case_person"))
        | Q(
            pk__in=statistical_timers(actor)
            .filter(kind=TimerKind.RECOVERY_PERIOD)
            .values("referral__case_person")
        )
        | Q(
            pk__in=statistical_nrm_steps(actor)
            .filter(to_state=NrmState.RETURN)
            .values("referral__case_person")
        )
    )
    records = with_person(statistical_victim_records(actor).filter(supported))
    flags: dict[str, Q] = {
        "referred": Q(
            pk__in=statistical_service_referrals(actor)
            .filter(created_at__gte=start, created_at__lt=end)
            .values("case_person")
        ),
        **{key: _received(period, types, actor) for key, _label, types in SERVICE_KINDS},
        **{key: _granted(period, kind, actor) for key, _label, kind in PERMIT_KINDS},
        "reflection_period": Q(
            pk__in=statistical_timers(actor)
            .filter(
                kind=TimerKind.RECOVERY_PERIOD,
                starts_on__gte=period.start,
                starts_on__lte=period.end,
            )
            .values("referral__case_person")
        ),
        "repatriation": Q(
            pk__in=statistical_nrm_steps(actor)
            .filter(to_state=NrmState.RETURN, occurred_at__gte=start, occurred_at__lt=end)
            .values("referral__case_person")
        )
        | _received(period, (T.RETURN_AND_REINTEGRATION,), actor),
    }
    annotated: QuerySet[Any] = records.alias(
        **{
            f"got_{key}": ExpressionWrapper(value, output_field=BooleanField())
            for key, value in flags.items()
        }
    )
    return annotated


def got(*keys: str) -> Q:
    """Rows that received any of ``keys``."""
    condition = Q()
    for key in keys:
        condition |= Q(**{f"got_{key}": True})
    return condition


def tip_t6(request: TableRequest) -> StatTable:
    """Victims referred to services and assisted, by kind of support and sex-and-age group."""
    records = with_support(request.actor, request.period)
    row_keys = [key for key, _label in T6_ROWS]
    aggregates: dict[str, Any] = {key: persons(got(key)) for key in row_keys}
    groups = group_counts(records, ("sex", "age"), **aggregates, anyone=persons(got(*row_keys)))
    values: dict[CellKey, Cell] = {}
    column_totals: dict[str, int] = {}
    for group in groups:
        column = sex_age_group(group["sex"], group["age"])
        for key in row_keys:
            current = values.get((key, column), Cell.count(0)).value or 0
            values[(key, column)] = Cell.count(int(current) + group[key])
        column_totals[column] = column_totals.get(column, 0) + group["anyone"]
    overall = records.aggregate(**aggregates, anyone=persons(got(*row_keys)))
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=headers(T6_ROWS),
        columns=headers(SEX_AGE_GROUPS),
        values=values,
        row_totals={key: Cell.count(overall[key]) for key in row_keys},
        column_totals={
            key: Cell.count(column_totals.get(key, 0)) for key, _label in SEX_AGE_GROUPS
        },
        grand_total=Cell.count(overall["anyone"]),
        totals_additive=False,
        row_dimension="Referral, assistance or permit",
        column_dimension="Sex and age group",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            "A person referred, assisted or granted a permit in several ways counts in each row "
            "and once in the totals.",
            "Age group at registration.",
            *T6_GAPS,
        ),
    )


E8_COLUMNS: Final = tuple(
    (f"{measure}_{sex}", f"{measure_label}: {sex_label.lower()}")
    for measure, measure_label in (
        ("assisted", "Receiving assistance"),
        ("permit", "Residence permit"),
    )
    for sex, sex_label in SEX_GROUPS
)


def eurostat_e8(request: TableRequest) -> StatTable:
    """Victims receiving assistance, and granted residence permits, in the year: by form of
    exploitation and sex."""
    records = with_support(request.actor, request.period)
    assisted, permit = got(*ASSISTANCE), got("residence_permit")
    coded = records.annotate(form=FilteredRelation("codes", condition=Q(codes__field=FORMS_FIELD)))
    with_form = Q(form__code__isnull=False)
    by_form = group_counts(
        coded.filter(with_form),
        ("sex",),
        by={"code": F("form__code")},
        assisted=persons(assisted),
        permit=persons(permit),
        anyone=persons(assisted | permit),
    )
    # "Form not recorded": the person has no record with a form through which they were assisted
    # (or granted the permit). Decided per person in the database, so the row total is exact.
    unrecorded = {
        measure: condition
        & ~Q(person_key__in=coded.filter(condition & with_form).values("person_key"))
        for measure, condition in (("assisted", assisted), ("permit", permit))
    }
    by_sex = group_counts(
        records,
        ("sex",),
        assisted=persons(assisted),
        permit=persons(permit),
        assisted_unrecorded=persons(unrecorded["assisted"]),
        permit_unrecorded=persons(unrecorded["permit"]),
    )
    row_totals_by_form = group_counts(
        coded.filter(with_form), (), by={"code": F("form__code")}, anyone=persons(assisted | permit)
    )
    overall = records.aggregate(
        anyone=persons(assisted | permit),
        unrecorded=persons(unrecorded["assisted"] | unrecorded["permit"]),
    )
    values: dict[CellKey, Cell] = {}
    for group in by_form:
        for measure in ("assisted", "permit"):
            values[(group["code"], f"{measure}_{group['sex']}")] = Cell.count(group[measure])
    column_totals: dict[str, Cell] = {}
    for group in by_sex:
        for measure in ("assisted", "permit"):
            column = f"{measure}_{group['sex']}"
            column_totals[column] = Cell.count(group[measure])
            values[(NOT_RECORDED, column)] = Cell.count(group[f"{measure}_unrecorded"])
    row_totals = {group["code"]: Cell.count(group["anyone"]) for group in row_totals_by_form}
    rows = code_headers(FORMS_FIELD, unknown_label="Form not recorded")
    row_totals[NOT_RECORDED] = Cell.count(overall["unrecorded"])
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=[Header(key, label) for key, label in E8_COLUMNS],
        values=values,
        row_totals={row.key: row_totals.get(row.key, Cell.count(0)) for row in rows},
        column_totals={key: column_totals.get(key, Cell.count(0)) for key, _label in E8_COLUMNS},
        grand_total=Cell.count(overall["anyone"]),
        totals_additive=False,
        row_dimension="Form of exploitation",
        column_dimension="Assistance or residence permit, by sex",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            "Receiving assistance: shelter, medical, psychosocial, legal or other assistance, a "
            "recovery and reflection period or an assisted return in the year (see tip-t6).",
            "Forms are those recorded on the records through which the person was assisted or "
            "granted the permit; 'form not recorded' counts persons with no such record giving a "
            "form. A person with several forms counts under each and once in the totals; a "
            "person both assisted and granted a permit counts in both and once in the row total.",
            *E8_GAPS,
        ),
    )
