"""The demo builder: two fictional criminal cases through the real services, idempotent."""

from __future__ import annotations

import pytest

from waypoint.enforcement import selectors
from waypoint.enforcement.models import Investigation, Prosecution, VictimParticipation
from waypoint.enforcement.selectors import counts
from waypoint.operations import demo


@pytest.mark.django_db
def test_demo_cases_load_once_and_tell_the_story():
    context = demo.load()
    assert {line for line in context.log if line.startswith("criminal case")} == {
        "criminal case DEMO-HC-2025-014",
        "criminal case DEMO-HC-2025-022",
    }
    again = demo.load()
    assert not [line for line in again.log if line.startswith("criminal case")]
    assert Investigation.objects.count() == 2 and Prosecution.objects.count() == 2
    investigator = context.actor("investigator.police1")
    prosecutor = context.actor("prosecutor.prosecution1")
    conviction = Investigation.objects.get(external_reference="DEMO-HC-2025-014")
    kinds = {
        entry.kind for entry in selectors.timeline(actor=investigator, investigation=conviction)
    }
    assert {"verdict", "sentence", "appeal", "order", "payment"} <= kinds
    assert counts.defendant_outcomes(actor=prosecutor) == {
        "convicted": 2,
        "acquitted": 1,
        "dismissed": 0,
    }
    officials = {row.agency_type: row for row in counts.complicit_officials(actor=prosecutor)}
    assert (officials["immigration"].investigated, officials["immigration"].convicted) == (1, 1)
    [witness] = selectors.witness_list(actor=prosecutor, investigation=conviction)
    assert witness.facts_visible and witness.nationality in ("BD", "PH")
    assert VictimParticipation.objects.count() == 1
