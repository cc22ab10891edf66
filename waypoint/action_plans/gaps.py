"""Gap flags of a TIP submission: pure rules over the evidence gathered and the tier history.

1. Missing law-enforcement data: the State Department presumes that a government which does not
   provide the requested data on investigations, prosecutions, convictions and sentences (and on
   complicit officials) has not acted vigorously (22 U.S.C. §7106(b)(1) and (7)).
2. No increase against the previous period in investigations, prosecutions, convictions, victims
   assisted or complicity cases: the Tier 2 Watch List test "failure to provide evidence of
   increasing efforts from the previous year" (§7107(b)(2)(A)(iii)). Complicity cases are officials
   investigated, prosecuted or convicted, so more of them is more effort.
3. Consecutive Watch List years: two consecutive years on the special watch list mean Tier 3 the
   following year unless waived (§7107(b)(2)(D)); after such an automatic downgrade, one Watch List
   year is the limit (§7107(b)(2)(F)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.action_plans.choices import Tier
from waypoint.action_plans.evidence import (
    INCREASE_FIGURES,
    LAW_ENFORCEMENT_FIGURES,
    CriterionEvidence,
    Figure,
)
from waypoint.action_plans.periods import TipPeriod

CRITICAL = "critical"
WARNING = "warning"


GAP_TITLES = {
    "missing_law_enforcement_data": gettext_lazy("Law-enforcement data missing"),
    "no_increase": gettext_lazy("No increase"),
    "increase_unknown": gettext_lazy("Increase cannot be shown"),
    "watch_list_downgrade": gettext_lazy("Automatic downgrade"),
    "watch_list_warning": gettext_lazy("Watch List"),
    "tier_history_incomplete": gettext_lazy("Tier history incomplete"),
    "data_source_failed": gettext_lazy("Data source failed"),
}


@dataclass(frozen=True)
class Gap:
    code: str
    severity: str
    criteria: tuple[str, ...]
    message: str
    figure: str = ""

    @property
    def title(self) -> str:
        return str(GAP_TITLES.get(self.code, self.code))


@dataclass(frozen=True)
class TierYear:
    year: int
    tier: str
    is_waiver: bool = False


_FIGURE_NAMES = {
    "investigations": gettext_lazy("investigations"),
    "prosecutions": gettext_lazy("prosecutions"),
    "convictions": gettext_lazy("convictions"),
    "sentences": gettext_lazy("sentences"),
    "victims_identified": gettext_lazy("victims identified"),
    "victims_assisted": gettext_lazy("victims assisted"),
    "complicity_cases": gettext_lazy(
        "complicity cases (officials investigated, prosecuted or convicted)"
    ),
}


def figure_name(code: str) -> str:
    return str(_FIGURE_NAMES.get(code, code))


def all_figures(evidence: Mapping[str, CriterionEvidence]) -> dict[str, Figure]:
    """Figures by code across every criterion (the first provider reporting a code wins)."""
    figures: dict[str, Figure] = {}
    for criterion_evidence in evidence.values():
        for code, figure in criterion_evidence.figures.items():
            figures.setdefault(code, figure)
    return figures


def missing_law_enforcement_data(evidence: Mapping[str, CriterionEvidence]) -> list[Gap]:
    figures = all_figures(evidence)
    gaps = []
    for criterion, codes in LAW_ENFORCEMENT_FIGURES.items():
        missing = [
            code for code in codes if figures.get(code) is None or figures[code].current is None
        ]
        if not missing:
            continue
        names = ", ".join(figure_name(code) for code in missing)
        gathered = evidence.get(criterion)
        if gathered is None or not gathered.has_external_source:
            message = _(
                "No data source is connected yet for %(names)s. Where these data are not provided, "
                "the State Department presumes that the government did not act vigorously."
            ) % {"names": names}
        else:
            message = _(
                "Not available for this period: %(names)s. Where these data are not provided, the "
                "State Department presumes that the government did not act vigorously."
            ) % {"names": names}
        gaps.append(
            Gap(
                code="missing_law_enforcement_data",
                severity=CRITICAL,
                criteria=(criterion,),
                message=message,
                figure=",".join(missing),
            )
        )
    return gaps


def no_increase(figures: Mapping[str, Figure]) -> list[Gap]:
    # Law-enforcement figures missing for the period are already flagged as missing data.
    covered = {code for codes in LAW_ENFORCEMENT_FIGURES.values() for code in codes}
    criteria = ("SSE11", "MS4")
    gaps = []
    for code in INCREASE_FIGURES:
        figure = figures.get(code)
        current_missing = figure is None or figure.current is None
        if current_missing and code in covered:
            continue
        if figure is None or figure.current is None or figure.previous is None:
            gaps.append(
                Gap(
                    code="increase_unknown",
                    severity=WARNING,
                    criteria=criteria,
                    message=_(
                        "Increasing efforts cannot be shown for %(name)s: the figure is not "
                        "available for this period or the previous one."
                    )
                    % {"name": figure_name(code)},
                    figure=code,
                )
            )
            continue
        if figure.current <= figure.previous:
            gaps.append(
                Gap(
                    code="no_increase",
                    severity=WARNING,
                    criteria=criteria,
                    message=_(
                        "No increase in %(name)s: %(current)s this period against %(previous)s the "
                        "previous period. Failing to show increasing efforts is a Tier 2 Watch List "
                        "criterion."
                    )
                    % {
                        "name": figure_name(code),
                        "current": figure.current,
                        "previous": figure.previous,
                    },
                    figure=code,
                )
            )
    return gaps


def _is_automatic_downgrade(history: Mapping[int, TierYear], year: int) -> bool:
    """Tier 3 in ``year`` right after two Watch List years (the automatic downgrade)."""
    entry = history.get(year)
    return (
        entry is not None
        and entry.tier == Tier.TIER_3
        and all(
            history.get(earlier) is not None and history[earlier].tier == Tier.TIER_2_WATCH_LIST
            for earlier in (year - 1, year - 2)
        )
    )


def watch_list(history: Sequence[TierYear], period: TipPeriod) -> list[Gap]:
    """The automatic downgrade rule, looking at the reports published before this period's report."""
    by_year = {entry.year: entry for entry in history}
    report_year = period.report_year
    last = report_year - 1
    if last not in by_year:
        return [
            Gap(
                code="tier_history_incomplete",
                severity=WARNING,
                criteria=("MS4",),
                message=_(
                    "The tier of the %(year)s report is not recorded, so the automatic downgrade "
                    "rule cannot be checked. Record it in the tier history."
                )
                % {"year": last},
            )
        ]
    run: list[int] = []
    year = last
    while year in by_year and by_year[year].tier == Tier.TIER_2_WATCH_LIST:
        run.append(year)
        year -= 1
    if not run:
        return []
    run.reverse()
    limit = 1 if _is_automatic_downgrade(by_year, run[0] - 1) else 2
    years = ", ".join(str(item) for item in run)
    if len(run) >= limit:
        message = _(
            "The country was on the Tier 2 Watch List in %(years)s. Under 22 U.S.C. §7107(b)(2)(D) "
            "the %(report)s report places it on Tier 3 unless a waiver is granted on credible "
            "evidence of a written plan with sufficient resources."
        ) % {"years": years, "report": report_year}
        if limit == 1:
            message += " " + _(
                "After the automatic downgrade of %(year)s, one Watch List year is the limit "
                "(§7107(b)(2)(F))."
            ) % {"year": run[0] - 1}
        waived = [str(item) for item in run if by_year[item].is_waiver]
        if waived:
            message += " " + _(
                "A waiver was already used for %(years)s; the current text allows a waiver for up "
                "to one year only."
            ) % {"years": ", ".join(waived)}
        return [
            Gap(
                code="watch_list_downgrade",
                severity=CRITICAL,
                criteria=("MS4", "SSE11"),
                message=message,
            )
        ]
    return [
        Gap(
            code="watch_list_warning",
            severity=WARNING,
            criteria=("MS4", "SSE11"),
            message=_(
                "The country was on the Tier 2 Watch List in %(years)s. Another Watch List year in "
                "the %(report)s report means automatic Tier 3 in %(next)s."
            )
            % {"years": years, "report": report_year, "next": report_year + 1},
        )
    ]


def failed_sources(evidence: Mapping[str, CriterionEvidence]) -> list[Gap]:
    return [
        Gap(
            code="data_source_failed",
            severity=WARNING,
            criteria=(criterion,),
            message=_("A data source could not be read (%(sources)s); its figures are missing.")
            % {"sources": ", ".join(gathered.failed_sources)},
        )
        for criterion, gathered in evidence.items()
        if gathered.failed_sources
    ]


def all_gaps(
    evidence: Mapping[str, CriterionEvidence], history: Sequence[TierYear], period: TipPeriod
) -> list[Gap]:
    gaps = [
        *missing_law_enforcement_data(evidence),
        *no_increase(all_figures(evidence)),
        *watch_list(history, period),
        *failed_sources(evidence),
    ]
    return sorted(gaps, key=lambda gap: (gap.severity != CRITICAL, gap.code))
