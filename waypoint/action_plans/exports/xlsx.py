"""XLSX workbooks of the monitoring committee's views and of the recommendation tracker.

Blank cells mean "not recorded" (never a zero). Text is always written as text, so a value that
starts with "=" can never run as a formula in the reader's spreadsheet.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from waypoint.action_plans.choices import ActionStatus
from waypoint.action_plans.selectors.monitoring import PlanProgress, StakeholderRow, StatusCounts
from waypoint.action_plans.selectors.tables import RecommendationTracker

_BOLD = Font(bold=True)


def _sheet(workbook: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(name) for name in header])
    for cell in sheet[1]:
        cell.font = _BOLD
    for row in rows:
        sheet.append(list(row))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(
            12, min(60, len(str(name)) + 4)
        )
    sheet.freeze_panes = "A2"


def _save(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _count_header() -> list[str]:
    return [
        _("Actions"),
        *[str(status.label) for status in ActionStatus],
        _("Overdue"),
        _("Indicators with a target"),
        _("Indicators attained"),
    ]


def _counts(counts: StatusCounts) -> list[Any]:
    return [
        counts.total,
        *[getattr(counts, status.value) for status in ActionStatus],
        counts.overdue,
        counts.indicators_with_target,
        counts.indicators_attained,
    ]


def monitoring_workbook(progress: PlanProgress, stakeholders: Sequence[StakeholderRow]) -> bytes:
    """Progress by pillar and objective, stakeholder performance and budgets (when visible)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Progress"),
        [_("Pillar"), _("Objective"), *_count_header()],
        [
            row
            for pillar in progress.pillars
            for row in (
                [pillar.pillar.name, _("All objectives"), *_counts(pillar.counts)],
                *(
                    [
                        pillar.pillar.name,
                        f"{item.objective.code} {item.objective.title}",
                        *_counts(item.counts),
                    ]
                    for item in pillar.objectives
                ),
            )
        ]
        + [[_("Whole plan"), "", *_counts(progress.counts)]],
    )
    _sheet(
        workbook,
        _("Stakeholders"),
        [
            _("Organisation"),
            *_count_header(),
            _("Reports due"),
            _("On time"),
            _("Late"),
            _("Missing"),
        ],
        (
            [
                row.organisation.name,
                *_counts(row.counts),
                row.reports_expected,
                row.reports_on_time,
                row.reports_late,
                row.reports_missing,
            ]
            for row in stakeholders
        ),
    )
    if progress.budgets is not None:
        _sheet(
            workbook,
            _("Budgets"),
            [_("Currency"), _("Allocated"), _("Spent"), _("Actions with a budget")],
            (
                [line.currency, line.allocated, line.spent, line.actions_with_budget]
                for line in progress.budgets
            ),
        )
    return _save(workbook)


def tracker_workbook(tracker: RecommendationTracker) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Recommendations"),
        [
            _("Reference"),
            _("Source"),
            _("Report year"),
            _("Prioritised"),
            _("Pillar"),
            _("Recommendation"),
            _("Answering actions"),
            _("Status from actions"),
            _("Stated status"),
            _("Evidence"),
            _("Evidence files"),
        ],
        (
            [
                row.reference,
                row.source_label,
                row.report_year,
                _("yes") if row.is_priority else _("no"),
                row.pillar_label,
                row.text,
                "; ".join(
                    f"{action.code} {action.title} ({action.lead_organisation}: {action.status_label})"
                    for action in row.actions
                ),
                row.derived_label,
                row.stated_label,
                row.evidence,
                row.evidence_files,
            ]
            for row in tracker.rows
        ),
    )
    return _save(workbook)
