"""Law-enforcement and victims-in-justice evidence for the TIP report workspace.

Registered from the app's ``ready()`` for the criteria whose data the State Department requests:
SSE1 (investigations, prosecutions, convictions, sentences: TIP tables T1-T3), SSE7 (complicit
officials: T4) and SSE2 (victims in the criminal justice process: T7). The figures are the
tables' totals for the TIP period and the one before it, computed by the same aggregates.

They are exact internal figures: only people who may see internal statistics (the national
coordinator, who prepares the submission) get them. When no criminal case is recorded in Waypoint
at all, the providers give nothing, so the workspace says the data are not available rather than
showing zeros.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm
from waypoint.action_plans.evidence import (
    Evidence,
    EvidenceRequest,
    Figure,
    FigureCode,
    register_evidence_provider,
)
from waypoint.action_plans.periods import TipPeriod
from waypoint.enforcement.selectors import breakdowns
from waypoint.enforcement.selectors.counts import Period, Stage

SOURCE: Final = "Waypoint: criminal cases"
Figures = dict[str, int]


def _span(period: TipPeriod) -> Period:
    return Period(period.start, period.end)


def _available(request: EvidenceRequest) -> bool:
    return request.actor.can(Perm.STATISTICS_VIEW_INTERNAL) and breakdowns.criminal_cases_recorded(
        actor=request.actor
    )


def _pair(
    request: EvidenceRequest, count: Callable[[Actor, Period], Figures]
) -> tuple[Figures, Figures]:
    return (
        count(request.actor, _span(request.period)),
        count(request.actor, _span(request.period.previous)),
    )


def _justice(actor: Actor, period: Period) -> Figures:
    cases, suspects = breakdowns.suspects_of_investigations_opened(actor=actor, period=period)
    charged = breakdowns.persons_by_form_and_group(
        actor=actor, stage=Stage.PROSECUTED, period=period, dimensions=(), with_forms=False
    )
    convicted = breakdowns.persons_by_form_and_group(
        actor=actor, stage=Stage.CONVICTED, period=period, dimensions=(), with_forms=False
    )
    return {
        FigureCode.INVESTIGATIONS: cases.total,
        "suspects": suspects.total,
        FigureCode.PROSECUTIONS: charged.total,
        FigureCode.CONVICTIONS: convicted.total,
        FigureCode.SENTENCES: breakdowns.persons_imprisoned(actor=actor, period=period),
    }


def law_enforcement(request: EvidenceRequest) -> Evidence | None:
    """SSE1: investigations (cases), suspects, defendants prosecuted, persons convicted and
    persons sentenced to prison (not suspended)."""
    if not _available(request):
        return None
    now, then = _pair(request, _justice)
    labels = {
        FigureCode.INVESTIGATIONS: _("Investigations initiated (cases)"),
        "suspects": _("Suspects in them (persons)"),
        FigureCode.PROSECUTIONS: _("Defendants prosecuted (persons)"),
        FigureCode.CONVICTIONS: _("Persons convicted"),
        FigureCode.SENTENCES: _("Persons sentenced to prison, not suspended"),
    }
    return Evidence(
        title=_("Law enforcement (TIP tables T1-T3)"),
        source=SOURCE,
        figures=tuple(
            Figure(str(code), str(label), now[code], then[code], _("cases or persons"))
            for code, label in labels.items()
        ),
        note=_("Exact internal figures; published tables are disclosure-controlled."),
    )


def _officials(actor: Actor, period: Period) -> Figures:
    stages = breakdowns.officials_by_agency(actor=actor, period=period)
    return {stage.value: counts.total for stage, counts in stages.items()}


def complicit_officials(request: EvidenceRequest) -> Evidence | None:
    """SSE7: public officials investigated, prosecuted and convicted for complicity."""
    if not _available(request):
        return None
    now, then = _pair(request, _officials)
    return Evidence(
        title=_("Complicit officials (TIP table T4)"),
        source=SOURCE,
        figures=(
            Figure(
                FigureCode.COMPLICITY_CASES,
                _("Officials investigated"),
                now[Stage.SUSPECTED.value],
                then[Stage.SUSPECTED.value],
                _("persons"),
            ),
            Figure(
                "officials_prosecuted",
                _("Officials prosecuted"),
                now[Stage.PROSECUTED.value],
                then[Stage.PROSECUTED.value],
                _("persons"),
            ),
            Figure(
                "officials_convicted",
                _("Officials convicted"),
                now[Stage.CONVICTED.value],
                then[Stage.CONVICTED.value],
                _("persons"),
            ),
        ),
    )


def _witnesses(actor: Actor, period: Period) -> Figures:
    return dict(breakdowns.victims_by_cooperation(actor=actor, period=period).totals)


def victims_in_justice(request: EvidenceRequest) -> Evidence | None:
    """SSE2: victims taking part in criminal cases, testifying, protected, penalised."""
    if not _available(request):
        return None
    now, then = _pair(request, _witnesses)
    labels = {
        "victims": _("Victims taking part in criminal cases"),
        "testified": _("Victims who testified"),
        "protected": _("Victims with protective measures"),
        "penalised": _("Victims penalised for acts they were compelled to commit"),
    }
    return Evidence(
        title=_("Victims in the criminal justice process (TIP table T7)"),
        source=SOURCE,
        figures=tuple(
            Figure(f"justice_{code}", str(label), now[code], then[code], _("persons"))
            for code, label in labels.items()
        ),
    )


def register_justice_evidence() -> None:
    """Called from the app's ``ready()``; registering again replaces (keys are stable)."""
    register_evidence_provider("SSE1", law_enforcement, key="reporting.law_enforcement")
    register_evidence_provider("SSE7", complicit_officials, key="reporting.complicit_officials")
    register_evidence_provider("SSE2", victims_in_justice, key="reporting.victims_in_justice")
