"""How CTDC columns and values map to HTCDS fields and Waypoint extensions (docs/exchange.md
lists the same mapping for people; it follows reference/htcds/ctdc_to_htcds_mapping.csv)."""

from __future__ import annotations

from waypoint.cases.choices import (
    ForcedLabourIndustry as Industry,
)
from waypoint.cases.choices import (
    MethodsOfControl as Control,
)
from waypoint.cases.choices import (
    TypeOfExploitation as Exploitation,
)

UNKNOWN_TOKENS = frozenset({"", "-99", ".", "-99.0"})
COUNTRY_UNKNOWN_TOKENS = UNKNOWN_TOKENS | {"0", "0.0"}
TRUE_FLAGS = frozenset({"1", "1.0"})
FALSE_FLAGS = frozenset({"0", "0.0"})
GENDERS = {"female": "Feminine", "male": "Masculine", "nonconforming": "NonConforming"}
TYPE = "vic_TypeOfExploitation"
CONTROL = "vic_MethodsOfControl"
INDUSTRY = "vic_ForcedLabourIndustry"
SEX = "vic_TypeOfSexExploitation"

# Global Dataset flag columns → the HTCDS code they record (docs/exchange.md; mapping after
# reference/htcds/ctdc_to_htcds_mapping.csv).
FLAGS: dict[str, tuple[tuple[str, str], ...]] = {
    "isForcedLabour": ((TYPE, Exploitation.FORCED_LABOUR),),
    "isSexualExploit": ((TYPE, Exploitation.SEXUAL_EXPLOITATION),),
    "isForcedMarriage": ((TYPE, Exploitation.FORCED_MARRIAGE),),
    "isForcedMilitary": ((TYPE, Exploitation.FORCED_MILITARY_BY_NON_STATE_ACTORS),),
    "isOrganRemoval": ((TYPE, Exploitation.ORGAN_REMOVAL),),
    "isOtherExploit": ((TYPE, Exploitation.OTHER),),
    "meansOfControlDebtBondage": ((CONTROL, Control.DEBT_BONDAGE),),
    "meansOfControlTakesEarnings": ((CONTROL, Control.TAKES_EARNINGS),),
    "meansOfControlRestrictsFinancialAccess": ((CONTROL, Control.RESTRICTS_FINANCIAL_ACCESS),),
    "meansOfControlThreats": ((CONTROL, Control.PHYSICAL_THREATS),),
    "meansOfControlPsychologicalAbuse": ((CONTROL, Control.PSYCHOLOGICAL_ABUSE),),
    "meansOfControlPhysicalAbuse": ((CONTROL, Control.PHYSICAL_ABUSE),),
    "meansOfControlSexualAbuse": ((CONTROL, Control.SEXUAL_ABUSE),),
    "meansOfControlFalsePromises": ((CONTROL, Control.FALSE_PROMISES),),
    "meansOfControlPsychoactiveSubstances": ((CONTROL, Control.PSYCHOACTIVE_SUBSTANCE),),
    "meansOfControlRestrictsMovement": ((CONTROL, Control.RESTRICTS_MOVEMENT),),
    "meansOfControlRestrictsMedicalCare": ((CONTROL, Control.RESTRICTS_MEDICAL_CARE),),
    "meansOfControlExcessiveWorkingHours": ((CONTROL, Control.EXCESSIVE_WORKING_HOURS),),
    "meansOfControlUsesChildren": ((CONTROL, Control.USES_CHILDREN),),
    "meansOfControlThreatOfLawEnforcement": ((CONTROL, Control.THREATS_LAW_ENFORCEMENT),),
    "meansOfControlWithholdsNecessities": ((CONTROL, Control.WITHHOLDS_NECESSITIES),),
    "meansOfControlWithholdsDocuments": ((CONTROL, Control.WITHHOLDS_DOCUMENTS),),
    "meansOfControlOther": ((CONTROL, Control.OTHER),),
    "typeOfLabourAgriculture": ((INDUSTRY, Industry.A_AGRICULTURE_FORESTRY_AND_FISHING),),
    "typeOfLabourAquafarming": ((INDUSTRY, Industry.A_AGRICULTURE_FORESTRY_AND_FISHING),),
    "typeOfLabourBegging": ((TYPE, Exploitation.FORCED_BEGGING),),
    "typeOfLabourConstruction": ((INDUSTRY, Industry.F_CONSTRUCTION),),
    "typeOfLabourDomesticWork": ((INDUSTRY, Industry.T_ACTIVITIES_OF_HOUSEHOLDS_AS_EMPLOYERS),),
    "typeOfLabourHospitality": ((INDUSTRY, Industry.I_ACCOMMODATION_AND_FOOD_SERVICE_ACTIVITIES),),
    "typeOfLabourIllicitActivities": ((TYPE, Exploitation.FORCED_CRIMINALITY),),
    "typeOfLabourManufacturing": ((INDUSTRY, Industry.C_MANUFACTURING),),
    "typeOfLabourMiningOrDrilling": ((INDUSTRY, Industry.B_MINING_AND_QUARRYING),),
    "typeOfLabourPeddling": (
        (INDUSTRY, Industry.G_WHOLESALE_AND_RETAIL_TRADE_REPAIR_OF_MOTOR_VEHICLES),
    ),
    "typeOfLabourTransportation": ((INDUSTRY, Industry.H_TRANSPORTATION_AND_STORAGE),),
    "typeOfLabourOther": ((INDUSTRY, Industry.S_OTHER_SERVICE_ACTIVITIES),),
    "typeOfSexProstitution": ((SEX, "Prostitution"),),
    "typeOfSexPornography": ((SEX, "Pornography"),),
    "typeOfSexRemoteInteractiveServices": ((SEX, "RemoteInteractiveServices"),),
    "typeOfSexPrivateSexualServices": ((SEX, "PrivateSexualServices"),),
}
# Flags that say only "nothing specified" or "both": they add no code of their own.
NEUTRAL_FLAGS = frozenset(
    {"meansOfControlNotSpecified", "typeOfLabourNotSpecified", "isSexAndLabour"}
)
RELATION_FLAGS = {
    "recruiterRelationIntimatePartner": "IntimatePartner",
    "recruiterRelationFriend": "Friend",
    "recruiterRelationFamily": "Family",
    "recruiterRelationOther": "Other",
}
# Only exact equivalents fill vic_RelationshipToTrafficker; every CTDC category stays in
# ext_CTDCRelation.
RELATION_TO_HTCDS = {
    "Family": "Familial",
    "Friend": "Acquainted",
    "FriendAcquaintance": "Acquainted",
}
GLOBAL_COLUMNS = frozenset(
    {
        "yearOfRegistration",
        "Datasource",
        "gender",
        "ageBroad",
        "majorityStatus",
        "majorityStatusAtExploit",
        "citizenship",
        "CountryOfExploitation",
        *FLAGS,
        *NEUTRAL_FLAGS,
        *RELATION_FLAGS,
    }
)
# Columns the 2020 extract added by geocoding citizenship and country of exploitation: derived, so
# read past.
GEOCODING_COLUMNS = frozenset(
    {
        "nacionalidade_lat",
        "nacionalidade_long",
        "nacionalidade",
        "pais_exploracao_lat",
        "pais_exploracao_long",
        "pais_exploracao",
        "nacionalidade_alpha3",
        "pais_exploracao_alpha3",
    }
)
VP_COLUMNS = (
    "yearRegister",
    "gender",
    "majorityStatus",
    "isForcedLabour",
    "isSexualExploit",
    "UN_COO_Region",
    "UN_COE_Region",
    "IP_Exploiter",
    "IP_Gender",
    "IP_ageBroad",
    "IP_citizen_UNRegion",
    "IP_Relation",
    "IP_PayMoney",
    "IP_RecruiterBroker",
    "IP_TransactionProcess",
    "IP_ControlAbuseKidnap",
)
RECODED_COLUMNS = (
    "yearOfRegistration",
    "Datasource",
    "gender",
    "citizenship",
    "isForcedLabour",
    "ControlCategory",
    "RecruiterCategory",
    "ExploitType",
    "Labor_Type",
    "ageCategories",
)
REGIONS = {
    "africa": "Africa",
    "americas/oceania": "AmericasOceania",
    "asia": "Asia",
    "europe": "Europe",
}
EXPLOIT_TYPES = {
    "Sexual Exploitation": Exploitation.SEXUAL_EXPLOITATION,
    "Forced Labor": Exploitation.FORCED_LABOUR,
    "Forced Marriage": Exploitation.FORCED_MARRIAGE,
    "Other": Exploitation.OTHER,
}
LABOUR_TYPES: dict[str, tuple[str, str | None]] = {
    # Labor_Type → (ext_CTDCLabourType, HTCDS code as field=code or None)
    "Agriculture": ("Agriculture", f"{INDUSTRY}={Industry.A_AGRICULTURE_FORESTRY_AND_FISHING}"),
    "Aquafarming": ("Aquafarming", f"{INDUSTRY}={Industry.A_AGRICULTURE_FORESTRY_AND_FISHING}"),
    "Begging": ("Begging", f"{TYPE}={Exploitation.FORCED_BEGGING}"),
    "Construction": ("Construction", f"{INDUSTRY}={Industry.F_CONSTRUCTION}"),
    "Domestic Work": (
        "DomesticWork",
        f"{INDUSTRY}={Industry.T_ACTIVITIES_OF_HOUSEHOLDS_AS_EMPLOYERS}",
    ),
    "Manufacturing": ("Manufacturing", f"{INDUSTRY}={Industry.C_MANUFACTURING}"),
    "Peddling": (
        "Peddling",
        f"{INDUSTRY}={Industry.G_WHOLESALE_AND_RETAIL_TRADE_REPAIR_OF_MOTOR_VEHICLES}",
    ),
    "Other": ("Other", f"{INDUSTRY}={Industry.S_OTHER_SERVICE_ACTIVITIES}"),
}
RECRUITER_CATEGORIES = {
    "Intimate Partner": "IntimatePartner",
    "Family/Relative": "Family",
    "Friend/Acquaintance": "Friend",
    "Other": "Other",
}
CONTROL_CATEGORIES = ("Threats", "Financial", "Physical", "Survival", "Other")
