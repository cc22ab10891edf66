"""The TIP minimum standards and the twelve criteria of "serious and sustained efforts", as data.

Source: 22 U.S.C. §7106(a) and (b) (TVPA §108), paraphrased in
``shared/reference/notes/identification-and-reporting.md`` §3.1. The codes are stable: criterion
entries of TIP submissions and evidence providers refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Criterion:
    code: str
    kind: str  # "standard" (minimum standard, §7106(a)) or "criterion" (§7106(b))
    number: int
    title: str | Promise
    text: str | Promise
    statute: str
    # The criterion's data must be provided or the government is presumed not to have acted.
    needs_law_enforcement_data: bool = False


STANDARD = "standard"
CRITERION = "criterion"

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "MS1",
        STANDARD,
        1,
        _("Prohibit and punish trafficking"),
        _(
            "The government should prohibit severe forms of trafficking in persons and punish acts of such trafficking."
        ),
        "22 U.S.C. §7106(a)(1)",
    ),
    Criterion(
        "MS2",
        STANDARD,
        2,
        _("Punishment commensurate with grave crimes"),
        _(
            "For the knowing commission of sex trafficking involving force, fraud or coercion, or in which the "
            "victim is a child, or of trafficking involving rape, kidnapping or causing death, the government "
            "should prescribe punishment commensurate with that for grave crimes such as forcible sexual assault."
        ),
        "22 U.S.C. §7106(a)(2)",
    ),
    Criterion(
        "MS3",
        STANDARD,
        3,
        _("Deterrent punishment"),
        _(
            "For the knowing commission of any act of a severe form of trafficking in persons, the government "
            "should prescribe punishment that is sufficiently stringent to deter and that adequately reflects "
            "the heinous nature of the offence."
        ),
        "22 U.S.C. §7106(a)(3)",
    ),
    Criterion(
        "MS4",
        STANDARD,
        4,
        _("Serious and sustained efforts"),
        _(
            "The government should make serious and sustained efforts to eliminate severe forms of trafficking in persons."
        ),
        "22 U.S.C. §7106(a)(4)",
    ),
    Criterion(
        "SSE1",
        CRITERION,
        1,
        _("Vigorous investigation, prosecution, conviction and sentencing"),
        _(
            "Whether the government vigorously investigates and prosecutes acts of severe forms of trafficking, "
            "and convicts and sentences persons responsible, including incarceration as appropriate (suspended "
            "or significantly reduced sentences for principal actors are weighed case by case). A government "
            "that does not provide the requested data on investigations, prosecutions, convictions and "
            "sentences, consistent with its capacity, is presumed not to have acted vigorously."
        ),
        "22 U.S.C. §7106(b)(1)",
        needs_law_enforcement_data=True,
    ),
    Criterion(
        "SSE2",
        CRITERION,
        2,
        _("Victim protection"),
        _(
            "Whether the government protects victims, encourages their assistance in investigations and "
            "prosecutions, provides legal alternatives to removal where victims face retribution, ensures "
            "victims are not penalised for unlawful acts committed as a direct result of being trafficked, and "
            "trains law-enforcement and immigration officials in victim-centred identification."
        ),
        "22 U.S.C. §7106(b)(2)",
    ),
    Criterion(
        "SSE3",
        CRITERION,
        3,
        _("Prevention"),
        _(
            "Whether the government has adopted measures to prevent trafficking: public information and "
            "education, birth registration and identity, preventing nationals deployed abroad on diplomatic or "
            "peacekeeping missions from trafficking, preventing forced and child labour, information sharing, "
            "and regulating foreign labour recruiters with civil and criminal liability for fraudulent recruiting."
        ),
        "22 U.S.C. §7106(b)(3)",
    ),
    Criterion(
        "SSE4",
        CRITERION,
        4,
        _("Cooperation with other governments"),
        _(
            "Whether the government cooperates with other governments in the investigation and prosecution of trafficking."
        ),
        "22 U.S.C. §7106(b)(4)",
    ),
    Criterion(
        "SSE5",
        CRITERION,
        5,
        _("Extradition"),
        _(
            "Whether the government extradites persons charged with trafficking on substantially the same terms as persons charged with other serious crimes."
        ),
        "22 U.S.C. §7106(b)(5)",
    ),
    Criterion(
        "SSE6",
        CRITERION,
        6,
        _("Monitoring migration patterns"),
        _(
            "Whether the government monitors immigration and emigration patterns for evidence of trafficking and responds consistently with the protection of victims' rights."
        ),
        "22 U.S.C. §7106(b)(6)",
    ),
    Criterion(
        "SSE7",
        CRITERION,
        7,
        _("Complicit public officials"),
        _(
            "Whether the government vigorously investigates, prosecutes, convicts and sentences public officials, "
            "including diplomats, soldiers and peacekeepers, who participate in or facilitate trafficking. "
            "Failure to address public allegations counts as inaction, and the same presumption applies where "
            "the requested data are not provided."
        ),
        "22 U.S.C. §7106(b)(7)",
        needs_law_enforcement_data=True,
    ),
    Criterion(
        "SSE8",
        CRITERION,
        8,
        _("Share of non-citizen victims"),
        _(
            "Whether the percentage of victims of severe forms of trafficking in the country who are non-citizens of the country is insignificant."
        ),
        "22 U.S.C. §7106(b)(8)",
    ),
    Criterion(
        "SSE9",
        CRITERION,
        9,
        _("Partnerships"),
        _(
            "Whether the government has entered into effective, transparent partnerships and cooperative "
            "arrangements with civil society, the private sector, international organisations, multilateral "
            "bodies or the United States, with concrete and measurable outcomes."
        ),
        "22 U.S.C. §7106(b)(9)",
    ),
    Criterion(
        "SSE10",
        CRITERION,
        10,
        _("Monitoring and public assessment"),
        _(
            "Whether the government systematically monitors its efforts and makes available a publicly available periodic assessment of them."
        ),
        "22 U.S.C. §7106(b)(10)",
    ),
    Criterion(
        "SSE11",
        CRITERION,
        11,
        _("Appreciable progress"),
        _(
            "Whether the government achieves appreciable progress in eliminating severe forms of trafficking compared with the assessment of the previous year."
        ),
        "22 U.S.C. §7106(b)(11)",
    ),
    Criterion(
        "SSE12",
        CRITERION,
        12,
        _("Reducing demand"),
        _(
            "Whether the government makes serious and sustained efforts to reduce the demand for commercial sex acts and for participation in international sex tourism by its nationals."
        ),
        "22 U.S.C. §7106(b)(12)",
    ),
)

CRITERIA_BY_CODE: dict[str, Criterion] = {criterion.code: criterion for criterion in CRITERIA}
CRITERION_CODES: tuple[str, ...] = tuple(criterion.code for criterion in CRITERIA)


def criterion(code: str) -> Criterion:
    """The criterion with ``code``; KeyError for an unknown code."""
    return CRITERIA_BY_CODE[code]
