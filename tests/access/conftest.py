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


_MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_MINIMAL_SCHEMA = {
    "openapi": "3.0.3",
    "info": {"title": "Waypoint API", "version": "1.0.0"},
    "paths": {},
}


@pytest.fixture(autouse=True)
def _cheap_documents(monkeypatch):
    """The matrix checks who gets a document, not its content (each app tests its documents):
    WeasyPrint's layout step returns a constant PDF (templates are still rendered), and the API
    schema view serves a minimal schema instead of generating the whole one for every person
    (waypoint/api/tests checks the real schema)."""
    from drf_spectacular.generators import SchemaGenerator
    from weasyprint import HTML

    monkeypatch.setattr(HTML, "write_pdf", lambda self, *args, **kwargs: _MINIMAL_PDF)
    monkeypatch.setattr(
        SchemaGenerator, "get_schema", lambda self, *args, **kwargs: _MINIMAL_SCHEMA
    )


@pytest.fixture(autouse=True)
def _exports_stay_on_disk(monkeypatch):
    """An export is deleted from disk once downloaded. Each attempt of the matrix is rolled back in
    the database, but a deleted file would stay deleted, so the next person allowed to download
    would find nothing: the matrix keeps the file (the exchange tests check the one-time download)."""
    from waypoint.exchange.services import exports

    monkeypatch.setattr(exports, "_delete_export_file", lambda job: None)
