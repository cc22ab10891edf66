"""Criminal cases in a real browser: an investigator opens a case and hands it over, a prosecutor
takes it to a conviction, and the victim stays a witness code; on a phone too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import sign_in
from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.enforcement.models import Investigation
from waypoint.enforcement.tests.conftest import seed_statutes
from waypoint.enforcement.tests.test_walk import link_witness
from waypoint.testing.factories import PASSWORD, OrganisationFactory, member


def _collect_errors(page):
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    return errors


@pytest.mark.django_db(transaction=True)
def test_investigator_and_prosecutor_take_a_case_to_conviction(page, live_server):
    seed_statutes()
    police = OrganisationFactory(name="Harbour Police", org_type=OrganisationType.LAW_ENFORCEMENT)
    prosecution = OrganisationFactory(
        name="Prosecutor General", org_type=OrganisationType.PROSECUTION
    )
    OrganisationFactory(name="Criminal Court", org_type=OrganisationType.JUDICIARY)
    ngo = OrganisationFactory(name="Safe Passage", org_type=OrganisationType.NGO)
    member(police, Role.INVESTIGATOR, username="inv.browser")
    member(prosecution, Role.PROSECUTOR, username="pros.browser")
    errors = _collect_errors(page)
    opened = (timezone.localdate() - dt.timedelta(days=30)).isoformat()

    sign_in(page, live_server, "inv.browser", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Criminal cases").first.click()
    page.get_by_role("link", name="Open an investigation").click()
    page.get_by_label("Opened on").fill(opened)
    page.get_by_label("Agency file number").fill("HP/BROWSER/1")
    page.get_by_role("checkbox", name="Forced labour", exact=True).check()
    page.get_by_role("checkbox", name="248A — ", exact=False).check()
    page.get_by_role("button", name="Open investigation").click()
    assert "Investigation opened." in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Record a suspect").click()
    page.get_by_label("First name").fill("Bruno")
    page.get_by_label("Second name").fill("Browserson")
    page.get_by_label("Exploiter").check()
    page.get_by_label("Public official suspected of complicity").select_option("true")
    page.get_by_label("Official's agency").select_option("police")
    page.get_by_role("button", name="Record suspect").click()
    suspects = page.locator("#suspects").inner_text()
    assert "Bruno Browserson" in suspects and "Police" in suspects

    investigation = Investigation.objects.get(external_reference="HP/BROWSER/1")
    _worker, case, _consent, witness = link_witness(ngo, police, investigation)
    page.reload()
    witnesses = page.locator("#witnesses").inner_text()
    assert witness.witness_code in witnesses and "Feminine" in witnesses
    assert case.reference not in page.content()
    page.get_by_role("link", name="Hand over to prosecution").click()
    page.get_by_label("Prosecution service").select_option(label="Prosecutor General")
    page.get_by_role("button", name="Hand over").click()
    assert "The file was handed over." in page.content()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "pros.browser", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/criminal-cases/")
    page.get_by_role("link", name=investigation.reference).click()
    assert "Not shared with your organisation" in page.locator("#witnesses").inner_text()
    page.get_by_role("link", name="Bring proceedings").click()
    page.get_by_label("Proceedings started on").fill(opened)
    page.get_by_label("Court (optional)", exact=True).select_option(label="Criminal Court")
    page.get_by_role("button", name="Open prosecution").click()
    page.get_by_role("link", name="Add a defendant").click()
    page.get_by_label("Suspect brought before the court").select_option(label="Bruno Browserson")
    page.get_by_role("button", name="Add defendant").click()
    page.get_by_role("link", name="Add a charge").click()
    page.get_by_label("Statute").select_option(index=1)
    page.get_by_label("Charged on").fill(opened)
    page.get_by_role("button", name="Record charge").click()
    page.get_by_role("link", name="Record the verdict").click()
    page.get_by_label("Outcome").select_option("convicted")
    page.get_by_role("button", name="Record verdict").click()
    page.get_by_role("link", name="Record a sentence").click()
    # A sentence with nothing in it is refused beside the field.
    page.get_by_label("Currency of the fine").fill("")
    page.get_by_role("button", name="Record sentence").click()
    assert (
        "Record at least one part of the sentence."
        in page.locator(".field--error").first.inner_text()
    )
    page.get_by_label("Imprisonment (months)").fill("60")
    page.get_by_role("button", name="Record sentence").click()
    defendants = page.locator("#defendants").inner_text()
    assert "Convicted at trial" in defendants and "60 months' imprisonment" in defendants
    page.get_by_role(
        "link", name=f"Criminal case {investigation.reference} and its timeline"
    ).click()
    timeline = page.locator("#timeline").inner_text()
    assert (
        "Verdict for Bruno Browserson" in timeline and "Sentence for Bruno Browserson" in timeline
    )
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_the_criminal_case_list_works_on_a_phone(phone, live_server):
    seed_statutes()
    police = OrganisationFactory(name="Harbour Police", org_type=OrganisationType.LAW_ENFORCEMENT)
    member(police, Role.INVESTIGATOR, username="inv.phone")
    errors = _collect_errors(phone)
    sign_in(phone, live_server, "inv.phone", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/criminal-cases/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Criminal cases"
    # Nothing wider than the screen apart from the scrolling table.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert errors == []
