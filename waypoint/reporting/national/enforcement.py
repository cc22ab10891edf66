"""Criminal-justice tables: TIP T1-T4, T7, T8 and Eurostat E5-E7 (suspected, prosecuted and
convicted persons).

Every figure comes from the enforcement app's aggregates
(``waypoint.enforcement.selectors.breakdowns``), computed in the database over every criminal case
for people who see national statistics, and counted by the rules of DOMAIN.md section 4: persons
once (a suspect in several investigations, or recorded twice and linked as the same individual),
a person with several forms under each and once in the totals, "not recorded" apart from 0, the
period from the event's date. Only enforcement records are counted: nothing here reads a support
case.

Tables whose totals would let a reader combine two breakdowns are published as separate tables
(as T5 is): E5-E7 by form and by citizenship, T3's sentences apart from its acquittals and
reversals.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Final

from waypoint.cases.choices import TypeOfExploitation
from waypoint.enforcement.choices import CompensationKind, OfficialAgencyType
from waypoint.enforcement.selectors import breakdowns
from waypoint.enforcement.selectors.counts import NON_CUSTODIAL, Period, Stage
from waypoint.reporting.national.dimensions import (
    ADULT_BANDS,
    CHILD_BANDS,
    CITIZENSHIP_GROUPS,
    EU_MEMBER_STATES,
    FORMS_FIELD,
    GENDER_TO_SEX,
    NOT_RECORDED,
    SEX_AGE_GROUPS,
    citizenship_group,
    code_headers,
    headers,
    own_country,
    sex_age_group,
)
from waypoint.reporting.periods import Period as ReportingPeriod
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

T = TypeOfExploitation
# The TIP report's forms: sex trafficking, labour trafficking (forced labour in its wide sense),
# and the other forms national law may count as trafficking.
TIP_FORM_GROUPS: Final[dict[str, frozenset[str]]] = {
    "sex": frozenset({T.SEXUAL_EXPLOITATION}),
    "labour": frozenset(
        {
            T.FORCED_LABOUR,
            T.CHILD_LABOUR,
            T.SERVITUDE,
            T.FORCED_BEGGING,
            T.FORCED_CRIMINALITY,
            T.FORCED_MILITARY_BY_NON_STATE_ACTORS,
        }
    ),
    "other": frozenset(
        {T.FORCED_MARRIAGE, T.ORGAN_REMOVAL, T.FORCED_ADOPTION, T.SURROGACY, T.OTHER}
    ),
}
TIP_FORMS: Final = (
    ("sex", "Sex trafficking"),
    ("labour", "Labour trafficking"),
    ("other", "Other forms"),
    (NOT_RECORDED, "Form not recorded"),
)
TIP_FORMS_RULE: Final = (
    "Forms are those recorded on the investigation. Sex trafficking: sexual exploitation. Labour "
    "trafficking: forced labour, child labour, servitude, forced begging, forced criminality and "
    "forced military service. Other: forced marriage, organ removal, forced adoption, surrogacy "
    "and other forms. A case or person under several forms counts under each and once in the "
    "totals; 'form not recorded' counts those with an investigation on which no form is "
    "recorded."
)
SENTENCE_COLUMNS: Final = (
    (NON_CUSTODIAL, "Suspended or fine only"),
    ("<1y", "Under 1 year"),
    ("1-<4y", "1 to under 4 years"),
    ("4-<10y", "4 to under 10 years"),
    (">=10y", "10 years or more"),
    (NOT_RECORDED, "Sentence not recorded"),
)
OUTCOME_COLUMNS: Final = (
    (breakdowns.ACQUITTED, "Acquitted"),
    (breakdowns.OVERTURNED, "Conviction overturned on appeal"),
)
OFFICIAL_COLUMNS: Final = (
    (Stage.SUSPECTED.value, "Investigated"),
    (Stage.PROSECUTED.value, "Prosecuted"),
    (Stage.CONVICTED.value, "Convicted"),
)
COOPERATION_ROWS: Final = (
    ("cooperating", "Cooperated with the investigation or prosecution"),
    ("not_cooperating", "Did not cooperate"),
    (NOT_RECORDED, "Cooperation not recorded"),
)
PARTICIPATION_COLUMNS: Final = (
    ("victims", "Victims taking part"),
    ("testified", "Testified"),
    ("protected", "Protective measures"),
    ("penalised", "Penalised for acts they were compelled to commit"),
)
MONEY_COLUMNS: Final = (
    ("victims", "Victims named in orders"),
    ("ordered", "Amount ordered"),
    ("paid_victims", "Victims named in orders paid"),
    ("paid", "Amount paid"),
)
UNDATED_NOTE: Final = (
    "{count} investigations have no opening date: they are not counted in any period."
)
OFFICIAL_UNKNOWN_NOTE: Final = (
    "{count} persons suspected in the period have no record of whether they were public "
    "officials: they are not counted here."
)


def span(period: ReportingPeriod) -> Period:
    """The reporting period as the enforcement aggregates take it."""
    return Period(period.start, period.end)


def _key(code: str) -> str:
    """A breakdown code as a row or column key: ``""`` (not recorded) is ``unknown``."""
    return code or NOT_RECORDED


def _age_group(band: str) -> str:
    if band in CHILD_BANDS:
        return "child"
    if band in ADULT_BANDS:
        return "adult"
    return NOT_RECORDED


def _sex_age(gender: str, band: str) -> str:
    return sex_age_group(GENDER_TO_SEX.get(gender, NOT_RECORDED), _age_group(band))


def _by_form_table(
    request: TableRequest,
    columns: Iterable[tuple[str, str, breakdowns.CrossCounts]],
    *,
    unit: str,
    notes: tuple[str, ...] = (),
    count_notes: tuple[CountNote, ...] = (),
) -> StatTable:
    """Forms (rows) by several counts of different units (columns): column totals only, since a
    row's figures do not add up to anything."""
    values: dict[CellKey, Cell] = {}
    column_totals: dict[str, Cell] = {}
    column_headers = []
    for key, label, counts in columns:
        column_headers.append(Header(key, label))
        column_totals[key] = Cell.count(counts.total)
        for form, _label in TIP_FORMS:
            code = "" if form == NOT_RECORDED else form
            values[(form, key)] = Cell.count(counts.by_form.get(code, 0))
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=headers(TIP_FORMS),
        columns=column_headers,
        values=values,
        row_totals=False,
        column_totals=column_totals,
        grand_total=False,
        totals_additive=False,
        unit=unit,
        row_dimension="Form of trafficking",
        column_dimension="",
        definitions=request.spec.definitions,
        notes=(*request.spec.notes, *notes),
        count_notes=count_notes,
    )


def tip_t1(request: TableRequest) -> StatTable:
    """Investigations opened in the period (cases) and the persons suspected in them, by form."""
    cases, suspects = breakdowns.suspects_of_investigations_opened(
        actor=request.actor, period=span(request.period), forms=TIP_FORM_GROUPS
    )
    undated = breakdowns.undated_investigations(actor=request.actor)
    return _by_form_table(
        request,
        (
            ("investigations", "Investigations (cases)", cases),
            ("suspects", "Suspects (persons)", suspects),
        ),
        unit="cases and persons",
        count_notes=(CountNote(UNDATED_NOTE, undated),),
    )


def tip_t2(request: TableRequest) -> StatTable:
    """Persons charged in the period, and prosecutions pending at its end (defendants and cases),
    by form."""
    charged, defendants, cases = breakdowns.prosecutions_by_form(
        actor=request.actor, period=span(request.period), forms=TIP_FORM_GROUPS
    )
    return _by_form_table(
        request,
        (
            ("prosecuted", "Defendants prosecuted (persons)", charged),
            ("pending_defendants", "Defendants in prosecutions pending at the end", defendants),
            ("pending_cases", "Prosecutions pending at the end (cases)", cases),
        ),
        unit="persons and cases",
        notes=(
            "Pending: proceedings started on or before the last day of the period and not "
            "concluded or discontinued by then.",
        ),
    )


def tip_t3(request: TableRequest) -> StatTable:
    """Persons convicted in the period by form (rows) and sentence band (columns)."""
    counts = breakdowns.convicted_by_sentence_band(
        actor=request.actor, period=span(request.period), forms=TIP_FORM_GROUPS
    )
    values = {
        (_key(form), _key(dims[0])): Cell.count(count)
        for (form, dims), count in counts.cells.items()
    }
    rows = headers(TIP_FORMS)
    columns = headers(SENTENCE_COLUMNS)
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=columns,
        values=values,
        row_totals={
            row.key: Cell.count(counts.by_form.get("" if row.key == NOT_RECORDED else row.key, 0))
            for row in rows
        },
        column_totals={
            column.key: Cell.count(
                counts.by_dims.get(("" if column.key == NOT_RECORDED else column.key,), 0)
            )
            for column in columns
        },
        grand_total=Cell.count(counts.total),
        totals_additive=False,
        row_dimension="Form of trafficking",
        column_dimension="Sentence imposed at first instance",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            "Row totals are the persons convicted; a person given several sentences counts "
            "under each band. Acquittals and convictions overturned on appeal are table "
            "tip-t3-outcomes.",
        ),
    )


def tip_t3_outcomes(request: TableRequest) -> StatTable:
    """Persons acquitted, and persons whose conviction was overturned on appeal, by form."""
    counts = breakdowns.acquittals_and_reversals(
        actor=request.actor, period=span(request.period), forms=TIP_FORM_GROUPS
    )
    return _by_form_table(
        request,
        ((key, label, counts[key]) for key, label in OUTCOME_COLUMNS),
        unit="persons",
    )


def tip_t4(request: TableRequest) -> StatTable:
    """Public officials investigated, prosecuted and convicted for complicity, by agency type."""
    period = span(request.period)
    stages = breakdowns.officials_by_agency(actor=request.actor, period=period)
    unknown = breakdowns.suspects_without_official_status(actor=request.actor, period=period)
    rows = [
        *(Header(str(value), str(label)) for value, label in OfficialAgencyType.choices),
        Header(NOT_RECORDED, "Agency not recorded"),
    ]
    values: dict[CellKey, Cell] = {}
    for stage, counts in stages.items():
        for (agency,), count in counts.by_dims.items():
            values[(_key(agency), stage.value)] = Cell.count(count)
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=headers(OFFICIAL_COLUMNS),
        values=values,
        row_totals=False,
        column_totals={stage.value: Cell.count(counts.total) for stage, counts in stages.items()},
        grand_total=False,
        totals_additive=False,
        row_dimension="Agency of the official",
        column_dimension="Step in the period",
        definitions=request.spec.definitions,
        notes=request.spec.notes,
        count_notes=(CountNote(OFFICIAL_UNKNOWN_NOTE, unknown),),
    )


def tip_t7(request: TableRequest) -> StatTable:
    """Victims taking part in criminal cases, by cooperation (rows): testified, protected,
    penalised (columns)."""
    counts = breakdowns.victims_by_cooperation(actor=request.actor, period=span(request.period))
    values = {
        (_key(row), column): Cell.count(count) for (row, column), count in counts.cells.items()
    }
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=headers(COOPERATION_ROWS),
        columns=headers(PARTICIPATION_COLUMNS),
        values=values,
        row_totals=False,
        column_totals={name: Cell.count(count) for name, count in counts.totals.items()},
        grand_total=False,
        totals_additive=False,
        row_dimension="Cooperation",
        column_dimension="Victims",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            "A victim is counted when linked to a criminal case in the period (as a "
            "pseudonymous witness). Testified, protective measures and penalised count the "
            "victims recorded as such; a blank is not counted in them.",
        ),
    )


def amount_cell(amount: Decimal, *, victims: int, orders: int) -> Cell:
    """An amount resting on the victims named in its orders (at least one when any order names
    none): disclosure control withholds it with a small count of victims."""
    base = max(victims, 1) if orders else 0
    return Cell.figure(amount, base=base)


def tip_t8(request: TableRequest) -> StatTable:
    """Restitution and compensation ordered and paid, per currency and kind: victims and amounts."""
    found = breakdowns.compensation_by_kind(actor=request.actor, period=span(request.period))
    labels = dict(CompensationKind.choices)
    rows: list[Header] = []
    values: dict[CellKey, Cell] = {}
    for item in found:
        key = f"{item.currency}:{item.kind}"
        rows.append(
            Header(
                key,
                f"{labels.get(item.kind, item.kind)} ({item.currency})",
                (item.currency, item.kind),
            )
        )
        values[(key, "victims")] = Cell.count(item.victims)
        values[(key, "ordered")] = amount_cell(
            item.ordered, victims=item.victims, orders=item.orders
        )
        values[(key, "paid_victims")] = Cell.count(item.paid_victims)
        values[(key, "paid")] = amount_cell(
            item.paid, victims=item.paid_victims, orders=item.paid_orders
        )
    if not rows:
        # Nothing ordered or paid in the period: known none, one row per kind.
        for kind, label in CompensationKind.choices:
            rows.append(Header(f":{kind}", str(label), ("", str(kind))))
            values[(f":{kind}", "ordered")] = Cell.figure(Decimal(0), base=0)
            values[(f":{kind}", "paid")] = Cell.figure(Decimal(0), base=0)
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=headers(MONEY_COLUMNS),
        values=values,
        row_totals=False,
        column_totals=False,
        grand_total=False,
        measure=Measure.AMOUNT,
        unit="victims and amounts",
        row_dimension="Kind and currency",
        column_dimension="Ordered and paid in the period",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            "Orders are counted by the date of the order, payments by the date of payment. "
            "Amounts in different currencies are never added up, so the table has no totals.",
        ),
    )


# --- Eurostat E5-E7 -------------------------------------------------------------------------


STAGE_UNDATED: Final = {
    Stage.SUSPECTED: "{count} suspects have no date of suspicion (imported records): they are "
    "not counted in any period.",
    Stage.PROSECUTED: "{count} persons have a charge without a date (imported records): it is "
    "not counted in any period.",
    Stage.CONVICTED: "{count} persons have a conviction without a date or year (imported "
    "records): it is not counted in any period.",
}


def _undated(request: TableRequest, stage: Stage) -> tuple[CountNote, ...]:
    count = breakdowns.undated_in_stage(actor=request.actor, stage=stage)
    return (CountNote(STAGE_UNDATED[stage], count),)


def _stage_by_form(request: TableRequest, stage: Stage) -> StatTable:
    counts = breakdowns.persons_by_form_and_group(
        actor=request.actor, stage=stage, period=span(request.period)
    )
    values: dict[CellKey, int] = {}
    for (form, (gender, band)), count in counts.cells.items():
        key = (_key(form), _sex_age(gender, band))
        values[key] = values.get(key, 0) + count
    column_totals: dict[str, int] = {}
    for (gender, band), count in counts.by_dims.items():
        column = _sex_age(gender, band)
        column_totals[column] = column_totals.get(column, 0) + count
    rows = code_headers(FORMS_FIELD, unknown_label="Form not recorded")
    columns = headers(SEX_AGE_GROUPS)
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=columns,
        values={key: Cell.count(count) for key, count in values.items()},
        row_totals={
            row.key: Cell.count(counts.by_form.get("" if row.key == NOT_RECORDED else row.key, 0))
            for row in rows
        },
        column_totals={
            column.key: Cell.count(column_totals.get(column.key, 0)) for column in columns
        },
        grand_total=Cell.count(counts.total),
        totals_additive=False,
        row_dimension="Form of exploitation",
        column_dimension="Sex and age group",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            "Forms are those recorded on the investigations the person was suspected in. The "
            f"same persons by citizenship are table {request.spec.table_id}-citizenship.",
        ),
        count_notes=_undated(request, stage),
    )


def _stage_by_citizenship(request: TableRequest, stage: Stage) -> StatTable:
    counts = breakdowns.persons_by_form_and_group(
        actor=request.actor,
        stage=stage,
        period=span(request.period),
        dimensions=("gender", "age_band", "citizenship"),
        citizenship=breakdowns.CitizenshipOrder(own=own_country(), preferred=EU_MEMBER_STATES),
        with_forms=False,
    )
    values: dict[CellKey, int] = {}
    for (gender, band, country), count in counts.by_dims.items():
        key = (citizenship_group(country), _sex_age(gender, band))
        values[key] = values.get(key, 0) + count
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=headers(CITIZENSHIP_GROUPS),
        columns=headers(SEX_AGE_GROUPS),
        values={key: Cell.count(count) for key, count in values.items()},
        row_dimension="Citizenship",
        column_dimension="Sex and age group",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            "A person with several citizenships counts under one: the reporting country's "
            "first, then an EU country's, then the first recorded.",
        ),
        count_notes=_undated(request, stage),
    )


def eurostat_e5(request: TableRequest) -> StatTable:
    """Suspected persons by form (rows) and sex and age group (columns)."""
    return _stage_by_form(request, Stage.SUSPECTED)


def eurostat_e6(request: TableRequest) -> StatTable:
    """Persons prosecuted by form (rows) and sex and age group (columns)."""
    return _stage_by_form(request, Stage.PROSECUTED)


def eurostat_e7(request: TableRequest) -> StatTable:
    """Persons convicted by form (rows) and sex and age group (columns)."""
    return _stage_by_form(request, Stage.CONVICTED)


def eurostat_e5_citizenship(request: TableRequest) -> StatTable:
    """Suspected persons by citizenship group (rows) and sex and age group (columns)."""
    return _stage_by_citizenship(request, Stage.SUSPECTED)


def eurostat_e6_citizenship(request: TableRequest) -> StatTable:
    """Persons prosecuted by citizenship group (rows) and sex and age group (columns)."""
    return _stage_by_citizenship(request, Stage.PROSECUTED)


def eurostat_e7_citizenship(request: TableRequest) -> StatTable:
    """Persons convicted by citizenship group (rows) and sex and age group (columns)."""
    return _stage_by_citizenship(request, Stage.CONVICTED)


__all__ = [
    "TIP_FORM_GROUPS",
    "eurostat_e5",
    "eurostat_e5_citizenship",
    "eurostat_e6",
    "eurostat_e6_citizenship",
    "eurostat_e7",
    "eurostat_e7_citizenship",
    "span",
    "tip_t1",
    "tip_t2",
    "tip_t3",
    "tip_t3_outcomes",
    "tip_t4",
    "tip_t7",
    "tip_t8",
]
