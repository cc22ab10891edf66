"""The national tables Waypoint must produce (TIP T1-T11, Eurostat E1-E8, NRM N1-N2, patterns and
flows) and the overview of victims for the coordinator's dashboard.

Tables over persons and cases (E1-E4, T5 and its breakdowns, flows, patterns), over criminal
cases (T1-T4, T7, T8, E5-E7 and their breakdowns), the NRM and screening (N1, N2 and its
breakdowns), support (T6, E8) and the action plan (T9-T11) have their functions in
``waypoint.reporting.national``. A table whose data is still being built in another area is
registered without a function and says which data it awaits. Definitions follow DOMAIN.md
section 4 and the reference note on identification and reporting, section 6c.
"""

from __future__ import annotations

from typing import Final

from waypoint.reporting.national.enforcement import (
    eurostat_e5,
    eurostat_e5_citizenship,
    eurostat_e6,
    eurostat_e6_citizenship,
    eurostat_e7,
    eurostat_e7_citizenship,
    tip_t1,
    tip_t2,
    tip_t3,
    tip_t3_outcomes,
    tip_t4,
    tip_t7,
    tip_t8,
)
from waypoint.reporting.national.eurostat import (
    eurostat_e1,
    eurostat_e2,
    eurostat_e3,
    eurostat_e4,
)
from waypoint.reporting.national.nrm import (
    nrm_n1,
    nrm_n2,
    nrm_n2_answers,
    nrm_n2_profiles,
    nrm_n2_referrals,
)
from waypoint.reporting.national.patterns import (
    flows,
    patterns_control,
    patterns_recruitment,
    patterns_sectors,
)
from waypoint.reporting.national.plan import tip_t9, tip_t10, tip_t11
from waypoint.reporting.national.support import eurostat_e8, tip_t6
from waypoint.reporting.national.tip import (
    overview_victims,
    tip_t5,
    tip_t5_bodies,
    tip_t5_forms,
    tip_t5_nationality,
)
from waypoint.reporting.periods import PeriodKind
from waypoint.reporting.registry import ChartKind, TableFunction, TableKind, register

PERSONS_ONCE: Final = (
    "Unit: persons. A person recorded by several organisations is counted once (persons linked as "
    "the same individual count once)."
)
FORMS_RULE: Final = (
    "A person exploited in several forms is counted under each form and once in the total, so the "
    "forms can add up to more than the total."
)
ZERO_RULE: Final = "0 means known to be none; 'unknown' means not recorded. They are never merged."
REGISTERED: Final = (
    "Registered victims (Eurostat: identified + presumed): persons registered as victims in a case "
    "in the period (by registration date), unless their status at the end of the period was "
    "'not a victim of trafficking'. Persons whose status was not recorded are counted and shown "
    "apart."
)
PERSON_GROUPS: Final = (
    "Sex, age group (at registration) and citizenship are those of the person record the others "
    "were linked to; a blank is 'not recorded', never 0."
)
YEAR_BANDS: Final = (
    "Records imported with only a band of registration years (CTDC) are placed in a calendar "
    "year only when the band is that single year; the notes say how many could not be placed."
)
DECISIONS: Final = (
    "Potential: a record's status changed to 'possible victim of trafficking' (a preliminary, "
    "reasonable-grounds decision) in the period; confirmed: changed to 'actual victim of "
    "trafficking' (a formal, conclusive identification) in the period, by the date of the change."
)
DISCLOSURE_RULE: Final = (
    "Published figures pass disclosure control: small counts are withheld, and so are the "
    "figures that would let them be worked out from totals."
)

CRIMINAL_PERSONS_ONCE: Final = (
    "Unit for suspects, defendants and convicted persons: persons. A person suspected in several "
    "investigations, or recorded twice and linked as the same individual, counts once."
)
STAGE_RULES: Final = (
    CRIMINAL_PERSONS_ONCE,
    "Forms are those recorded on the person's investigations: a person under several forms "
    "counts under each and once in the total; 'form not recorded' counts persons with an "
    "investigation on which no form is recorded.",
    "Sex, age group and citizenship are those of the person record the others were linked to; "
    "a blank is 'not recorded', never 0.",
    ZERO_RULE,
)

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
            CRIMINAL_PERSONS_ONCE,
        ),
        "",
        ChartKind.BAR,
    ),
    (
        "tip-t2",
        "Prosecutions initiated",
        "Defendants prosecuted for trafficking, by form; prosecutions pending at the end of the "
        "period.",
        (
            "Counted by the date of the charge.",
            "Unit: defendants (persons), not cases; pending prosecutions are also counted as "
            "cases.",
            CRIMINAL_PERSONS_ONCE,
        ),
        "",
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
            "Convicted: found guilty at trial or on a guilty plea. Sentence: the one imposed at "
            "first instance for the conviction; a sentence changed on appeal is not counted "
            "again.",
            CRIMINAL_PERSONS_ONCE,
        ),
        "",
        ChartKind.BAR,
    ),
    (
        "tip-t4",
        "Complicit officials",
        "Investigations, prosecutions and convictions of public officials for complicity, by "
        "agency type.",
        (
            "Counted by the date of each step: the suspicion recorded, the charge, the guilty "
            "verdict.",
            "Unit: persons. Officials are suspects recorded as public officials; the agency "
            "is the one recorded with them.",
            CRIMINAL_PERSONS_ONCE,
        ),
        "",
        ChartKind.BAR,
    ),
    (
        "tip-t5",
        "Victims identified",
        "Potential and confirmed victims by sex and age (women, men, girls, boys). The same "
        "decisions by nationality, form of exploitation and identifying body are tables "
        "tip-t5-nationality, tip-t5-forms and tip-t5-bodies.",
        (DECISIONS, PERSONS_ONCE, PERSON_GROUPS),
        "",
        ChartKind.BAR,
    ),
    (
        "tip-t6",
        "Victims referred and assisted",
        "Victims referred to services; receiving shelter, medical, psychosocial and legal aid; "
        "work authorisation, freedom-of-movement passes, reflection periods, residence permits; "
        "repatriations.",
        (
            "A victim receiving several kinds of assistance counts under each.",
            "Counted by the date of each event: referral, assistance received (running at some "
            "point in the period), permit granted, reflection period started, return begun.",
            PERSONS_ONCE,
        ),
        "",
        ChartKind.BAR,
    ),
    (
        "tip-t7",
        "Victims in the criminal justice process",
        "Victims who cooperated with the investigation or prosecution, testified, benefited "
        "from protective measures, or were penalised for acts traffickers compelled.",
        (
            "Counted by the date the victim was linked to the criminal case as a witness.",
            "Only what law enforcement recorded about the witness is counted: nothing is read "
            "from the victim's support case.",
            PERSONS_ONCE,
        ),
        "",
        ChartKind.BAR,
    ),
    (
        "tip-t8",
        "Restitution and compensation",
        "Restitution and compensation ordered and paid: number of victims, amounts and currency.",
        (
            "Amounts are shown in the currency in which they were ordered.",
            "Victims: the persons named as beneficiaries of the orders, each once. An amount is "
            "withheld when the victims it rests on are few (an order naming nobody counts as "
            "one).",
        ),
        "",
        ChartKind.BAR,
    ),
    (
        "tip-t9",
        "Funding",
        "Budgets for victim protection, prevention and the national action plan: allocated and "
        "spent.",
        ("Amounts in the currency of the budget line.",),
        "",
        ChartKind.BAR,
    ),
    (
        "tip-t10",
        "Prevention and capacity",
        "Trainings by audience and persons trained, awareness campaigns, notifications of adults "
        "who declined referral by outcome. Hotline calls, labour inspections and recruitment-fee "
        "enforcement are not recorded in Waypoint (see the notes).",
        ("Counted by the date of the activity.",),
        "",
        ChartKind.BAR,
    ),
    (
        "tip-t11",
        "Recommendation tracker",
        "The TIP report's recommendations for the period by the status derived from the actions "
        "taken on them, prioritised or not; each recommendation with its actions and evidence is "
        "in the action plan's recommendation tracker.",
        ("Only concrete actions recorded in the period count; commitments do not.",),
        "",
        ChartKind.BAR,
    ),
)

_EUROSTAT_TABLES: Final = (
    (
        "eurostat-e1",
        "Registered victims by status and registering organisation",
        "Identified and presumed victims, by the type of organisation that registered them.",
        (
            REGISTERED,
            "Identified: the record's status at the end of the period was 'actual victim of "
            "trafficking'; presumed: 'possible victim of trafficking'. A person identified on one "
            "record and presumed on another is identified.",
            "The registering organisation is the one that owns the case the person is registered "
            "in (after a transfer, the receiving organisation).",
            PERSONS_ONCE,
            YEAR_BANDS,
            ZERO_RULE,
        ),
        "",
    ),
    (
        "eurostat-e2",
        "Registered victims by sex and age group",
        "Registered victims by sex and age group (child under 18, adult).",
        (
            REGISTERED,
            "Age group at the time of registration (the recorded age band); sex as recorded "
            "(HTCDS gender: transgender and non-conforming identities are 'other').",
            PERSONS_ONCE,
            PERSON_GROUPS,
            YEAR_BANDS,
            ZERO_RULE,
        ),
        "",
    ),
    (
        "eurostat-e3",
        "Registered victims by citizenship",
        "Registered victims who are citizens of the reporting country, of another EU country, "
        "of a non-EU country, and by country.",
        (
            REGISTERED,
            "The reporting country is the installation's country (WAYPOINT_COUNTRY); EU means the "
            "27 member states.",
            "A person with several citizenships counts under one: the reporting country's first, "
            "then an EU country's, then the first recorded.",
            PERSONS_ONCE,
            YEAR_BANDS,
            ZERO_RULE,
        ),
        "",
    ),
    (
        "eurostat-e4",
        "Registered victims by form of exploitation, sex and age group",
        "Registered victims by form of exploitation, sex and age group.",
        (
            REGISTERED,
            "Forms are the HTCDS types of exploitation (with forced criminality) recorded on any of "
            "the person's records in the period; 'form not recorded' counts persons with none.",
            PERSONS_ONCE,
            FORMS_RULE,
            PERSON_GROUPS,
            YEAR_BANDS,
            ZERO_RULE,
        ),
        "",
    ),
    (
        "eurostat-e5",
        "Suspected persons",
        "Persons suspected of trafficking by sex, age, citizenship and form.",
        ("Counted by the date the person became a suspect.", *STAGE_RULES),
        "",
    ),
    (
        "eurostat-e6",
        "Persons prosecuted",
        "Persons prosecuted for trafficking by sex, age, citizenship and form.",
        ("Counted by the date of the charge.", *STAGE_RULES),
        "",
    ),
    (
        "eurostat-e7",
        "Persons convicted",
        "Persons convicted of trafficking by sex, age, citizenship and form. Sentence lengths "
        "are in TIP table tip-t3.",
        (
            "Counted by the date of the judgment. Convicted: found guilty at trial or on a guilty "
            "plea.",
            *STAGE_RULES,
        ),
        "",
    ),
    (
        "eurostat-e8",
        "Victims by assistance received and residence permits",
        "Victims receiving assistance and residence permits (Directive 2004/81/EC) by sex and "
        "form of exploitation.",
        (
            "Counted by the date of each event: assistance received (running at some point in "
            "the year), permit granted.",
            PERSONS_ONCE,
            FORMS_RULE,
            ZERO_RULE,
        ),
        "",
    ),
)


FUNCTIONS: Final[dict[str, TableFunction]] = {
    "tip-t1": tip_t1,
    "tip-t2": tip_t2,
    "tip-t3": tip_t3,
    "tip-t4": tip_t4,
    "tip-t5": tip_t5,
    "tip-t7": tip_t7,
    "tip-t8": tip_t8,
    "tip-t6": tip_t6,
    "tip-t9": tip_t9,
    "tip-t10": tip_t10,
    "tip-t11": tip_t11,
    "eurostat-e1": eurostat_e1,
    "eurostat-e2": eurostat_e2,
    "eurostat-e3": eurostat_e3,
    "eurostat-e4": eurostat_e4,
    "eurostat-e5": eurostat_e5,
    "eurostat-e6": eurostat_e6,
    "eurostat-e7": eurostat_e7,
    "eurostat-e8": eurostat_e8,
    "nrm-n1": nrm_n1,
    "nrm-n2": nrm_n2,
    "nrm-n2-profiles": nrm_n2_profiles,
    "nrm-n2-referrals": nrm_n2_referrals,
    "nrm-n2-answers": nrm_n2_answers,
}
CHARTS: Final = {"eurostat-e3": ChartKind.RANKED}

_T5_BREAKDOWNS: Final = (
    (
        "tip-t5-nationality",
        "Victims identified by nationality",
        "Potential and confirmed victims: own nationals, the main foreign nationalities, others.",
        tip_t5_nationality,
        ChartKind.BAR,
        (
            "Countries are named when at least as many persons as the disclosure threshold hold "
            "their citizenship; the others are added up.",
        ),
    ),
    (
        "tip-t5-forms",
        "Victims identified by form of exploitation",
        "Potential and confirmed victims by the form of exploitation recorded on the decided "
        "record.",
        tip_t5_forms,
        ChartKind.BAR,
        (FORMS_RULE,),
    ),
    (
        "tip-t5-bodies",
        "Victims identified by identifying body",
        "Potential and confirmed victims by the kind of organisation that took the decision "
        "(police, NGO, court or prosecution, other government body, other).",
        tip_t5_bodies,
        ChartKind.BAR,
        ("The body recorded with the decision (HTCDS trafficking status decision-making org).",),
    ),
)

_CITIZENSHIP_BREAKDOWNS: Final = (
    ("eurostat-e5-citizenship", "Suspected persons by citizenship", eurostat_e5_citizenship, 5),
    ("eurostat-e6-citizenship", "Persons prosecuted by citizenship", eurostat_e6_citizenship, 6),
    ("eurostat-e7-citizenship", "Persons convicted by citizenship", eurostat_e7_citizenship, 7),
)
_STAGE_DATES: Final = {
    5: "Counted by the date the person became a suspect.",
    6: "Counted by the date of the charge.",
    7: "Counted by the date of the judgment.",
}

_PATTERNS: Final = (
    (
        "patterns-sectors",
        "Sectors of labour exploitation",
        "Victims of forced labour, child labour or servitude by sector (NACE section), by sex "
        "and age.",
        patterns_sectors,
        2,
    ),
    (
        "patterns-recruitment",
        "Methods of recruitment",
        "Registered victims by how they were recruited, by sex and age.",
        patterns_recruitment,
        3,
    ),
    (
        "patterns-control",
        "Means of control",
        "Registered victims by the means traffickers used to control them, by sex and age.",
        patterns_control,
        4,
    ),
)

_N2_TABLES: Final = (
    (
        "nrm-n2",
        "Screening activity",
        "Screenings by organisation (with its sector) and outcome. Outcomes by profile, "
        "referrals that followed and answers left unknown are tables nrm-n2-profiles, "
        "nrm-n2-referrals and nrm-n2-answers.",
        ("The unit is the screening: a person screened twice counts twice.",),
    ),
    (
        "nrm-n2-profiles",
        "Screening outcomes by profile",
        "Screenings by the profile (adult or child, labour or sexual exploitation) and outcome.",
        ("The unit is the screening.",),
    ),
    (
        "nrm-n2-referrals",
        "Screenings that led to an NRM referral",
        "Screenings by outcome, and how many led to a referral to the competent authority.",
        ("The unit is the screening.",),
    ),
    (
        "nrm-n2-answers",
        "Screening answers left unknown",
        "Answers recorded in screenings by value ('does not know' among them) and the sector of "
        "the screening organisation.",
        ("The unit is the answer to one indicator.",),
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
            FUNCTIONS.get(table_id),
            period_kinds=TIP,
            description=description,
            definitions=(*definitions, ZERO_RULE, DISCLOSURE_RULE),
            awaiting=awaiting,
            chart=chart,
            order=order,
        )
    for table_id, title, description, function, chart, extra in _T5_BREAKDOWNS:
        register(
            table_id,
            title,
            TableKind.TIP,
            function,
            period_kinds=TIP,
            description=description,
            definitions=(DECISIONS, *extra, PERSONS_ONCE, ZERO_RULE, DISCLOSURE_RULE),
            chart=chart,
            order=5,
        )
    register(
        "tip-t3-outcomes",
        "Acquittals and convictions overturned",
        TableKind.TIP,
        tip_t3_outcomes,
        period_kinds=TIP,
        description="Persons acquitted, and persons whose conviction was overturned on appeal, "
        "by form of trafficking.",
        definitions=(
            "Acquitted: acquitted on a charge by a verdict in the period and convicted on none "
            "in the same prosecution in it. Overturned: an appeal decided in the period "
            "overturned the person's conviction.",
            CRIMINAL_PERSONS_ONCE,
            ZERO_RULE,
            DISCLOSURE_RULE,
        ),
        order=3,
    )
    for table_id, title, function, order in _CITIZENSHIP_BREAKDOWNS:
        register(
            table_id,
            title,
            TableKind.EUROSTAT,
            function,
            period_kinds=YEAR,
            description=f"{title}: nationals of the reporting country, of another EU country, "
            "of a non-EU country, by sex and age group.",
            definitions=(
                _STAGE_DATES[order],
                "The reporting country is the installation's country (WAYPOINT_COUNTRY); EU "
                "means the 27 member states.",
                *STAGE_RULES,
                DISCLOSURE_RULE,
            ),
            order=order,
        )
    for order, (table_id, title, description, definitions, awaiting) in enumerate(
        _EUROSTAT_TABLES, start=1
    ):
        register(
            table_id,
            title,
            TableKind.EUROSTAT,
            FUNCTIONS.get(table_id),
            period_kinds=YEAR,
            description=description,
            definitions=(*definitions, DISCLOSURE_RULE),
            awaiting=awaiting,
            chart=CHARTS.get(table_id, ChartKind.BAR),
            order=order,
        )
    register(
        "nrm-n1",
        "NRM performance",
        TableKind.NRM,
        FUNCTIONS["nrm-n1"],
        period_kinds=ANY_SPAN,
        description="Referrals; time to the preliminary and the formal decision (median, share "
        "within the target); negative decisions and reconsiderations; time-limit breaches.",
        definitions=(
            "Times are counted in the country's working days, from referral to decision.",
            "Referrals count by the date they were sent to the competent authority, decisions by "
            "the date of the decision, breaches by the date the time limit was breached.",
            "Within the target: the decision came on or before the due date the country profile "
            "set when the step started.",
            "The unit is the referral, the decision or the breach, as each row says.",
            "A median resting on few decisions is withheld like a small count, and so is a share "
            "whose decisions in time, or late, are few.",
            DISCLOSURE_RULE,
        ),
        chart=ChartKind.RANKED,
        order=1,
    )
    for order, (table_id, title, description, definitions) in enumerate(_N2_TABLES, start=2):
        register(
            table_id,
            title,
            TableKind.NRM,
            FUNCTIONS[table_id],
            period_kinds=ANY_SPAN,
            description=description,
            definitions=(
                "Completed screenings, counted by the date of the screening interview.",
                *definitions,
                ZERO_RULE,
                DISCLOSURE_RULE,
            ),
            order=order,
        )
    register(
        "overview-victims",
        "Victims registered and identified: this period and the last",
        TableKind.NRM,
        overview_victims,
        period_kinds=frozenset({PeriodKind.TIP, PeriodKind.YEAR, PeriodKind.QUARTER}),
        description="Registered victims, potential victims and confirmed victims in the period "
        "and in the period before it.",
        definitions=(REGISTERED, DECISIONS, PERSONS_ONCE, ZERO_RULE, DISCLOSURE_RULE),
        order=0,
    )
    register(
        "flows",
        "Patterns and flows",
        TableKind.FLOWS,
        flows,
        period_kinds=ANY_SPAN,
        description="Registered victims by route: country of citizenship → transit country "
        "(where recorded) → country of exploitation. Sectors, recruitment and control methods "
        "are tables patterns-sectors, patterns-recruitment and patterns-control.",
        definitions=(
            REGISTERED,
            "Origin: the person's citizenship (the reporting country's first, then an EU "
            "country's, then the first recorded). Transit: the countries of transit events "
            "recorded for the person, or for the case without naming a person. Destination: the "
            "country of exploitation recorded for the person in the case.",
            PERSONS_ONCE,
            "A person with several transit countries, or several records with different "
            "countries, counts on each route and once in the total.",
            YEAR_BANDS,
            DISCLOSURE_RULE,
        ),
        chart=ChartKind.FLOW,
        order=1,
    )
    for table_id, title, description, function, order in _PATTERNS:
        register(
            table_id,
            title,
            TableKind.FLOWS,
            function,
            period_kinds=ANY_SPAN,
            description=description,
            definitions=(
                REGISTERED,
                "A person with several codes counts under each and once in the total; 'not "
                "recorded' counts persons with none.",
                PERSONS_ONCE,
                PERSON_GROUPS,
                YEAR_BANDS,
                ZERO_RULE,
                DISCLOSURE_RULE,
            ),
            chart=ChartKind.RANKED,
            order=order,
        )
