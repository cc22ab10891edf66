"""Exports: the committee's workbook and PDF, the tracker, and the whole TIP submission."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from waypoint.action_plans.evidence import (
    Evidence,
    Figure,
    register_evidence_provider,
    unregister_evidence_provider,
)
from waypoint.audit.models import AuditEvent
from waypoint.testing.factories import signed_in_client

PAGES = "/action-plans"


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # table cells wrap; compare words, not line breaks


@pytest.mark.django_db
def test_monitoring_workbook(world, coordinator):
    response = signed_in_client(coordinator).get(
        f"{PAGES}/plans/{world['a1'].plan.public_id}/monitoring.xlsx"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="monitoring-')
    assert response["Cache-Control"] == "no-store"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Progress", "Stakeholders", "Budgets"]
    stakeholders = {
        row[0]: row for row in workbook["Stakeholders"].iter_rows(min_row=2, values_only=True)
    }
    header = [cell.value for cell in workbook["Stakeholders"][1]]
    b = dict(zip(header, stakeholders["Organisation B"], strict=True))
    assert (b["Actions"], b["Overdue"], b["Reports due"], b["Missing"]) == (1, 1, 1, 1)
    a = dict(zip(header, stakeholders["Organisation A"], strict=True))
    assert (a["On time"], a["Late"]) == (1, 1)
    progress = list(workbook["Progress"].iter_rows(min_row=2, values_only=True))
    assert progress[-1][0] == "Whole plan" and progress[-1][2] == 3
    budgets = list(workbook["Budgets"].iter_rows(min_row=2, values_only=True))
    assert budgets == [("EUR", 30000, None, 3)]


@pytest.mark.django_db
def test_workbook_text_never_becomes_a_formula(coord, objective, org_a, coordinator, plan):
    from waypoint.action_plans.tests.conftest import add_action

    add_action(coord, objective, org_a, "=1+1", title='=HYPERLINK("http://x")')
    from waypoint.action_plans.exports.xlsx import tracker_workbook
    from waypoint.action_plans.periods import TipPeriod
    from waypoint.action_plans.selectors.tables import recommendation_tracker
    from waypoint.action_plans.services.reviews import RecommendationData, recommendation_create

    recommendation_create(
        actor=coord,
        data=RecommendationData(source="tip_report", report_year=2025, text="=cmd|' /C calc'!A0"),
    )
    workbook = load_workbook(
        io.BytesIO(
            tracker_workbook(recommendation_tracker(TipPeriod.starting_in(2025), actor=coord))
        )
    )
    cell = workbook.active["F2"]
    assert cell.value == "=cmd|' /C calc'!A0"
    assert cell.data_type == "s"


@pytest.mark.django_db
def test_monitoring_and_tracker_pdfs(world, coordinator):
    client = signed_in_client(coordinator)
    text = pdf_text(
        client.get(f"{PAGES}/plans/{world['a1'].plan.public_id}/monitoring.pdf").content
    )
    assert "Stakeholder performance" in text
    assert "Organisation B" in text
    tracker = pdf_text(client.get(f"{PAGES}/tracker.pdf").content)
    assert "Increase efforts to identify victims among migrant workers" in tracker
    workbook = load_workbook(io.BytesIO(client.get(f"{PAGES}/tracker.xlsx").content))
    row = next(workbook["Recommendations"].iter_rows(min_row=2, values_only=True))
    assert row[5] == "Increase efforts to identify victims among migrant workers."
    assert "1.1.1" in row[6]


@pytest.fixture
def law_enforcement_without_convictions():
    """The reporting app's provider for a period with deliberately missing conviction data."""

    def provide(request):
        return Evidence(
            title="Law enforcement (T1–T3)",
            source="Reporting tables",
            figures=(
                Figure("investigations", "Investigations", 14, 11),
                Figure("prosecutions", "Prosecutions", 6, 6),
                Figure("convictions", "Convictions", None, 3),
                Figure("sentences", "Sentences", 2, 3),
            ),
        )

    register_evidence_provider("SSE1", provide, key="test.law_enforcement")
    yield
    unregister_evidence_provider("test.law_enforcement")


@pytest.mark.django_db
def test_tip_submission_exports_as_one_pdf_and_one_docx(
    world, coordinator, law_enforcement_without_convictions
):
    client = signed_in_client(coordinator)
    submission = world["submission"]
    client.post(
        f"{PAGES}/tip/{submission.public_id}/criteria/SSE1/",
        {"narrative": "Fourteen investigations were opened.", "status": "drafting", "version": "1"},
    )
    text = pdf_text(client.get(f"{PAGES}/tip/{submission.public_id}/submission.pdf").content)
    assert "Not available for this period: convictions" in text
    assert "No increase in prosecutions" in text
    assert "Fourteen investigations were opened." in text
    assert "SSE12. Reducing demand" in text
    document = Document(
        io.BytesIO(client.get(f"{PAGES}/tip/{submission.public_id}/submission.docx").content)
    )
    paragraphs = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Trafficking in Persons report: government submission" in paragraphs
    assert "Not available for this period: convictions" in paragraphs
    assert "Fourteen investigations were opened." in paragraphs
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "not available" in cells  # the missing convictions, never a zero
    assert "Convictions" in cells
    assert AuditEvent.objects.filter(action="tip_submission.export").count() == 2
