"""Case work in a real browser: a case worker records a person, opens a case, edits the victim
context, uploads a document, closes and reopens the case; another organisation sees nothing."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from waypoint.access.roles import Role
from waypoint.cases.models import Case, CasePersonCode, Document
from waypoint.testing.factories import PASSWORD, OrganisationFactory, member

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _console_errors(page):
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    return errors


@pytest.mark.django_db(transaction=True)
def test_case_worker_records_a_person_and_works_the_case(page, live_server, tmp_path):
    organisation = OrganisationFactory(name="Harbour NGO")
    member(organisation, Role.CASE_WORKER, username="cw.cases")
    errors = _console_errors(page)
    sign_in(page, live_server, "cw.cases", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/cases/")
    assert "No cases yet" in page.content()
    page.get_by_role("link", name="Record a person and open a case").first.click()
    page.get_by_label("First name").fill("Wrenna")
    page.get_by_label("Second name").fill("Pollardine")
    page.get_by_label("Gender").select_option("Feminine")
    page.get_by_label("Citizenship").select_option("PH")
    page.get_by_role("button", name="Save the person").click()
    page.wait_for_url("**/cases/new/?person=*")
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url("**/cases/*/")
    assert "Wrenna Pollardine" in page.content()
    case = Case.objects.get()

    page.get_by_role("link", name="Edit the victim context").click()
    page.locator("#id_trafficking_status").select_option("PossibleVictimOfTrafficking")
    page.locator("#id_trafficking_status_decision_making_org").select_option("NGO")
    page.get_by_label("Forced labour ForcedLabour").check()
    page.get_by_label("Construction F_Construction").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/cases/{case.public_id}/#persons")
    assert "Forced labour" in page.content() and "F_Construction" in page.content()
    assert set(CasePersonCode.objects.values_list("code", flat=True)) == {
        "ForcedLabour",
        "F_Construction",
    }

    document = tmp_path / "contract.pdf"
    document.write_bytes(PDF)
    page.locator("#documents summary").click()
    page.locator("#documents input[type=file]").set_input_files(str(document))
    page.locator("#documents").get_by_label("Title").fill("Work contract")
    page.locator("#documents").get_by_label("Kind of document").select_option("employment")
    page.locator("#documents").get_by_role("button", name="Upload").click()
    page.wait_for_url(f"**/cases/{case.public_id}/#documents")
    assert page.get_by_role("link", name="Work contract").is_visible()
    assert Document.objects.filter(case=case).count() == 1

    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Reason for closing").select_option("SupportCompleted")
    page.get_by_role("button", name="Close the case").click()
    page.wait_for_url(f"**/cases/{case.public_id}/")
    case.refresh_from_db()
    assert case.status == "Closed"
    page.get_by_role("link", name="Reopen").click()
    page.get_by_label("Why is the case reopened?").fill("New support needed")
    page.get_by_role("button", name="Reopen the case").click()
    page.wait_for_url(f"**/cases/{case.public_id}/")
    case.refresh_from_db()
    assert case.status == "Active" and case.reopened_count == 1
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_other_organisation_gets_not_found_for_the_case(page, live_server):
    from waypoint.testing.factories import person_and_case

    owner = OrganisationFactory(name="Harbour NGO")
    other = OrganisationFactory(name="Northern Shelter")
    _person, case = person_and_case(owner)
    member(other, Role.CASE_WORKER, username="cw.other")
    sign_in(page, live_server, "cw.other", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}/cases/{case.public_id}/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Not found"
    assert case.reference not in page.content() and "Testcase" not in page.content()
    page.goto(f"{live_server.url}/cases/")
    assert case.reference not in page.content()
