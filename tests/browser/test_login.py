import pytest
from django_otp.oath import totp

from tests.browser.conftest import sign_in
from waypoint.access.roles import Role
from waypoint.testing.factories import PASSWORD, OrganisationFactory, member


@pytest.mark.django_db(transaction=True)
def test_case_worker_signs_in_and_reaches_home(page, live_server):
    organisation = OrganisationFactory(name="Harbour NGO")
    member(organisation, Role.CASE_WORKER, username="cw.browser")
    sign_in(page, live_server, "cw.browser", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert "Harbour NGO" in page.content()
    # No console errors from CSP or scripts.
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.reload()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_wrong_password_explains_itself(page, live_server):
    organisation = OrganisationFactory(name="Harbour NGO")
    member(organisation, Role.CASE_WORKER, username="cw.browser")
    sign_in(page, live_server, "cw.browser", "not the password")
    assert "not right" in page.locator(".form-errors").inner_text()


@pytest.mark.django_db(transaction=True)
def test_coordinator_enrols_two_factor_then_reaches_home(page, live_server):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    organisation = OrganisationFactory(name="Coordination Office")
    member(organisation, Role.COORDINATOR, username="coord.browser")
    sign_in(page, live_server, "coord.browser", PASSWORD)
    page.wait_for_url("**/two-factor/setup/**")
    assert page.locator("img[alt*='QR code']").is_visible()
    device = TOTPDevice.objects.get(user__username="coord.browser", confirmed=False)
    page.get_by_label("Code").fill(f"{totp(device.bin_key, step=30, digits=6):06d}")
    page.get_by_role("button", name="Confirm").click()
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Coordination Office" in page.content()


@pytest.mark.django_db(transaction=True)
def test_arabic_switches_the_page_to_right_to_left(page, live_server):
    organisation = OrganisationFactory(name="Harbour NGO")
    member(organisation, Role.CASE_WORKER, username="cw.browser")
    sign_in(page, live_server, "cw.browser", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.select_option("#language", "ar")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "rtl"
