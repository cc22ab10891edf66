"""Two people saving the same record at once, in real threads: one save wins, the other is refused
with a conflict that says so, and nothing of the refused save is written (no lost update).

On PostgreSQL the saves really overlap; SQLite has one writer, so ``race`` runs them one after the
other there, and the same assertions hold (see waypoint/referrals/tests/helpers.race).
"""

import re

import pytest

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.cases.models import Case
from waypoint.cases.services import case_update
from waypoint.common.errors import ConcurrencyConflict
from waypoint.people.models import Person
from waypoint.people.services import person_update
from waypoint.referrals.tests.helpers import race
from waypoint.testing.factories import actor_for, member, person_and_case, signed_in_client

pytestmark = pytest.mark.django_db(transaction=True)

CONFLICT = "Someone else changed this record after you opened it. Nothing was saved"


def _one_winner(results, model):
    winners = [result for result in results if isinstance(result, model)]
    conflicts = [result for result in results if isinstance(result, ConcurrencyConflict)]
    assert len(winners) == 1 and len(conflicts) == 1, results
    assert CONFLICT in conflicts[0].message
    return winners[0]


def test_two_case_workers_saving_one_case_at_once_lose_no_update(org_a, org_b):
    person, case = person_and_case(org_a)
    first, second = member(org_a, Role.CASE_WORKER), member(org_a, Role.CASE_WORKER)
    started_from = case.version

    def save(user, summary):
        return lambda: case_update(
            actor=actor_for(user, org_a),
            case=Case.objects.get(pk=case.pk),
            changes={"summary": summary},
            expected_version=started_from,
        )

    results = race(save(first, "Summary by the first"), save(second, "Summary by the second"))
    winner = _one_winner(results, Case)
    stored = Case.objects.get(pk=case.pk)
    assert stored.summary == winner.summary
    assert stored.version == started_from + 1
    assert (
        AuditEvent.objects.filter(action="case.update", target_id=str(case.public_id)).count() == 1
    )


def test_two_people_saving_one_person_at_once_lose_no_update(org_a, org_b):
    person, _case = person_and_case(org_a)
    first, second = member(org_a, Role.CASE_WORKER), member(org_a, Role.CASE_WORKER)
    started_from = person.version

    def save(user, name):
        return lambda: person_update(
            actor=actor_for(user, org_a),
            person=Person.objects.get(pk=person.pk),
            changes={"first_name": name},
            expected_version=started_from,
        )

    results = race(save(first, "Amara"), save(second, "Amina"))
    winner = _one_winner(results, Person)
    stored = Person.objects.get(pk=person.pk)
    assert stored.first_name == winner.first_name
    assert stored.version == started_from + 1


def test_two_case_edit_forms_saved_at_once_one_is_told_and_keeps_their_text(org_a, org_b):
    _person, case = person_and_case(org_a)
    editors = [member(org_a, Role.CASE_WORKER) for _ in range(2)]
    clients = [signed_in_client(user, org_a) for user in editors]
    url = f"/cases/{case.public_id}/edit/"
    form = {"opened_on": case.opened_on.isoformat(), "status": "Active", "version": case.version}
    texts = ["Met at the harbour office", "Moved to the shelter"]

    def post(client, text):
        return lambda: client.post(url, {**form, "summary": text})

    responses = race(*(post(client, text) for client, text in zip(clients, texts, strict=True)))
    assert sorted(response.status_code for response in responses) == [200, 302], responses
    refused = next(index for index, response in enumerate(responses) if response.status_code == 200)
    page = responses[refused].content.decode()
    assert "Someone else saved this record after you opened it, so nothing was saved" in page
    assert texts[refused] in page  # what they typed is still in the form
    stored = Case.objects.get(pk=case.pk)
    assert stored.summary == texts[1 - refused]  # the other save, shown to them as saved now
    assert texts[1 - refused] in page
    assert stored.version == case.version + 1
    # The refused form now carries the current version, so saving again is a deliberate choice.
    assert re.search(rf'name="version" value="{stored.version}"', page)
