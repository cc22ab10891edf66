"""The transition tables rendered as the Markdown rows of docs/nrm.md (a test keeps them equal)."""

from __future__ import annotations

from waypoint.referrals import track_workflow, workflow


def _names(items) -> str:
    return ", ".join(f"`{item}`" for item in sorted(str(i) for i in items)) or "—"


def nrm_rows() -> list[str]:
    rows = []
    for step in workflow.TRANSITIONS:
        records = []
        if step.decision:
            records.append(f"decision ({step.decision[0]}, {step.decision[1]})")
        if step.trafficking_status:
            records.append(f"`vic_TraffickingStatus` = {step.trafficking_status}")
        if step.needs_reason:
            records.append("reason")
        if step.needs_legal_basis:
            records.append("legal basis")
        if step.closure_reason:
            records.append(f"closure reason `{step.closure_reason}`")
        if "closure_reason" in step.extra_fields:
            records.append("closure reason (chosen)")
        timers = []
        if step.starts:
            timers.append("starts " + _names(step.starts))
        if step.stops:
            timers.append("stops " + _names(step.stops))
        if step.stops_all:
            timers.append("cancels all")
        roles = _names(step.roles) + (" or the system" if step.system_allowed else "")
        rows.append(
            f"| `{step.name}` | {_names(step.sources)} | `{step.target}` | {roles} | "
            f"{_names(p.code for p in step.preconditions)} | {'; '.join(timers) or '—'} | "
            f"{', '.join(records) or '—'} |"
        )
    return rows


def track_rows() -> list[str]:
    rows = []
    for kind, steps in track_workflow.TABLES.items():
        for step in steps:
            sources = ", ".join(
                "(new)" if source == track_workflow.OPEN else f"`{source}`"
                for source in sorted(step.sources)
            )
            timers = []
            if step.starts:
                timers.append("starts " + _names(step.starts))
            if step.stops:
                timers.append("stops " + _names(step.stops))
            needs = (["reason"] if step.needs_reason else []) + [
                f"`{name}`" for name in step.extra_fields
            ]
            rows.append(
                f"| `{kind}` | `{step.name}` | {sources} | `{step.target}` | {_names(step.roles)} | "
                f"{_names(p.code for p in step.preconditions)} | {'; '.join(timers) or '—'} | "
                f"{', '.join(needs) or '—'} |"
            )
    return rows
