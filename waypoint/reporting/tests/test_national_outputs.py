"""National tables as people receive them: protected for analysts (nothing withheld can be worked
out again), exact and marked internal for the coordinator on screen, nothing for other roles."""

import re

import pytest

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.reporting import registry, selectors
from waypoint.reporting.periods import parse_period
from waypoint.reporting.tests.test_disclosure import assert_nothing_recoverable
from waypoint.reporting.tests.world import build
from waypoint.testing.factories import actor_for, api_client, member, signed_in_client

INTERNAL_BANNER = "Internal — not for publication."
NATIONAL = [
    ("eurostat-e1", "2023"),
    ("eurostat-e2", "2023"),
    ("eurostat-e3", "2023"),
    ("eurostat-e4", "2023"),
    ("tip-t5", "tip-2024"),
    ("tip-t5-nationality", "tip-2024"),
    ("tip-t5-forms", "tip-2024"),
    ("tip-t5-bodies", "tip-2024"),
    ("flows", "2023"),
    ("patterns-sectors", "2023"),
    ("patterns-recruitment", "2023"),
    ("patterns-control", "2023"),
    ("overview-victims", "tip-2024"),
]


@pytest.fixture
def register(org_a, org_b):
    return build({"a": org_a, "b": org_b})


def shown_figures(html):
    table = html.split('class="stat-table"', 1)[1].split("</table>", 1)[0]
    return [int(v.replace(",", "")) for v in re.findall(r'data-status="value">([\d,]+)<', table)]


@pytest.mark.django_db
@pytest.mark.parametrize("threshold", [5, 3, 2])
def test_published_national_tables_let_no_withheld_figure_be_worked_out(
    register, org_a, settings, threshold
):
    settings.WAYPOINT_DISCLOSURE_THRESHOLD = threshold
    analyst = actor_for(member(org_a, Role.ANALYST), org_a)
    withheld = 0
    for table_id, period in NATIONAL:
        internal = registry.compute(
            registry.get(table_id), actor=analyst, period=parse_period(period)
        )
        published = selectors.statistics_table(
            actor=analyst, table_id=table_id, period=period
        ).table
        assert published.disclosure is not None and published.disclosure.threshold == threshold
        for cell in published.all_cells():
            assert not cell.is_value or cell.value == 0 or cell.value >= threshold, table_id
        assert_nothing_recoverable(internal, published)
        withheld += published.disclosure.suppressed
    assert withheld > 0


@pytest.mark.django_db
def test_counts_in_notes_are_coarsened_when_published(register, org_a):
    analyst = actor_for(member(org_a, Role.ANALYST), org_a)
    published = selectors.statistics_table(actor=analyst, table_id="eurostat-e2", period="2023")
    notes = " ".join(published.table.all_notes)
    assert (
        "fewer than 5 records with a registration year band spanning the period were not placed"
        in notes
    )
    assert "1 records" not in notes
    coordinator = actor_for(member(org_a, Role.COORDINATOR), org_a)
    internal = selectors.statistics_table(
        actor=coordinator, table_id="eurostat-e2", period="2023", internal=True
    )
    assert "1 records with a registration year band" in " ".join(internal.table.all_notes)


@pytest.mark.django_db
def test_analyst_page_shows_protected_figures_and_the_coordinator_exact_ones(register, org_a):
    analyst = signed_in_client(member(org_a, Role.ANALYST))
    html = analyst.get("/statistics/tables/eurostat-e2/", {"period": "2023"}).content.decode()
    assert INTERNAL_BANNER not in html
    assert all(value == 0 or value >= 5 for value in shown_figures(html))
    assert 'data-status="suppressed"' in html
    assert "fewer than 5 records" in html

    coordinator = signed_in_client(member(org_a, Role.COORDINATOR))
    html = coordinator.get("/statistics/tables/eurostat-e2/", {"period": "2023"}).content.decode()
    assert INTERNAL_BANNER in html
    figures = shown_figures(html)
    assert 11 in figures  # every registered victim of 2023, exactly
    assert any(0 < value < 5 for value in figures)
    assert 'data-status="suppressed"' not in html
    assert AuditEvent.objects.filter(
        action="statistics.view_internal", target_id="eurostat-e2"
    ).exists()


@pytest.mark.django_db
def test_api_and_downloads_are_protected_for_everyone(register, org_a):
    for role in (Role.ANALYST, Role.COORDINATOR):
        body = (
            api_client(member(org_a, role))
            .get("/api/v1/statistics/eurostat-e4/", {"period": "2023"})
            .json()
        )
        assert body["internal"] is False
        assert body["totals_additive"] is False
        values = [cell["value"] for row in body["rows"] for cell in row["cells"]]
        assert all(value is None or value == 0 or value >= 5 for value in values)
        assert body["rows"][-1]["label"] == "Form not recorded"
    csv_text = (
        signed_in_client(member(org_a, Role.COORDINATOR))
        .get("/statistics/tables/flows/download.csv", {"period": "2023"})
        .content.decode("utf-8-sig")
    )
    # No route has five persons: they are all added up, and no country is named by a route.
    assert "flows,2023,other,Other routes,persons,Victims,11,value" in csv_text
    assert "Nigeria" not in csv_text


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.FIRST_RESPONDER, Role.ORG_ADMIN])
def test_roles_without_statistics_get_no_national_figure(register, org_a, role):
    user = member(org_a, role)
    before = AuditEvent.objects.filter(action__startswith="statistics.").count()
    response = api_client(user).get("/api/v1/statistics/eurostat-e2/", {"period": "2023"})
    assert response.status_code == 403
    assert "female" not in response.content.decode()
    page = signed_in_client(user).get("/statistics/tables/tip-t5/", {"period": "tip-2024"})
    assert page.status_code == 403
    assert "Women" not in page.content.decode()
    assert 'class="stat-table"' not in page.content.decode()
    assert AuditEvent.objects.filter(action__startswith="statistics.").count() == before
