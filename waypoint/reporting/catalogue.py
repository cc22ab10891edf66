"""The national tables Waypoint must produce (TIP T1-T11, Eurostat E1-E8, NRM N1-N2, flows).

Their source data (persons and cases, screening, NRM decisions, prosecutions, the action plan) is
being built in other areas; until it exists each table is registered without a function and says
which data it awaits. When the data lands, the table function is passed to the same ``register``
call here (see docs/statistics.md). Definitions follow DOMAIN.md section 4 and the reference note
on identification and reporting, section 6c.
"""

from __future__ import annotations

from typing import Final

from waypoint.reporting.periods import PeriodKind
from waypoint.reporting.registry import ChartKind, TableKind, register

PERSONS_ONCE: Final = (
    "Unit: persons. A person recorded by several organisations is counted once (persons linked as "
    "the same individual count once)."
)
FORMS_RULE: Final = (
    "A person exploited in several forms is counted under each form and once in the total, so the "
    "forms can add up to more than the total."
)
ZERO_RULE: Final = "0 means known to be none; 'unknown' means not recorded. They are never merged."
DISCLOSURE_RULE: Final = (
    "Published figures pass disclosure control: small counts are withheld, and so are the "
    "figures that would let them be worked out from totals."
)

AWAITING_VICTIMS: Final = (
    "No data source yet: persons, cases and victim context (issue #3) and NRM identification "
    "decisions (issue #5)."
)
AWAITING_SUPPORT: Final = (
    "No data source yet: case management, services, shelter and permits (issue #3) and NRM "
    "referrals (issue #5)."
)
AWAITING_ENFORCEMENT: Final = (
    "No data source yet: investigations, suspects, prosecutions and verdicts (issue #6)."
)
AWAITING_PLAN: Final = "No data source yet: the national action plan and TIP workspace (issue #8)."
AWAITING_NRM: Final = "No data source yet: NRM referrals, decisions and timers (issue #5)."
AWAITING_SCREENING: Final = "No data source yet: screenings and their outcomes (issue #4)."

TIP: Final = frozenset({PeriodKind.TIP})
YEAR: Final = frozenset({PeriodKind.YEAR})
ANY_SPAN: Final = frozenset({PeriodKind.TIP, PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.RANGE})

_TIP_TABLES: Final = (
    (
        "tip-t1",
        "Investigations initiated",
        "Trafficking investigations opened in the period: cases and suspects, by form "
        "(sex trafficking, labour trafficking, other).",
        (
            "Counted by the date the investigation was opened.",
            "Cases and suspects are counted separately; a suspect in several investigations "
            "counts once.",
        ),
        AWAITING_ENFORCEMENT,
        ChartKind.BAR,
    ),
    (
        "tip-t2",
        "Prosecutions initiated",
        "Defendants prosecuted for trafficking, by form; prosecutions pending at the end of the "
        "period.",
        ("Counted by the date of the charge.", "Unit: defendants (persons), not cases."),
        AWAITING_ENFORCEMENT,
        ChartKind.BAR,
    ),
    (
        "tip-t3",
        "Convictions and sentences",
        "Traffickers convicted, by form and sentence band (suspended or fine only, under 1 "
        "year, 1 to under 4, 4 to under 10, 10 years or more); acquittals; convictions "
        "overturned on appeal.",
        (
            "Counted by the date of the judgment.",
            "Suspended and fine-only sentences are shown apart, as the TIP report flags them.",
        ),
        AWAITING_ENFORCEMENT,
        ChartKind.BAR,
    ),
    (
        "tip-t4",
        "Complicit officials",
        "Investigations, prosecutions and convictions of public officials for complicity, by "
        "agency type.",
        ("Counted by the date of each step.",),
        AWAITING_ENFORCEMENT,
        ChartKind.BAR,
    ),
    (
        "tip-t5",
        "Victims identified",
        "Potential and confirmed victims by sex, adult or child, nationality (own nationals and "
        "foreign, top countries), form of exploitation and identifying body.",
        (
            "Potential: a preliminary (reasonable grounds) decision in the period; confirmed: a "
            "formal (conclusive) identification in the period.",
            PERSONS_ONCE,
            FORMS_RULE,
        ),
        AWAITING_VICTIMS,
        ChartKind.BAR,
    ),
    (
        "tip-t6",
        "Victims referred and assisted",
        "Victims referred to services; receiving shelter, medical, psychosocial and legal aid; "
        "work authorisation, freedom-of-movement passes, reflection periods, residence permits; "
        "repatriations.",
        ("A victim receiving several kinds of assistance counts under each.", PERSONS_ONCE),
        AWAITING_SUPPORT,
        ChartKind.BAR,
    ),
    (
        "tip-t7",
        "Victims in the criminal justice process",
        "Victims who cooperated with the investigation or prosecution, testified, benefited "
        "from protective measures, or were penalised for acts traffickers compelled.",
        (PERSONS_ONCE,),
        "No data source yet: victims as witnesses in criminal cases (issues #3 and #6).",
        ChartKind.BAR,
    ),
    (
        "tip-t8",
        "Restitution and compensation",
        "Restitution and compensation ordered and paid: number of victims, amounts and currency.",
        ("Amounts are shown in the currency in which they were ordered.",),
        AWAITING_ENFORCEMENT,
        ChartKind.BAR,
    ),
    (
        "tip-t9",
        "Funding",
        "Budgets for victim protection, prevention and the national action plan: allocated and "
        "spent.",
        ("Amounts in the currency of the budget line.",),
        AWAITING_PLAN,
        ChartKind.BAR,
    ),
    (
        "tip-t10",
        "Prevention and capacity",
        "Trainings by audience and persons trained, awareness campaigns, hotline calls and their "
        "outcomes, labour inspections, recruitment-fee enforcement.",
        ("Counted by the date of the activity.",),
        AWAITING_PLAN,
        ChartKind.BAR,
    ),
    (
        "tip-t11",
        "Recommendation tracker",
        "Each prioritised TIP recommendation with the action taken, the evidence and its status.",
        ("Only concrete actions recorded in the period count; commitments do not.",),
        AWAITING_PLAN,
        ChartKind.BAR,
    ),
)

_EUROSTAT_TABLES: Final = (
    (
        "eurostat-e1",
        "Registered victims by status and registering organisation",
        "Identified and presumed victims, by the organisation that registered them.",
        (
            "Registered victims = identified + presumed victims (Eurostat definition).",
            PERSONS_ONCE,
        ),
        AWAITING_VICTIMS,
    ),
    (
        "eurostat-e2",
        "Registered victims by sex and age group",
        "Registered victims by sex and age group (child under 18, adult).",
        ("Age at the time of registration.", PERSONS_ONCE, ZERO_RULE),
        AWAITING_VICTIMS,
    ),
    (
        "eurostat-e3",
        "Registered victims by citizenship",
        "Registered victims who are citizens of the reporting country, of another EU country, "
        "of a non-EU country, and by country.",
        (PERSONS_ONCE, "A person with several citizenships is counted under the first recorded."),
        AWAITING_VICTIMS,
    ),
    (
        "eurostat-e4",
        "Registered victims by form of exploitation, sex and age group",
        "Registered victims by form of exploitation, sex and age group.",
        (PERSONS_ONCE, FORMS_RULE),
        AWAITING_VICTIMS,
    ),
    (
        "eurostat-e5",
        "Suspected persons",
        "Persons suspected of trafficking by sex, age, citizenship and form.",
        ("Counted by the date the person became a suspect.", PERSONS_ONCE),
        AWAITING_ENFORCEMENT,
    ),
    (
        "eurostat-e6",
        "Persons prosecuted",
        "Persons prosecuted for trafficking by sex, age, citizenship and form.",
        ("Counted by the date of the charge.", PERSONS_ONCE),
        AWAITING_ENFORCEMENT,
    ),
    (
        "eurostat-e7",
        "Persons convicted",
        "Persons convicted of trafficking by sex, age, citizenship and form, with sentence "
        "length where collected.",
        ("Counted by the date of the judgment.", PERSONS_ONCE),
        AWAITING_ENFORCEMENT,
    ),
    (
        "eurostat-e8",
        "Victims by assistance received and residence permits",
        "Victims receiving assistance and residence permits (Directive 2004/81/EC) by sex and "
        "form of exploitation.",
        (PERSONS_ONCE,),
        AWAITING_SUPPORT,
    ),
)


_registered = False


def register_catalogue() -> None:
    """Register the national tables; called from the app's ``ready()`` (once per process)."""
    global _registered  # noqa: PLW0603  one registration per process
    if _registered:
        return
    _registered = True
    for order, (table_id, title, description, definitions, awaiting, chart) in enumerate(
        _TIP_TABLES, start=1
    ):
        register(
            table_id,
            title,
            TableKind.TIP,
            period_kinds=TIP,
            description=description,
            definitions=(*definitions, ZERO_RULE, DISCLOSURE_RULE),
            awaiting=awaiting,
            chart=chart,
            order=order,
        )
    for order, (table_id, title, description, definitions, awaiting) in enumerate(
        _EUROSTAT_TABLES, start=1
    ):
        register(
            table_id,
            title,
            TableKind.EUROSTAT,
            period_kinds=YEAR,
            description=description,
            definitions=(*definitions, DISCLOSURE_RULE),
            awaiting=awaiting,
            order=order,
        )
    register(
        "nrm-n1",
        "NRM performance",
        TableKind.NRM,
        period_kinds=ANY_SPAN,
        description="Referrals; time to the preliminary and the formal decision (median, share "
        "within the target); negative decisions and reconsiderations; time-limit breaches.",
        definitions=(
            "Times are counted in the country's working days, from referral to decision.",
            "A median resting on few decisions is withheld like a small count.",
            DISCLOSURE_RULE,
        ),
        awaiting=AWAITING_NRM,
        order=1,
    )
    register(
        "nrm-n2",
        "Screening activity",
        TableKind.NRM,
        period_kinds=ANY_SPAN,
        description="Screenings by organisation and sector; outcomes by profile; how many led to "
        "a referral; the share of answers left unknown.",
        definitions=("Counted by the date of the screening.", DISCLOSURE_RULE),
        awaiting=AWAITING_SCREENING,
        order=2,
    )
    register(
        "flows",
        "Patterns and flows",
        TableKind.FLOWS,
        period_kinds=ANY_SPAN,
        description="Victims by route: country of citizenship → transit country (where recorded) "
        "→ country of exploitation; sectors; recruitment and control methods.",
        definitions=(PERSONS_ONCE, "A person exploited in several countries counts on each route."),
        awaiting=AWAITING_VICTIMS,
        chart=ChartKind.FLOW,
        order=1,
    )
