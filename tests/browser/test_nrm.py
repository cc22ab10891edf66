"""A referral and a decision in the browser: the NGO first responder records consent and refers;
the police decision maker (two-factor) receives the referral and records the preliminary decision."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import sign_in
from waypoint.referrals.models import NrmReferral
from waypoint.referrals.tests.helpers import build_world
from waypoint.testing.factories import PASSWORD


def _console_errors(page):
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    return errors


@pytest.mark.django_db(transaction=True)
def test_referral_and_preliminary_decision_in_the_browser(page, live_server, browser):
    world = build_world()
    errors = _console_errors(page)

    # NGO first responder: consent first, then the referral.
    sign_in(page, live_server, world.responder.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Referrals").first.click()
    page.get_by_role("link", name="Refer a person").click()
    assert "informed consent" in page.content()
    page.get_by_label("Consents").check()
    page.get_by_label("Language of the conversation").fill("ar")
    page.get_by_label("An interpreter was present").check()
    page.get_by_label("Interpreter or cultural mediator").fill("Mediator One")
    page.get_by_role("button", name="Record the answer").click()
    assert "Consent recorded." in page.content()
    page.get_by_label("Competent authority", exact=True).select_option(label="Harbour Police")
    page.get_by_label("What the competent authority needs to know").fill(
        "Worked 14 hours a day; passport held."
    )
    page.get_by_role("button", name="Send the referral").click()
    page.wait_for_selector("text=Referral N-")
    referral = NrmReferral.objects.get()
    assert referral.state == "referred"
    assert errors == []

    # Police decision maker in a second browser context (two-factor).
    decider_context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="en-GB"
    )
    decider_page = decider_context.new_page()
    decider_page.set_default_timeout(15000)
    device = TOTPDevice.objects.create(user=world.decider, name="phone", confirmed=True)
    sign_in(decider_page, live_server, world.decider.username, PASSWORD)
    decider_page.wait_for_url("**/two-factor/verify/**")
    decider_page.get_by_label("Code").fill(f"{totp(device.bin_key, step=30, digits=6):06d}")
    decider_page.get_by_role("button", name="Continue").click()
    decider_page.goto(f"{live_server.url}/referrals/?direction=incoming")
    decider_page.get_by_role("link", name=referral.reference).click()
    assert "Worked 14 hours a day" in decider_page.content()
    decider_page.locator("summary", has_text="Receive the referral for decision").click()
    decider_page.get_by_role("button", name="Receive the referral for decision").click()
    decider_page.locator("summary", has_text="Preliminary decision: positive").click()
    form = decider_page.locator("details[open] form")
    form.get_by_role("button", name="Preliminary decision: positive").click()
    # Missing reason and legal basis: the errors appear beside the fields.
    assert decider_page.get_by_text("Give the reason for this step.").is_visible()
    form = decider_page.locator("details[open] form")
    form.get_by_label("Reason").fill("Consistent account; indicators of coercion.")
    form.get_by_label("Legal basis").fill("Criminal Code art. 248A")
    form.get_by_role("button", name="Preliminary decision: positive").click()
    decider_page.wait_for_selector("text=Done. The referral is now")
    referral.refresh_from_db()
    assert referral.state == "presumed_victim"
    assert "Recovery and reflection period until" in decider_page.content()
    decider_context.close()

    # The referrer sees the decision (and its reasons) on their page.
    page.goto(f"{live_server.url}/referrals/{referral.public_id}/")
    assert "Presumed victim" in page.content()
    assert "Consistent account" in page.content()
    assert errors == []
