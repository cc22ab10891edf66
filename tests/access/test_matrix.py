"""The access matrix: every URL and API endpoint × every role, in the owning organisation and in
another one, and signed out. See docs/access-matrix.md.

Each URL's outcomes are compared with the committed snapshot ``tests/access/matrix.json``
(regenerate it with ``WAYPOINT_UPDATE_ACCESS_MATRIX=1``, see docs/access-matrix.md), and checked
against rules that hold whatever the snapshot says.
"""

from __future__ import annotations

import pytest

from tests.access import matrix
from tests.access.table import (
    FILL,
    NATIONAL_RECORDS,
    NATIONAL_ROLES,
    SUPPORT_RECORDS,
    UNREACHED,
    record_keys,
)
from tests.access.world import ANONYMOUS, OTHER
from waypoint.access.declarations import declaration_of
from waypoint.testing.routes import all_routes

ROUTES = {route.name: route for route in all_routes()}
SUCCESS = ("200", "201", "202", "204")
UPDATE = (
    "run `WAYPOINT_UPDATE_ACCESS_MATRIX=1 .venv/bin/python -m pytest tests/access/test_matrix.py "
    "-n 2` and review the diff of tests/access/matrix.json (docs/access-matrix.md)"
)


def test_every_url_is_in_the_matrix_table():
    """A new page or endpoint must say which record fills its arguments (tests/access/table.py)."""
    missing = sorted(set(ROUTES) - set(FILL))
    assert missing == [], f"Add these URLs to tests/access/table.py FILL: {missing}"
    stale = sorted(set(FILL) - set(ROUTES))
    assert stale == [], f"These URLs no longer exist; remove them from FILL: {stale}"
    for name, route in ROUTES.items():
        assert set(FILL[name]) == set(route.kwargs), f"{name}: fill {route.kwargs}"


def test_the_snapshot_lists_exactly_the_urls():
    snapshot = matrix.load_snapshot()
    if matrix.updating():
        for name in set(snapshot) - set(ROUTES):
            matrix.store_row(name, None)
        return
    assert sorted(set(snapshot) ^ set(ROUTES)) == [], (
        f"tests/access/matrix.json is out of date: {UPDATE}"
    )


def _is_public(name: str) -> bool:
    declaration = declaration_of(ROUTES[name].callback)
    return bool(declaration and declaration.public)


def _is_private(name: str) -> bool:
    """Whether the URL names a record that is not readable nationally."""
    keys = record_keys(name)
    return bool(keys) and not set(keys) <= NATIONAL_RECORDS


def _private_for(name: str, who) -> bool:
    """Private, and not one of the records ``who``'s role reaches everywhere by design."""
    keys = record_keys(name)
    exempt = all(
        who.role is not None and who.role.value in NATIONAL_ROLES.get(key, ()) for key in keys
    )
    return _is_private(name) and not exempt


def _invariants(name: str, attempts: list[matrix.Attempt], world) -> list[str]:
    route = ROUTES[name]
    keys = record_keys(name)
    support = bool(set(keys) & SUPPORT_RECORDS)
    public = _is_public(name)
    problems = []
    for tried in attempts:
        who, label = tried.who, f"{tried.who.key} {tried.method} {name}"
        if tried.outcome.startswith("5"):
            problems.append(f"{label}: server error {tried.outcome}")
        if who.side == ANONYMOUS and not public:
            expected = ("401", "403") if route.is_api else ("302 login",)
            if tried.outcome not in expected and tried.outcome != "405":
                problems.append(f"{label}: signed out but got {tried.outcome}")
        if who.side == OTHER and _private_for(name, who):
            if not tried.outcome.startswith("4"):
                problems.append(f"{label}: another organisation got {tried.outcome}")
            problems.extend(
                f"{label}: another organisation changed the {what}" for what in tried.changed
            )
        if who.is_law_enforcement and support and tried.outcome in SUCCESS:
            problems.append(f"{label}: law enforcement reached a support record")
        if tried.outcome in matrix.DENIED and not public:
            problems.extend(
                f"{label}: a refused request changed the {what}" for what in tried.changed
            )
        if tried.outcome in matrix.DENIED:
            problems.extend(
                f"{label}: a refusal shows {secret!r}"
                for secret in (*world.secrets, world.references[0])
                if secret in tried.body and secret not in tried.path
            )
    if keys and name not in UNREACHED and all(tried.outcome in matrix.DENIED for tried in attempts):
        problems.append(f"{name}: nobody reaches the record in FILL; is it the right one?")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_access_matrix(access_world, name):
    row, attempts, problems = matrix.run(ROUTES[name], access_world, private=_is_private(name))
    problems.extend(_invariants(name, attempts, access_world))
    assert problems == [], "\n".join(problems)
    if matrix.updating():
        matrix.store_row(name, row)
        return
    expected = matrix.load_snapshot().get(name)
    assert expected is not None, f"{name} is not in matrix.json: {UPDATE}"
    changed = {
        key: f"{expected.get(key)} -> {value}"
        for key, value in row.items()
        if expected.get(key) != value
    }
    assert changed == {}, (
        f"{name}: outcomes differ from tests/access/matrix.json. If intended: {UPDATE}\n"
        + "\n".join(f"  {key}: {diff}" for key, diff in sorted(changed.items()))
    )
