"""The states of a prosecution and the steps allowed between them (a pure table, no database)."""

from __future__ import annotations

from typing import Final

from waypoint.enforcement.choices import ProsecutionStatus

S = ProsecutionStatus

TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    S.PRE_TRIAL: frozenset({S.TRIAL, S.JUDGMENT, S.DISCONTINUED}),
    S.TRIAL: frozenset({S.JUDGMENT, S.DISCONTINUED}),
    S.JUDGMENT: frozenset({S.APPEAL, S.CONCLUDED}),
    # An appeal decided sends the case back to judgment (e.g. a retrial) or ends it.
    S.APPEAL: frozenset({S.JUDGMENT, S.TRIAL, S.CONCLUDED}),
    S.CONCLUDED: frozenset(),
    S.DISCONTINUED: frozenset(),
}
# States that end the proceedings (a date of conclusion is recorded).
FINAL_STATES: Final = frozenset({S.CONCLUDED, S.DISCONTINUED})


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def next_states(current: str) -> list[str]:
    return [state for state in S.values if state in TRANSITIONS.get(current, frozenset())]
