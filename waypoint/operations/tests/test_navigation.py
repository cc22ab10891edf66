import re

import pytest

from waypoint.access.roles import Role
from waypoint.common.templatetags.waypoint import current_section
from waypoint.testing.factories import member, signed_in_client

ITEMS = [{"url": "/"}, {"url": "/referrals/"}, {"url": "/referrals/my-work/"}, {"url": "/cases/"}]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "/"),
        ("/referrals/my-work/", "/referrals/my-work/"),
        ("/referrals/5c1e/", "/referrals/"),
        ("/cases/C-1/", "/cases/"),
        ("/audit/", ""),
    ],
)
def test_one_section_is_current(path, expected):
    assert current_section(path, ITEMS) == expected


@pytest.mark.django_db
def test_my_work_page_marks_only_my_work(org_a, org_b):
    member(org_b, Role.CASE_WORKER)
    client = signed_in_client(member(org_a, Role.CASE_WORKER), org_a)
    html = client.get("/referrals/my-work/").content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', nav) == ["/referrals/my-work/"]
