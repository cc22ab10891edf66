"""Statistics pages and downloads: analysts never see small counts; the coordinator sees exact
figures on screen, marked internal; every download is disclosure-controlled and audited."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.reporting import registry
from waypoint.reporting.models import ReferenceDataset
from waypoint.reporting.reference_files import GLOTIP_HEADER
from waypoint.reporting.registry import TableKind
from waypoint.reporting.tests.conftest import SMALL_GLOTIP_ROWS, glotip_row, load, write_csv
from waypoint.testing.factories import member, signed_in_client

TABLE = "/statistics/tables/uk-nrm-referrals/"
INTERNAL_BANNER = "Internal — not for publication."


def figures_in(html):
    """The numbers shown in the statistics table of a page (data-status="value" cells)."""
    table = html.split('class="stat-table"', 1)[1].split("</table>", 1)[0]
    return [
        int(value.replace(",", "")) for value in re.findall(r'data-status="value">([\d,]+)<', table)
    ]


def statuses_in(html):
    table = html.split('class="stat-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-status="(\w+)"', table)


@pytest.fixture
def analyst(org_a):
    return signed_in_client(member(org_a, Role.ANALYST))


@pytest.fixture
def coordinator(org_a):
    return signed_in_client(member(org_a, Role.COORDINATOR))


@pytest.mark.django_db
def test_analyst_sees_the_statistics_dashboard_with_published_figures(analyst, small_uk):
    response = analyst.get("/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Statistics</h1>" in html
    assert INTERNAL_BANNER not in html
    assert "UK NRM referrals by quarter" in html
    assert "<svg" in html and "<figure" in html
    assert "The figures in this chart" in html
    # National tables over persons, cases and criminal cases are shown protected; tables
    # awaiting their data are listed as such, with no figure.
    assert "Registered victims by sex and age group" in html
    assert "Investigations initiated" in html
    assert "issue #6" not in html
    assert "no data source yet" in html
    assert "uk_nrm_small.csv" in html


@pytest.mark.django_db
def test_coordinator_sees_the_national_overview_marked_internal(coordinator, small_uk):
    response = coordinator.get("/statistics/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "National overview" in html
    assert INTERNAL_BANNER in html
    assert "Victims registered and identified this TIP period and the last" in html
    assert "NRM referrals and overdue decisions" in html
    # Each table with data on the overview is an audited internal view.
    assert set(
        AuditEvent.objects.filter(action="statistics.view_internal").values_list(
            "target_id", flat=True
        )
    ) == {
        "overview-victims",
        "tip-t2",
        "tip-t3",
        "nrm-n1",
        "tip-t5",
        "eurostat-e3",
        "patterns-sectors",
        "flows",
        "uk-nrm-referrals",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "title", "panel"),
    [
        (Role.CASE_WORKER, "Your caseload", "Identification decisions awaited"),
        (
            Role.ORG_ADMIN,
            "Your organisation&#x27;s activity",
            "Referrals made and received by your organisation",
        ),
    ],
)
def test_other_roles_see_their_dashboard_without_national_statistics(
    org_a, small_uk, role, title, panel
):
    response = signed_in_client(member(org_a, role)).get("/statistics/")
    html = response.content.decode()
    assert response.status_code == 200
    assert title in html
    assert panel in html and "No data source yet" not in html
    assert "All tables" not in html
    assert "UK NRM referrals" not in html
    assert "uk_nrm_small.csv" not in html


@pytest.mark.django_db
def test_analyst_never_sees_small_counts(analyst, small_uk):
    response = analyst.get(TABLE, {"period": "2023"})
    html = response.content.decode()
    assert response.status_code == 200
    assert INTERNAL_BANNER not in html
    assert "Published view" in html
    shown = figures_in(html)
    assert shown
    assert all(value == 0 or value >= 5 for value in shown)
    assert "suppressed" in statuses_in(html)
    assert 'class="number cell--suppressed"' in html
    assert ">withheld</abbr>" in html
    # Asking for internal figures changes nothing for an analyst.
    sneaky = analyst.get(TABLE, {"period": "2023", "view": "internal"}).content.decode()
    assert figures_in(sneaky) == shown
    assert INTERNAL_BANNER not in sneaky
    assert not AuditEvent.objects.filter(action="statistics.view_internal").exists()


@pytest.mark.django_db
def test_coordinator_sees_exact_figures_marked_internal_and_can_preview_publication(
    coordinator, small_uk
):
    html = coordinator.get(TABLE, {"period": "2023"}).content.decode()
    assert INTERNAL_BANNER in html
    assert set(statuses_in(html)) == {"value"}
    assert 3 in figures_in(html)  # Q2 children: exact
    assert 1 in figures_in(html)
    event = AuditEvent.objects.get(action="statistics.view_internal")
    assert (event.target_id, event.details) == ("uk-nrm-referrals", {"period": "2023"})
    published = coordinator.get(TABLE, {"period": "2023", "view": "published"}).content.decode()
    assert INTERNAL_BANNER not in published
    assert all(value == 0 or value >= 5 for value in figures_in(published))


@pytest.mark.django_db
def test_bad_period_is_explained_beside_the_field(analyst, small_uk):
    response = analyst.get(TABLE, {"period": "next year"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "field--error" in html
    assert "is not a period Waypoint understands" in html
    assert 'class="stat-table"' not in html


@pytest.mark.django_db
def test_picker_goes_to_the_chosen_table(analyst):
    response = analyst.get("/statistics/tables/", {"table": "eurostat-e2", "period": "2023"})
    assert response.status_code == 302
    assert response["Location"] == "/statistics/tables/eurostat-e2/?period=2023"
    assert analyst.get("/statistics/tables/", {"table": "nope"}).status_code == 404


@pytest.mark.django_db
def test_a_table_without_data_shows_no_figures(analyst, awaiting_table):
    html = analyst.get("/statistics/tables/test-awaiting/").content.decode()
    assert "No data source yet" in html
    assert "issue #99" in html
    assert 'class="stat-table"' not in html
    assert "download." not in html


@pytest.mark.django_db
@pytest.mark.parametrize("client_name", ["analyst", "coordinator"])
def test_csv_download_is_disclosure_controlled_for_everyone(request, small_uk, client_name):
    client = request.getfixturevalue(client_name)
    response = client.get(f"{TABLE}download.csv", {"period": "2023"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    assert 'filename="waypoint_uk-nrm-referrals_2023.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    lookup = {(row["row_key"], row["column_key"]): row for row in rows}
    assert lookup[("2023-Q2", "Child (17 or under)")]["value"] == ""
    assert lookup[("2023-Q2", "Child (17 or under)")]["status"] == "suppressed"
    assert lookup[("2023-Q1", "Adult (18 or over)")]["value"] == "80"
    for row in rows:
        if row["status"] == "value":
            assert int(row["value"]) == 0 or int(row["value"]) >= 5
    event = AuditEvent.objects.get(action="statistics.export")
    assert event.details["format"] == "csv"
    assert event.details["disclosure_controlled"] is True
    assert not AuditEvent.objects.filter(action="statistics.view_internal").exists()


@pytest.mark.django_db
def test_xlsx_download_marks_withheld_and_neutralises_formulas(
    analyst, small_glotip_file, tmp_path
):
    rows = [
        *SMALL_GLOTIP_ROWS,
        glotip_row("XXA", '=HYPERLINK("http://example.invalid","x")', "Total", "Total", 2022, "50"),
        glotip_row("XXB", "@SUM(1+1)", "Total", "Total", 2022, "60"),
    ]
    load(write_csv(tmp_path / "hostile.csv", GLOTIP_HEADER, rows))
    response = analyst.get(
        "/statistics/tables/unodc-glotip-victims/download.xlsx", {"period": "2022"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["unodc-glotip-victims"]
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert '\'=HYPERLINK("http://example.invalid","x")' in values
    assert "'@SUM(1+1)" in values
    assert not any(isinstance(v, str) and v.startswith(("=", "@", "+", "-")) for v in values)
    labels = {row[0].value: [cell.value for cell in row[1:6]] for row in sheet.iter_rows(min_row=7)}
    assert labels["Malta"][0] == "withheld"  # '<5' from UNODC
    assert labels["Malta"][2] == 0
    assert labels["Namibia"][0] == "unknown"
    assert labels["Italy"][4] == 1282
    csv_text = analyst.get(
        "/statistics/tables/unodc-glotip-victims/download.csv", {"period": "2022"}
    ).content.decode("utf-8-sig")
    assert ",'=HYPERLINK(" in csv_text.replace('"', "")
    assert ",=HYPERLINK(" not in csv_text.replace('"', "")


@pytest.mark.django_db
def test_pdf_download_reads_as_a_report(analyst, small_uk):
    response = analyst.get(f"{TABLE}download.pdf", {"period": "2023"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "UK NRM referrals by quarter and age" in text
    assert "withheld" in text
    assert "Disclosure-controlled" in text
    assert AuditEvent.objects.get(action="statistics.export").details["format"] == "pdf"


@pytest.mark.django_db
def test_tip_annex_lists_every_tip_table_and_what_it_awaits(coordinator):
    response = coordinator.get("/statistics/tip-annex.pdf", {"period": "tip-2025"})
    assert response.status_code == 200
    assert 'filename="waypoint_tip-annex_tip-2025.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    assert "statistical annex" in text
    assert "1 April 2024" in text and "31 March 2025" in text
    for title in ("Investigations initiated", "Victims identified", "Recommendation tracker"):
        assert title in text
    awaiting = [spec for spec in registry.all_specs(TableKind.TIP) if not spec.source_available]
    assert text.count("no data source yet") >= len(awaiting)
    if awaiting:
        assert "Tables with no data source yet" in text
    for title in ("Victims identified by nationality", "Victims identified by identifying body"):
        assert title in text
    event = AuditEvent.objects.get(action="statistics.export")
    assert event.target_id == "tip-annex"
    assert len(event.details["tables"]) == len(registry.all_specs(TableKind.TIP))
    assert coordinator.get("/statistics/tip-annex.pdf", {"period": "2024"}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.AUDITOR, Role.SYSTEM_ADMIN])
def test_roles_without_statistics_are_refused_with_no_data(org_a, small_uk, role):
    client = signed_in_client(member(org_a, role))
    for url in (
        f"{TABLE}?period=2023",
        f"{TABLE}download.csv?period=2023",
        f"{TABLE}download.xlsx?period=2023",
        "/statistics/tip-annex.pdf",
        "/statistics/tables/?table=uk-nrm-referrals",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        html = response.content.decode()
        assert "Analyst" in html  # says which roles may
        assert "2023 Q1" not in html
        assert "Adult (18 or over)" not in html
    assert not AuditEvent.objects.filter(
        action__in=["statistics.export", "statistics.view_internal"]
    ).exists()
    assert ReferenceDataset.objects.count() == 1


@pytest.mark.django_db
def test_downloads_are_rate_limited(analyst, small_uk, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "exports": "1/hour",
        },
    }
    assert analyst.get(f"{TABLE}download.csv", {"period": "2023"}).status_code == 200
    refused = analyst.get(f"{TABLE}download.xlsx", {"period": "2023"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many downloads" in refused.content.decode()
    assert AuditEvent.objects.filter(action="statistics.export").count() == 1


@pytest.mark.django_db
def test_unknown_download_format_is_not_found(analyst, small_uk):
    assert analyst.get(f"{TABLE}download.docx").status_code == 404


@pytest.mark.django_db
def test_home_page_panel(analyst, small_uk):
    html = analyst.get("/").content.decode()
    available = sum(spec.source_available for spec in registry.all_specs())
    assert f"{available} tables have data." in html
    assert "await their data sources" in html
    assert 'href="/statistics/"' in html
