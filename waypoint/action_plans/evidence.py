"""The evidence registry of the TIP report workspace: where each criterion's data come from.

Other areas of Waypoint (the reporting app's law-enforcement and victim tables, first of all) register
*evidence providers* for a criterion in their ``AppConfig.ready()``::

    from waypoint.action_plans.evidence import Evidence, Figure, FigureCode, register_evidence_provider

    def law_enforcement(request):          # request: EvidenceRequest(actor, criterion, period)
        return Evidence(
            title="Law enforcement (TIP tables T1-T3)",
            source="reporting",
            figures=(Figure(FigureCode.CONVICTIONS, "Convictions", current=4, previous=None), ...),
        )

    register_evidence_provider("SSE1", law_enforcement, key="reporting.tip_t1_t3")

A provider returns ``None`` when it has nothing for the period. A figure whose value is ``None`` was
not available: the workspace shows "not available" and flags the gap, never a zero. When no provider
is registered for a criterion, the workspace says "no data source yet". Figure codes in
:class:`FigureCode` drive the gap rules (``waypoint.action_plans.gaps``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from waypoint.action_plans.criteria import CRITERIA_BY_CODE

if TYPE_CHECKING:
    from waypoint.access.actor import Actor
    from waypoint.action_plans.periods import TipPeriod

logger = logging.getLogger(__name__)

FigureValue = int | Decimal | None


class FigureCode(StrEnum):
    """Figures the gap rules understand. Providers may return other codes too (shown, not ruled on)."""

    INVESTIGATIONS = "investigations"
    PROSECUTIONS = "prosecutions"
    CONVICTIONS = "convictions"
    SENTENCES = "sentences"
    VICTIMS_IDENTIFIED = "victims_identified"
    VICTIMS_ASSISTED = "victims_assisted"
    COMPLICITY_CASES = "complicity_cases"


# Requested law-enforcement data: without them the State Department presumes no vigorous action.
LAW_ENFORCEMENT_FIGURES: dict[str, tuple[FigureCode, ...]] = {
    "SSE1": (
        FigureCode.INVESTIGATIONS,
        FigureCode.PROSECUTIONS,
        FigureCode.CONVICTIONS,
        FigureCode.SENTENCES,
    ),
    "SSE7": (FigureCode.COMPLICITY_CASES,),
}

# Evidence of increasing efforts (Tier 2 Watch List test, 22 U.S.C. §7107(b)(2)(A)(iii)).
INCREASE_FIGURES: tuple[FigureCode, ...] = (
    FigureCode.INVESTIGATIONS,
    FigureCode.PROSECUTIONS,
    FigureCode.CONVICTIONS,
    FigureCode.VICTIMS_ASSISTED,
    FigureCode.COMPLICITY_CASES,
)


@dataclass(frozen=True)
class Figure:
    """One number for the period and the previous one; ``None`` means "not available", never zero."""

    code: str
    label: str
    current: FigureValue
    previous: FigureValue
    unit: str = ""


@dataclass(frozen=True)
class EvidenceLine:
    """One item of evidence (an action and its status, a training, a campaign)."""

    text: str
    detail: str = ""
    tag: str = ""


@dataclass(frozen=True)
class Evidence:
    title: str
    source: str
    figures: tuple[Figure, ...] = ()
    lines: tuple[EvidenceLine, ...] = ()
    previous_lines: tuple[EvidenceLine, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class EvidenceRequest:
    actor: Actor
    criterion: str
    period: TipPeriod


EvidenceProvider = Callable[[EvidenceRequest], Evidence | None]


@dataclass(frozen=True)
class RegisteredProvider:
    key: str
    criterion: str
    provider: EvidenceProvider
    is_builtin: bool = False


@dataclass(frozen=True)
class CriterionEvidence:
    """Everything gathered for one criterion: evidence found, and providers that failed."""

    criterion: str
    evidence: tuple[Evidence, ...] = ()
    failed_sources: tuple[str, ...] = ()
    provider_count: int = 0
    has_external_source: bool = False
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def has_data_source(self) -> bool:
        """False when no provider is registered: the page says "no data source yet"."""
        return self.provider_count > 0


_REGISTRY: list[RegisteredProvider] = []


def register_evidence_provider(
    criterion: str, provider: EvidenceProvider, *, key: str, is_builtin: bool = False
) -> None:
    """Register ``provider`` for ``criterion`` (a code of ``waypoint.action_plans.criteria``).

    ``key`` names the provider ("reporting.tip_t1_t3"); registering the same key again replaces it,
    so ``ready()`` may run twice.
    """
    if criterion not in CRITERIA_BY_CODE:
        raise ValueError(f"Unknown TIP criterion {criterion!r}.")
    unregister_evidence_provider(key)
    _REGISTRY.append(
        RegisteredProvider(key=key, criterion=criterion, provider=provider, is_builtin=is_builtin)
    )


def unregister_evidence_provider(key: str) -> None:
    _REGISTRY[:] = [entry for entry in _REGISTRY if entry.key != key]


def providers_for(criterion: str) -> list[RegisteredProvider]:
    return [entry for entry in _REGISTRY if entry.criterion == criterion]


def gather(request: EvidenceRequest) -> CriterionEvidence:
    """Ask every provider of the criterion; a failing provider is reported, never shown as zeros."""
    found: list[Evidence] = []
    failed: list[str] = []
    external = False
    figures: dict[str, Figure] = {}
    entries = providers_for(request.criterion)
    for entry in entries:
        external = external or not entry.is_builtin
        try:
            result = entry.provider(request)
        except Exception:  # a broken data source must not take the workspace down
            logger.exception("Evidence provider %s failed", entry.key)
            failed.append(entry.key)
            continue
        if result is None:
            continue
        found.append(result)
        for figure in result.figures:
            figures.setdefault(figure.code, figure)
    return CriterionEvidence(
        criterion=request.criterion,
        evidence=tuple(found),
        failed_sources=tuple(failed),
        provider_count=len(entries),
        has_external_source=external,
        figures=figures,
    )
