"""Runs one URL of the access matrix: every person of the world tries every method on it.

Each attempt runs in a savepoint that is rolled back, so attempts never affect each other. For a
write that is refused, the attempt also checks that nothing changed: row counts and the latest
``updated_at`` of every table, e-mails sent, work queued for after the commit.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import reverse

from tests.access.table import kwargs_for
from tests.access.world import OTHER, Who, World
from waypoint.access.declarations import declaration_of
from waypoint.access.models import RateLimitCounter
from waypoint.access.roles import permissions_for
from waypoint.testing.routes import Route

SNAPSHOT = Path(__file__).with_name("matrix.json")
UPDATE_VARIABLE = "WAYPOINT_UPDATE_ACCESS_MATRIX"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Outcomes that refuse: signed out (sent to sign in), not allowed, not found, wrong method.
DENIED = frozenset({"302 login", "401", "403", "404", "405"})
# Tables a refused request may legitimately touch: the session is saved on every request, and a
# refused sign-in counts towards the rate limit.
_UNTRACKED_MODELS = (Session, RateLimitCounter)


def updating() -> bool:
    return os.environ.get(UPDATE_VARIABLE) == "1"


@cache
def _fingerprint_sql() -> str:
    quote = connection.ops.quote_name
    parts = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed or model in _UNTRACKED_MODELS:
            continue
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        if any(field.name == "updated_at" for field in model._meta.concrete_fields):
            parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {table})")
    return "SELECT " + ", ".join(parts)


def fingerprint() -> tuple[Any, ...]:
    """Row counts and latest change of every table (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        row = cursor.fetchone()
    return tuple(row)


def classify(response: HttpResponse) -> str:
    code = response.status_code
    if 300 <= code < 400:
        location = response.headers.get("Location", "")
        if location.startswith(reverse("accounts:login")):
            return f"{code} login"
        if location.startswith((reverse("accounts:mfa_verify"), reverse("accounts:mfa_setup"))):
            return f"{code} two-factor"
    return str(code)


def methods_for(route: Route) -> tuple[str, ...]:
    """GET, and the writes the view may accept: POST for pages; each handler an API view has."""
    if not route.is_api:
        return ("GET", "POST")
    view_class = getattr(route.callback, "cls", None) or getattr(route.callback, "view_class", None)
    writes = tuple(
        method for method in WRITE_METHODS if view_class and hasattr(view_class, method.lower())
    )
    return ("GET", *writes)


@dataclass
class Attempt:
    who: Who
    method: str
    path: str
    outcome: str
    body: str
    changed: list[str] = field(default_factory=list)


@contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def attempt(who: Who, route: Route, path: str, method: str, *, watch: bool) -> Attempt:
    client = who.client(api=route.is_api)
    call = getattr(client, method.lower())
    with _rolled_back():
        if watch:
            before = fingerprint()
            mails = len(mail.outbox)
            queued = len(connection.run_on_commit)
        if method in ("GET", "DELETE"):
            response = call(path)
        elif route.is_api:
            response = call(path, {}, format="json")
        else:
            response = call(path, {})
        outcome = classify(response)
        changed = []
        if watch:
            if fingerprint() != before:
                changed.append("database")
            if len(mail.outbox) != mails:
                changed.append("e-mail")
            if len(connection.run_on_commit) != queued:
                changed.append("queued work")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Attempt(who, method, path, outcome, body.decode(errors="replace"), changed)


_NOISE = (
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'nonce="[^"]*"'),
    re.compile(r'"request_id":\s*"[0-9a-f]*"'),
    re.compile(r'"X-CSRFToken": "[^"]*"'),
)


def normalise(body: str, *, paths: list[str], ids: list[str]) -> str:
    """A response body without what legitimately differs between two requests."""
    for pattern in _NOISE:
        body = pattern.sub("", body)
    for value in [*paths, *ids]:
        body = body.replace(value, "<>")
    return body


def random_kwargs(route: Route, kwargs: dict[str, str]) -> dict[str, str]:
    converters = route.kwargs
    return {
        name: str(uuid.uuid4()) if converters.get(name) == "uuid" else value
        for name, value in kwargs.items()
    }


def lacks_declared_permission(who: Who, route: Route) -> bool:
    """Whether the URL's access declaration alone refuses ``who`` (a signed-in person whose role
    lacks a declared permission)."""
    if who.role is None:
        return False
    declaration = declaration_of(route.callback)
    granted = permissions_for(frozenset({who.role}))
    return declaration is not None and any(perm not in granted for perm in declaration.permissions)


def run(
    route: Route, world: World, *, private: bool
) -> tuple[dict[str, str], list[Attempt], list[str]]:
    """Every person tries every method on ``route``; returns the matrix row, the attempts made,
    and the problems found comparing refusals on the real record with refusals on a random id.

    People whose role lacks a permission the URL declares are refused by the declaration before
    anything else runs: the first of them tries for real and, when refused with 403, the others
    are recorded as 403 without a request of their own (the same code path; this keeps the matrix
    fast). When the first is not refused with 403, everyone tries.

    For a URL naming a ``private`` record (not readable nationally), a refusal with 403 or 404,
    and any 4xx answer to the other side, is compared with the answer for a random id (once per
    side and outcome).
    """
    kwargs = kwargs_for(route.name, world.records)
    path = route.fill(kwargs)
    has_ids = any(converter == "uuid" for converter in route.kwargs.values())
    outcomes: dict[str, list[str]] = {who.key: [] for who in world.people}
    attempts: list[Attempt] = []
    problems: list[str] = []
    for method in methods_for(route):
        watch = method != "GET"
        refused_by_declaration = [
            who for who in world.people if lacks_declared_permission(who, route)
        ]
        sample = None
        if refused_by_declaration:
            sample = attempt(refused_by_declaration[0], route, path, method, watch=watch)
            attempts.append(sample)
        predicted = sample is not None and sample.outcome == "403"
        compared: set[tuple[str, str]] = set()
        for who in world.people:
            if predicted and who in refused_by_declaration[1:]:
                outcomes[who.key].append(f"{method} 403")
                continue
            if sample is not None and who is sample.who:
                tried = sample
            else:
                tried = attempt(who, route, path, method, watch=watch)
                attempts.append(tried)
            changes = f" changes {'+'.join(tried.changed)}" if tried.changed else ""
            outcomes[who.key].append(f"{method} {tried.outcome}{changes}")
            group = (who.side, tried.outcome)
            compare = tried.outcome in ("403", "404") or (
                who.side == OTHER and tried.outcome.startswith("4")
            )
            if private and has_ids and compare and group not in compared:
                compared.add(group)
                problems.extend(_compare_with_missing(who, route, kwargs, tried))
    row = {key: ", ".join(values) for key, values in outcomes.items()}
    return row, attempts, problems


def _compare_with_missing(
    who: Who, route: Route, kwargs: dict[str, str], tried: Attempt
) -> list[str]:
    missing_kwargs = random_kwargs(route, kwargs)
    missing_path = route.fill(missing_kwargs)
    missing = attempt(who, route, missing_path, tried.method, watch=False)
    label = f"{who.key} {tried.method} {route.name}"
    if missing.outcome != tried.outcome:
        return [f"{label}: {tried.outcome} on the record but {missing.outcome} on a missing id"]
    ids = [*kwargs.values(), *missing_kwargs.values()]
    paths = [tried.path, missing_path]
    if normalise(tried.body, paths=paths, ids=ids) != normalise(missing.body, paths=paths, ids=ids):
        return [f"{label}: the refusal's body differs from the one for a missing id"]
    return []


def load_snapshot() -> dict[str, Any]:
    if not SNAPSHOT.exists():
        return {}
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def store_row(name: str, row: dict[str, str] | None) -> None:
    """Write one URL's row into the snapshot (``None`` removes it); safe across test workers."""
    lock = Path(tempfile.gettempdir()) / "waypoint-access-matrix.lock"
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        snapshot = load_snapshot()
        if row is None:
            snapshot.pop(name, None)
        else:
            snapshot[name] = row
        SNAPSHOT.write_text(
            json.dumps(snapshot, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        fcntl.flock(handle, fcntl.LOCK_UN)
