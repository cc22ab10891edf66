"""A whole screening interview on a phone-sized screen, from the first step to the printable
summary."""

import pytest
from django.apps import apps
from django.utils import timezone

from tests.browser.conftest import sign_in
from waypoint.access.roles import Role
from waypoint.screening.storage import load_builtin
from waypoint.testing.factories import PASSWORD, OrganisationFactory, member

YES = {"AL-D1-01", "AL-D1-08", "AL-D4-01", "AL-D4-04", "AL-D5-01", "AL-D5-02"}


def answer_step(page):
    """Answer every question on the page: yes for the chosen indicators, no for the others."""
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        question = questions.nth(index)
        code = question.get_attribute("id").removeprefix("q-")
        question.get_by_label("Yes" if code in YES else "No", exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.get_by_role("button", name="Save and continue").click()


@pytest.mark.django_db(transaction=True)
def test_a_whole_screening_interview_on_a_phone(phone, live_server):
    load_builtin(apps, now=timezone.now())  # transactional tests start from empty tables
    organisation = OrganisationFactory(name="Harbour NGO")
    member(organisation, Role.FIRST_RESPONDER, username="fr.browser")
    errors = []
    phone.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(phone, live_server, "fr.browser", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Screening").click()
    phone.get_by_role("link", name="Start a screening").click()
    phone.get_by_label("Language of the interview").select_option("ti")
    phone.get_by_label("An interpreter or cultural mediator is present").check()
    phone.get_by_label("Their name").fill("Browser Interpreter")
    phone.get_by_label("Language they interpret from").select_option("ti")
    phone.get_by_label("Age in years").fill("30")
    phone.get_by_label("Forced labour").check()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.get_by_role("button", name="Start the questions").click()
    for step in ("D1", "D2", "D3", "D4", "D5", "D6"):
        phone.wait_for_url(f"**/step/{step}/")
        assert phone.locator("fieldset.question").count() > 0
        if step == "D1":
            phone.locator("#q-AL-D1-01 summary").click()
            phone.locator("#q-AL-D1-01 textarea").fill("Promised hotel work")
        answer_step(phone)
    phone.wait_for_url("**/step/review/")
    phone.get_by_role("button", name="Finish and read the answers").click()
    phone.wait_for_url("**/screening/*/")
    banner = phone.locator(".outcome-banner")
    assert "Indicators meet the combination" in banner.inner_text()
    assert "refer the person to the National Referral Mechanism" in banner.inner_text()
    assert "Recruitment: met." in phone.locator(".explanation").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.get_by_role("link", name="Printable summary").click()
    phone.wait_for_url("**/print/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Screening summary"
    assert "Browser Interpreter" not in phone.content()
    phone.get_by_label("Include the interpreter's name").check()
    phone.get_by_role("button", name="Update").click()
    phone.wait_for_url("**/print/?interpreter=1")
    assert "Browser Interpreter" in phone.content()
    assert errors == []
