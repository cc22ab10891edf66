import pytest

from waypoint.operations import demo
from waypoint.screening.models import AnonymousNotification, Screening


@pytest.mark.django_db
def test_demo_screenings_are_fictional_complete_and_idempotent(instrument):
    demo.load()
    demo.load()
    outcomes = dict(Screening.objects.values_list("screener__username", "outcome"))
    assert outcomes == {
        "responder.ngo1": "meets_combination",
        "responder.labour1": "partial",
        "responder.police1": "partial",
    }
    meets = Screening.objects.get(screener__username="responder.ngo1")
    assert meets.case is not None and meets.referral_status == "referral_consented"
    assert AnonymousNotification.objects.count() == 1
    declined = Screening.objects.get(screener__username="responder.police1")
    assert declined.referral_status == "anonymous_notification"
