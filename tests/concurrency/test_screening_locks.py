"""Answering one screening must not lock what every screening shares (the instrument version, its
framework, the profiles): while one interview's answers are being saved, another screening can be
started. Before, the draft's row lock also locked the shared instrument version, which serialised
every interview in the country and deadlocked with screenings being started (found by the load
test: benchmarks/README.md).

On both databases the test checks which rows the service asks to lock; on PostgreSQL, where row
locks exist (SQLite has one writer for the whole database), it also races a second screening
against a held lock with real threads.
"""

import threading
from unittest import mock

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models.query import QuerySet
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.screening.models import Screening
from waypoint.screening.services import screening_start
from waypoint.screening.services import screenings as screening_services
from waypoint.screening.storage import load_builtin
from waypoint.testing.factories import actor_for, member

pytestmark = pytest.mark.django_db(transaction=True)

ADULT = {"interview_language": "en", "age_years": 29, "exploitation_types": ["ForcedLabour"]}


def test_a_screening_can_start_while_another_ones_answers_are_being_saved(org_a, org_b):
    load_builtin(apps, now=timezone.now())
    first, second = member(org_a, Role.FIRST_RESPONDER), member(org_b, Role.FIRST_RESPONDER)
    draft = screening_start(actor=actor_for(first, org_a), values=ADULT)

    # What the draft's lock covers: the screening row only, whatever it joins.
    requested = []
    original = QuerySet.select_for_update

    def recording(queryset, *args, **kwargs):
        requested.append((queryset.model, kwargs.get("of", ())))
        return original(queryset, *args, **kwargs)

    with mock.patch.object(QuerySet, "select_for_update", recording), transaction.atomic():
        screening_services._locked_draft(actor_for(first, org_a), draft)
    assert requested == [(Screening, ("self",))]
    if connection.vendor != "postgresql":
        return  # SQLite has no row locks to race against.

    locked, release = threading.Event(), threading.Event()

    def save_answers_slowly():
        try:
            with transaction.atomic():
                screening_services._locked_draft(actor_for(first, org_a), draft)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=save_answers_slowly)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
            started = screening_start(actor=actor_for(second, org_b), values=ADULT)
    finally:
        release.set()
        thread.join()
    assert Screening.objects.filter(pk=started.pk, organisation=org_b).exists()
    assert Screening.objects.get(pk=draft.pk).organisation_id == org_a.pk
