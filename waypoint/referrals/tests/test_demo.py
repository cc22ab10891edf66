import pytest

from waypoint.directory.models import Service, ServiceReferral
from waypoint.operations import demo
from waypoint.referrals.choices import NrmState
from waypoint.referrals.models import NrmReferral, Timer, Track
from waypoint.referrals.tests.helpers import ensure_profile


@pytest.mark.django_db
def test_demo_has_referrals_at_every_stage_and_loads_once():
    ensure_profile("MT")
    demo.load()
    states = set(NrmReferral.objects.values_list("state", flat=True))
    assert {
        NrmState.PRESUMED_VICTIM,
        NrmState.REFERRED,
        NrmState.SUPPORT,
        NrmState.NOT_REFERRED,
        NrmState.PRELIMINARY_RECONSIDERATION,
    } <= states
    assert Timer.objects.filter(is_breached=True, kind="preliminary_decision").count() == 1
    women = Service.objects.get(name="Lighthouse safe house for women (demo)")
    assert women.capacity_available == women.capacity_total - 2
    assert ServiceReferral.objects.filter(status="pending", is_urgent=True).count() == 2
    assert Track.objects.filter(kind="residence_permit", state="granted").exists()
    counts = (NrmReferral.objects.count(), Service.objects.count(), ServiceReferral.objects.count())
    demo.load()
    assert (
        NrmReferral.objects.count(),
        Service.objects.count(),
        ServiceReferral.objects.count(),
    ) == counts
