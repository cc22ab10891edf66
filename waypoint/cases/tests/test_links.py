import pytest

from waypoint.access.roles import Role
from waypoint.testing.factories import member, person_and_case, signed_in_client


@pytest.mark.django_db
def test_case_page_leads_to_the_referral_and_service_pages(org_a):
    worker = member(org_a, Role.CASE_WORKER)
    person, case = person_and_case(org_a, opener=worker)
    page = signed_in_client(worker).get(f"/cases/{case.public_id}/").content.decode()
    assert f"/referrals/new/?case={case.public_id}" in page
    assert f"/services/?case={case.public_id}" in page
    assert f"/criminal-cases/witness-links/new/?case={case.public_id}" in page
    person_page = signed_in_client(worker).get(f"/persons/{person.public_id}/").content.decode()
    assert f"/retention/persons/{person.public_id}/erase/" in person_page


@pytest.mark.django_db
def test_roles_without_the_permission_see_no_referral_links(org_a, org_b):
    from waypoint.cases.choices import GrantKind
    from waypoint.cases.models import CaseAccessGrant

    _person, case = person_and_case(org_a)
    CaseAccessGrant.objects.create(case=case, organisation=org_b, kind=GrantKind.NRM_REFERRAL)
    decision_maker = member(org_b, Role.DECISION_MAKER)
    page = signed_in_client(decision_maker).get(f"/cases/{case.public_id}/").content.decode()
    assert "/referrals/new/" not in page and "/services/?case=" not in page
    assert "/witness-links/new/" not in page
