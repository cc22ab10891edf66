"""The access-matrix world is built once per test module (the demo data plus a few records) inside a
transaction that is rolled back at the end; each test runs in a savepoint of it."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from tests.access.world import World, build


@pytest.fixture(scope="module")
def access_world(django_db_setup, django_db_blocker, tmp_path_factory) -> World:
    data = tmp_path_factory.mktemp("access-matrix")
    with (
        django_db_blocker.unblock(),
        override_settings(
            WAYPOINT_DOCUMENTS_DIR=data / "documents",
            WAYPOINT_EXPORTS_DIR=data / "exports",
            WAYPOINT_IMPORTS_DIR=data / "imports",
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _isolated_data_dir():
    """Documents and exports live in the module's directory (set by ``access_world``), not in a
    per-test one: the world's files are written once."""
