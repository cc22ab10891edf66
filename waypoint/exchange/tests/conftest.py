"""Helpers for the exchange tests: actors of two organisations and a way to run an import."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from waypoint.access.roles import Role
from waypoint.exchange import services
from waypoint.testing.factories import actor_for, member
from waypoint.testing.shared_data import shared_data_dir

CTDC = shared_data_dir() / "ctdc"


@pytest.fixture
def supervisor_a(org_a):
    return member(org_a, Role.CASE_SUPERVISOR)


@pytest.fixture
def supervisor_b(org_b):
    return member(org_b, Role.CASE_SUPERVISOR)


@pytest.fixture
def actor_a(supervisor_a, org_a):
    return actor_for(supervisor_a, org_a)


@pytest.fixture
def actor_b(supervisor_b, org_b):
    return actor_for(supervisor_b, org_b)


def csv_bytes(rows: list[dict[str, str]], *, encoding: str = "utf-8") -> bytes:
    columns: list[str] = []
    for row in rows:
        columns += [name for name in row if name not in columns]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def run_import(
    actor, content: bytes, *, file_format: str = "csv", dry_run: bool = False, name: str = "file"
):
    """Upload ``content`` and run the import job (tasks run inline in tests)."""
    upload = services.store_upload(content, original_name=name)
    job = services.import_request(
        actor=actor, upload=upload, file_format=file_format, is_dry_run=dry_run
    )
    return services.import_run(actor=actor, job=job)


def run_file(actor, path: Path, *, file_format: str, dry_run: bool = False):
    return services.import_file(actor=actor, path=path, file_format=file_format, is_dry_run=dry_run)


def export_bytes(
    actor, *, file_format: str = "csv", identifying: bool = False
) -> tuple[object, bytes]:
    job = services.export_request(actor=actor, file_format=file_format, is_identifying=identifying)
    job = services.export_run(actor=actor, job=job)
    return job, b"".join(services.export_download(actor=actor, job=job))


def issues(job, field: str | None = None) -> list[dict]:
    found = (job.report or {}).get("errors", [])
    return [issue for issue in found if field is None or issue["field"] == field]
