"""The baseline: the same SQL each request runs, run directly against the same database.

Each flow of ``flows.py`` is run once in-process through Django's test client (the whole
application: middleware, views, services, templates) while every statement it sends is captured.
The captured statements are then sent again, as they were, request by request, from the same state:
everything happens inside one transaction, a savepoint is rolled back before each replay and the
database's sequences are put back, so the replayed inserts get the ids the requests got and later
statements find the rows they found. Nothing is kept. The figure is the time the database takes for
a request's queries (plus the driver's round trips); the load test's own time over HTTP divided by
it is what the application adds.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from benchmarks.load.flows import FLOWS, Account


def _sequences() -> list[tuple[str, int, bool]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
            "FROM pg_sequences"
        )
        return [(name, value or 1, value is not None) for name, value in cursor.fetchall()]


def _restore(sequences: list[tuple[str, int, bool]]) -> None:
    from django.db import connection

    if not sequences:
        return
    values = ", ".join(["(%s, %s, %s)"] * len(sequences))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(v.name::regclass, v.value, v.called) "  # noqa: S608  placeholders only
            f"FROM (VALUES {values}) AS v(name, value, called)",
            [item for sequence in sequences for item in sequence],
        )


class Capturing:
    """A ``send`` for the flows that runs each request in-process and keeps its SQL."""

    def __init__(self, username: str, token: str) -> None:
        from django.test import Client

        from waypoint.accounts.models import User

        self.client = Client()
        self.client.force_login(User.objects.get(username=username))
        self.token = token
        self.captured: list[tuple[str, list[str]]] = []

    def __call__(
        self,
        name: str,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        api: bool = False,
    ) -> Any:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        headers = {"Authorization": f"Token {self.token}"} if api else {}
        call = getattr(self.client, method.lower())
        with CaptureQueriesContext(connection) as queries:
            if body is None:
                response = call(path, headers=headers)
            else:
                response = call(path, body, content_type="application/json", headers=headers)
        if response.status_code >= 300:
            raise RuntimeError(f"{name}: {method} {path} answered {response.status_code}")
        self.captured.append((name, [query["sql"] for query in queries.captured_queries]))
        return response.json() if api else None


def _replay(statements: list[str]) -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
            if cursor.description is not None:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


@contextmanager
def _rolled_back() -> Iterator[Any]:
    from django.db import transaction

    with transaction.atomic():
        yield transaction
        transaction.set_rollback(True)


def measure(
    fixtures: dict[str, Any], *, samples: int = 10, repeat: int = 5, seed: int = 7
) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Per request type, the replay times (milliseconds) and how many statements a request sent."""
    rng = random.Random(seed)  # noqa: S311  picks records, not secrets
    timings: dict[str, list[float]] = {}
    statements: dict[str, list[int]] = {}
    for role, flows in FLOWS.items():
        account = Account.from_fixture(fixtures["accounts"][role][0])
        for flow, _weight in flows:
            for _sample in range(samples):
                with _rolled_back() as transaction:
                    send = Capturing(account.username, account.token)  # signed in before the mark
                    sequences = _sequences()
                    before = transaction.savepoint()
                    flow(send, account, rng)
                    for _round in range(repeat):
                        transaction.savepoint_rollback(before)
                        _restore(sequences)
                        for name, captured in send.captured:
                            timings.setdefault(name, []).append(_replay(captured))
                    transaction.savepoint_rollback(before)
                    _restore(sequences)
                    for name, captured in send.captured:
                        statements.setdefault(name, []).append(len(captured))
    counts = {name: round(sum(values) / len(values)) for name, values in statements.items()}
    return timings, counts
