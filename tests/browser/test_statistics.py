import pytest

from tests.browser.conftest import sign_in
from waypoint.access.roles import Role
from waypoint.reporting.reference_files import UK_NRM_HEADER
from waypoint.reporting.tests.conftest import SMALL_UK_ROWS, load, write_csv
from waypoint.testing.factories import PASSWORD, OrganisationFactory, member


@pytest.mark.django_db(transaction=True)
def test_analyst_opens_a_table_and_its_chart(page, live_server, tmp_path):
    load(write_csv(tmp_path / "uk.csv", UK_NRM_HEADER, SMALL_UK_ROWS))
    organisation = OrganisationFactory(name="Monitoring Committee")
    member(organisation, Role.ANALYST, username="analyst.browser")
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, live_server, "analyst.browser", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Statistics").click()
    page.wait_for_url(f"{live_server.url}/statistics/")
    page.get_by_role("link", name="UK NRM referrals by quarter and age").first.click()
    page.get_by_role("combobox", name="Period").fill("2023")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/statistics/tables/uk-nrm-referrals/?period=2023")

    chart = page.get_by_role("figure").first
    assert chart.locator("svg[role=img]").is_visible()
    assert "Line chart of UK NRM referrals" in chart.locator("svg desc").text_content()
    assert chart.locator("svg polyline").count() >= 1
    # The chart's figures are in a table beside it, withheld counts marked as such.
    figures = chart.get_by_role("table")
    assert figures.get_by_role("row", name="2023 Q1").is_visible()
    assert figures.locator("[data-status=suppressed]").count() >= 1
    table = page.locator("table.stat-table")
    assert table.get_by_role("row", name="2023 Q2").locator("td").nth(1).inner_text() == "withheld"
    assert "Published view" in page.locator("[data-published]").inner_text()
    assert (
        page.get_by_role("link", name="CSV")
        .get_attribute("href")
        .endswith("download.csv?period=2023")
    )
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_analyst_reads_a_national_table_with_its_chart(page, live_server):
    from waypoint.reporting.tests.world import build

    build()
    organisation = OrganisationFactory(name="Rapporteur's office")
    member(organisation, Role.ANALYST, username="analyst.national")
    sign_in(page, live_server, "analyst.national", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/statistics/tables/eurostat-e4/?period=2023")
    chart = page.get_by_role("figure").first
    assert chart.locator("svg[role=img]").is_visible()
    assert "Bar chart of Registered victims by form" in chart.locator("svg desc").text_content()
    table = page.locator("table.stat-table")
    assert table.get_by_role("row", name="Form not recorded").is_visible()
    # Eleven registered victims in 2023: every small figure is withheld, none shown as a number.
    assert table.locator("[data-status=suppressed]").count() >= 1
    for text in table.locator("[data-status=value]").all_inner_texts():
        assert int(text.replace(",", "")) == 0 or int(text.replace(",", "")) >= 5
    assert "fewer than 5 records with a registration year band" in page.content()


@pytest.mark.django_db(transaction=True)
def test_case_worker_sees_their_caseload_on_a_phone(phone, live_server):
    import datetime as dt

    from django.utils import timezone

    from waypoint.cases import services as cases
    from waypoint.people.services import person_create
    from waypoint.testing.factories import actor_for

    organisation = OrganisationFactory(name="Shelter for the caseload")
    worker = member(organisation, Role.CASE_WORKER, username="worker.caseload")
    actor = actor_for(worker, organisation)
    someone = person_create(actor=actor, values={"gender": "Feminine"})
    case = cases.case_open(
        actor=actor,
        persons=[(someone, "victim")],
        opened_on=timezone.localdate() - dt.timedelta(days=5),
    )
    cases.task_create(
        actor=actor,
        case=case,
        title="Call back",
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    sign_in(phone, live_server, "worker.caseload", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/statistics/")
    assert phone.get_by_role("heading", name="Your caseload").is_visible()
    tasks = phone.locator("section.dashboard-panel", has_text="Your tasks due and overdue")
    assert tasks.locator("svg[role=img]").is_visible()
    assert tasks.get_by_role("table").get_by_role("row", name="Overdue").inner_text().endswith("1")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, width
