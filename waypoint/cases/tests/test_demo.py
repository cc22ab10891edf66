import pytest

from waypoint.cases.choices import TaskStatus
from waypoint.cases.models import Case, CasePerson, CasePersonCode, CaseTask, CaseTransfer
from waypoint.operations import demo


@pytest.mark.django_db
def test_demo_cases_are_made_once_through_the_services(monkeypatch):
    # Only the case-management builder: other areas add their own demo cases.
    monkeypatch.setattr(demo, "DEMO_BUILDERS", ["waypoint.cases.demo.load"])
    demo.load()
    assert Case.objects.count() == 12
    assert Case.objects.values("owner_organisation").distinct().count() == 4
    assert CasePerson.objects.filter(role="perpetrator").count() == 3
    codes = set(CasePersonCode.objects.values_list("code", flat=True))
    assert {
        "F_Construction",
        "I_AccommodationAndFoodServiceActivities",
        "T_ActivitiesOfHouseholdsAsEmployers",
        "A_AgricultureForestryAndFishing",
        "SexualExploitation",
        "ForcedCriminality",
    } <= codes
    assert CaseTransfer.objects.filter(status="pending").count() == 1
    from django.utils import timezone

    overdue = CaseTask.objects.filter(status=TaskStatus.OPEN, due_on__lt=timezone.localdate())
    assert overdue.count() >= 3
    assert Case.objects.filter(status="Closed").count() == 1
    demo.load()
    assert Case.objects.count() == 12
