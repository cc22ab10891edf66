"""PDF documents (WeasyPrint, from print templates) and the DOCX TIP submission (python-docx)."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt

from waypoint.action_plans.choices import CriterionStatus
from waypoint.action_plans.selectors.tip import Workspace


def pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a print template to PDF. Print templates carry their own styles and no links out."""
    from weasyprint import HTML  # imported when needed: it is slow to load and logs as it does

    html = render_to_string(template, context)
    document: bytes = HTML(string=html, base_url=None).write_pdf()
    return document


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def _number(value: object) -> str:
    return _("not available") if value is None else str(value)


def tip_docx(workspace: Workspace) -> bytes:
    """The whole TIP submission as one Word document: gaps, each standard and criterion with the
    narrative and the evidence for this period and the previous one, tiers and recommendations."""
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    submission, period = workspace.submission, workspace.period
    document.add_heading(_("Trafficking in Persons report: government submission"), level=0)
    document.add_paragraph(_("Reporting period: %(period)s") % {"period": period.label})
    document.add_paragraph(_("Status: %(status)s") % {"status": submission.get_status_display()})
    if submission.summary:
        document.add_heading(_("Summary"), level=1)
        document.add_paragraph(submission.summary)
    document.add_heading(_("Gaps to address before submitting"), level=1)
    if workspace.gaps:
        for gap in workspace.gaps:
            document.add_paragraph(
                f"[{gap.severity}] {gap.message} ({', '.join(gap.criteria)})", style="List Bullet"
            )
    else:
        document.add_paragraph(_("No gap flagged."))
    for view in workspace.criteria:
        criterion = view.criterion
        document.add_heading(f"{criterion.code}. {criterion.title}", level=1)
        document.add_paragraph().add_run(f"{criterion.text} ({criterion.statute})").italic = True
        document.add_paragraph(
            _("Checklist: %(status)s") % {"status": CriterionStatus(view.entry.status).label}
        )
        document.add_heading(_("The government's account"), level=2)
        document.add_paragraph(view.entry.narrative or _("Not written yet."))
        document.add_heading(_("Evidence held in Waypoint"), level=2)
        if not view.evidence.has_data_source:
            document.add_paragraph(_("No data source yet."))
        for evidence in view.evidence.evidence:
            document.add_paragraph().add_run(f"{evidence.title} — {evidence.source}").bold = True
            if evidence.figures:
                _table(
                    document,
                    [_("Figure"), _("This period"), _("Previous period")],
                    [
                        [figure.label, _number(figure.current), _number(figure.previous)]
                        for figure in evidence.figures
                    ],
                )
            for line in evidence.lines:
                text = " · ".join(part for part in (line.text, line.detail, line.tag) if part)
                document.add_paragraph(text, style="List Bullet")
        attachments = list(view.entry.attachments.all())
        if attachments:
            document.add_paragraph(
                _("Attached: %(files)s")
                % {"files": ", ".join(item.filename or "" for item in attachments)}
            )
    document.add_heading(_("Tier history"), level=1)
    _table(
        document,
        [_("Report year"), _("Tier"), _("Note")],
        [
            [str(record.report_year), str(record.get_tier_display()), record.note]
            for record in workspace.tiers
        ],
    )
    document.add_heading(_("Prioritised recommendations for the period"), level=1)
    _table(
        document,
        [_("Recommendation"), _("Actions"), _("Stated status"), _("Evidence")],
        [
            [
                row.text,
                ", ".join(f"{action.code} ({action.status_label})" for action in row.actions),
                f"{row.stated_label} / {row.derived_label}",
                row.evidence,
            ]
            for row in workspace.prioritised.rows
        ],
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
