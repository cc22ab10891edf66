import pytest

from tests.browser.conftest import sign_in
from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.testing.factories import PASSWORD, OrganisationFactory, member


@pytest.mark.django_db(transaction=True)
def test_analyst_reads_nrm_performance_on_a_phone(phone, live_server):
    from waypoint.reporting.tests.test_nrm_tables import build_nrm

    first = OrganisationFactory(name="Harbour Outreach", org_type=OrganisationType.NGO)
    second = OrganisationFactory(name="Labour Office", org_type=OrganisationType.CENTRAL_GOVERNMENT)
    build_nrm(first, second)
    member(first, Role.ANALYST, username="analyst.nrm")
    errors = []
    phone.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(phone, live_server, "analyst.nrm", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/statistics/tables/nrm-n1/?period=2026")
    table = phone.locator("table.stat-table")
    referrals = table.get_by_role("row", name="Referrals to the competent authority")
    assert referrals.locator("td").first.inner_text() == "withheld"  # 4 referrals: under 5
    median = table.get_by_role(
        "row", name="Preliminary decisions (reasonable grounds): median working days from referral"
    )
    assert median.locator("td").first.inner_text() == "withheld"
    zero = table.get_by_role("row", name="Formal decisions (conclusive grounds): negative")
    assert zero.locator("td").first.inner_text() == "0"
    # Figures of different kinds are not drawn on one axis: no chart, the table says it all.
    assert phone.locator("figure svg[role=img]").count() == 0
    assert "MT country profile" in phone.content()
    assert errors == []
