"""The fictional content of the coordination demo (see ``demo.py``): objectives, actions, reports."""

from __future__ import annotations

from waypoint.action_plans.choices import ActionStatus

OBJECTIVES = {
    "prevention": [
        ("1.1", "Raise awareness among groups at risk"),
        ("1.2", "Reduce demand and regulate recruitment"),
    ],
    "protection": [
        ("2.1", "Identify victims early through a formal national referral mechanism"),
        ("2.2", "Assist and shelter victims"),
    ],
    "prosecution": [
        ("3.1", "Investigate and prosecute trafficking and official complicity"),
        ("3.2", "Train justice professionals"),
    ],
    "partnership": [
        ("4.1", "Coordinate and monitor the response"),
        ("4.2", "Work with civil society and other countries"),
    ],
}

# code, objective, title, lead, partners, budget, indicator (name, unit, baseline, target)
ACTIONS = (
    (
        "1.1.1",
        "1.1",
        "Information leaflets for asylum seekers in six languages",
        "immigration1",
        ("ngo1", "io1"),
        "18000",
        ("Leaflets distributed", "leaflets", "0", "6000"),
    ),
    (
        "1.1.2",
        "1.1",
        "Campaign for migrant workers in construction and hospitality",
        "labour1",
        ("ngo2",),
        "25000",
        ("Workers reached at worksites", "people", "0", "2000"),
    ),
    (
        "1.2.1",
        "1.2",
        "Licensing and inspection of recruitment agencies",
        "labour1",
        (),
        "12000",
        ("Agencies inspected", "agencies", "4", "40"),
    ),
    (
        "2.1.1",
        "2.1",
        "Standard operating procedures of the national referral mechanism",
        "welfare1",
        ("police1", "ngo1"),
        "8000",
        ("Agencies applying the procedures", "agencies", "2", "12"),
    ),
    (
        "2.1.2",
        "2.1",
        "Screening with cultural mediators at reception centres",
        "immigration1",
        ("ngo1",),
        "30000",
        ("People screened", "people", "0", "1500"),
    ),
    (
        "2.2.1",
        "2.2",
        "Additional specialised shelter places",
        "welfare1",
        ("shelter1",),
        "90000",
        ("Shelter places", "places", "10", "25"),
    ),
    (
        "3.1.1",
        "3.1",
        "Dedicated anti-trafficking investigation unit",
        "police1",
        ("prosecution1",),
        "60000",
        ("Investigators assigned", "officers", "3", "10"),
    ),
    (
        "3.1.2",
        "3.1",
        "Financial investigations in every trafficking case",
        "police1",
        ("prosecution1",),
        None,
        ("Cases with a financial investigation", "%", "10", "100"),
    ),
    (
        "3.2.1",
        "3.2",
        "Victim-centred training for prosecutors and judges",
        "coordination1",
        ("prosecution1", "court1"),
        "15000",
        ("Justice professionals trained", "people", "0", "120"),
    ),
    (
        "4.1.1",
        "4.1",
        "Annual public monitoring report",
        "coordination1",
        ("coordination2",),
        "5000",
        ("Reports published", "reports", "0", "3"),
    ),
    (
        "4.2.1",
        "4.2",
        "Outreach partnership with NGOs at ports and farms",
        "ngo1",
        ("ngo2", "io2"),
        "20000",
        ("Outreach visits", "visits", "0", "150"),
    ),
)

ReportEntry = tuple[str, str, str, str, bool]

# Reports of the passed round: (action, status, narrative, indicator value, late?)
ROUND_ONE: tuple[ReportEntry, ...] = (
    (
        "1.1.1",
        ActionStatus.ON_TRACK,
        "Leaflets printed in English, Arabic, Tigrinya, French, Somali and Bengali.",
        "2500",
        False,
    ),
    (
        "1.1.2",
        ActionStatus.DELAYED,
        "Campaign postponed until the construction associations agree on site visits.",
        "300",
        True,
    ),
    (
        "1.2.1",
        ActionStatus.ON_TRACK,
        "Inspection checklist agreed; first agencies inspected.",
        "11",
        False,
    ),
    (
        "2.1.1",
        ActionStatus.ON_TRACK,
        "Draft procedures circulated to member agencies for comment.",
        "5",
        False,
    ),
    (
        "2.1.2",
        ActionStatus.ON_TRACK,
        "Mediators recruited for two reception centres.",
        "420",
        False,
    ),
    ("2.2.1", ActionStatus.DELAYED, "Building works delayed by permits.", "10", False),
    ("3.1.1", ActionStatus.ON_TRACK, "Unit set up with six investigators.", "6", False),
    ("3.2.1", ActionStatus.ON_TRACK, "Curriculum agreed with the judicial academy.", "35", False),
    ("4.1.1", ActionStatus.COMPLETED, "First monitoring report published.", "1", False),
    ("4.2.1", ActionStatus.ON_TRACK, "Joint visits at the port started.", "40", False),
)
# Reports of the open round (submitted on time; the others are still pending).
ROUND_TWO: tuple[ReportEntry, ...] = (
    (
        "1.1.1",
        ActionStatus.ON_TRACK,
        "Second print run distributed at the arrivals centre.",
        "4100",
        False,
    ),
    ("2.1.1", ActionStatus.ON_TRACK, "Procedures adopted by the steering group.", "9", False),
    ("3.1.1", ActionStatus.ON_TRACK, "Unit at full strength.", "9", False),
)
