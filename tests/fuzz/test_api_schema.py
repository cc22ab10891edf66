"""Every operation of the committed OpenAPI schema, fuzzed with schemathesis: never a server error.

The database is seeded once per module with the fictional demo data (every area, every role) so
list filters and lookups run against real rows; the requests go through Django's WSGI application
with a personal API token, as a national coordinator and as a case worker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance

from tests.fuzz.conftest import examples, rolled_back

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"

schema = schemathesis.openapi.from_path(SCHEMA)
schema.config.generation.update(max_examples=examples(5), deterministic=True)
schema.config.phases.update(phases=["examples", "fuzzing"])

# No server error, and every answer in the documented content type (JSON errors included). The
# status-code and body-schema checks are left out: the schema does not list every 4xx each
# operation can answer (see docs/testing-bad-input.md).
CHECKS = [not_a_server_error, content_type_conformance]

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, module_data_dir):
    from django.conf import settings as django_settings

    from waypoint.access.actor import Actor
    from waypoint.accounts.services import api_token_issue
    from waypoint.operations import demo

    saved = {
        name: getattr(django_settings, name)
        for name in ("WAYPOINT_DOCUMENTS_DIR", "WAYPOINT_EXPORTS_DIR", "WAYPOINT_IMPORTS_DIR")
    }
    for name in saved:
        setattr(django_settings, name, module_data_dir / name.lower())
    with django_db_blocker.unblock(), rolled_back():
        context = demo.load()
        tokens = {}
        for key, username in (
            ("coordinator", "coordinator.coordination1"),
            ("case_worker", "caseworker.welfare1"),
        ):
            _token, raw = api_token_issue(
                actor=Actor.console("tests"), user=context.users[username]
            )
            tokens[key] = raw
        yield {role: (token, known_ids(token)) for role, token in tokens.items()}
    for name, value in saved.items():
        setattr(django_settings, name, value)


def known_ids(token: str) -> dict[str, list[str]]:
    """Ids of seeded records this person sees, by collection ("/api/v1/cases/"), read from the
    schema's list operations, so the operations on one record reach a real one."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    found: dict[str, list[str]] = {}
    for path, operations in schema.raw_schema["paths"].items():
        if "get" not in operations or "{" in path:
            continue
        response = client.get(path)
        if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
            continue
        body = response.json()
        rows = body.get("results") if isinstance(body, dict) else body
        ids = [row["id"] for row in rows or [] if isinstance(row, dict) and "id" in row]
        if ids:
            found[path] = ids[:3]
    return found


def collection_of(path: str) -> str:
    """The list path of an operation on one record: /api/v1/cases/{public_id}/notes/ → /api/v1/cases/."""
    return path.split("{public_id}", 1)[0]


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, module_data_dir):
    """The seeded documents stay readable: every test of this module shares one data directory."""
    settings.WAYPOINT_DOCUMENTS_DIR = module_data_dir / "waypoint_documents_dir"
    settings.WAYPOINT_EXPORTS_DIR = module_data_dir / "waypoint_exports_dir"
    settings.WAYPOINT_IMPORTS_DIR = module_data_dir / "waypoint_imports_dir"


@pytest.fixture(scope="module")
def app():
    """Django's WSGI application, without closing the test's database connection between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ["coordinator", "case_worker"])
@schema.parametrize()
@hypothesis_settings(suppress_health_check=list(HealthCheck))
def test_no_server_error(case, role, seeded, app, settings):
    # An unhandled exception reaches the test with its traceback instead of becoming a bare 500.
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    token, ids = seeded[role]
    headers = {"Authorization": f"Token {token}"}
    case.call_and_validate(app=app, headers=headers, checks=CHECKS)
    # Generated ids almost always name nothing (404); send the same request about a real record.
    real = ids.get(collection_of(case.path))
    if real and "public_id" in (case.path_parameters or {}):
        case.path_parameters["public_id"] = real[0]
        case.call_and_validate(app=app, headers=headers, checks=CHECKS)
