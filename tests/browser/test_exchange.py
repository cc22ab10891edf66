import pytest

from tests.browser.conftest import sign_in
from waypoint.access.roles import Role
from waypoint.testing.factories import PASSWORD, OrganisationFactory, member

BAD_FILE = (
    b"ext_SourceRecordId,prs_FirstName,prs_Gender,vic_TypeOfExploitation,ext_RegisteredOn\n"
    b"1,Ana,Woman,ForcedLabour,2020-01-01\n"
    b"2,Ben,Masculine,Smuggling,2999-01-01\n"
)


@pytest.mark.django_db(transaction=True)
def test_supervisor_uploads_a_bad_file_and_reads_the_report(page, live_server):
    organisation = OrganisationFactory(name="Harbour NGO")
    member(organisation, Role.CASE_SUPERVISOR, username="sup.browser")
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, live_server, "sup.browser", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Import and export"
    ).click()
    page.wait_for_url(f"{live_server.url}/exchange/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "cases.csv", "mimeType": "text/csv", "buffer": BAD_FILE}],
    )
    page.get_by_label("Format").select_option("csv")
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url("**/exchange/imports/*/")
    report = page.locator(".exchange-issues")
    report.wait_for()
    text = report.inner_text()
    assert "prs_Gender" in text and "Woman" in text
    assert "vic_TypeOfExploitation" in text and "Smuggling" in text
    assert "future" in text
    assert "2 rows were rejected; nothing was changed." in page.locator("#job-status").inner_text()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_the_exchange_page_works_on_a_phone(phone, live_server):
    organisation = OrganisationFactory(name="Harbour NGO")
    member(organisation, Role.CASE_SUPERVISOR, username="sup.phone")
    sign_in(phone, live_server, "sup.phone", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/exchange/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert phone.get_by_role("button", name="Upload and check").is_visible()
