"""Fixtures shared by every test: always two organisations, people of every role in each."""

from __future__ import annotations

import pytest

from waypoint.accounts.choices import OrganisationType
from waypoint.testing.factories import OrganisationFactory


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Documents, exports and imports go to a per-test directory."""
    settings.WAYPOINT_DOCUMENTS_DIR = tmp_path / "documents"
    settings.WAYPOINT_EXPORTS_DIR = tmp_path / "exports"
    settings.WAYPOINT_IMPORTS_DIR = tmp_path / "imports"


@pytest.fixture(autouse=True)
def _fresh_axes_and_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="Organisation A", org_type=OrganisationType.NGO)


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="Organisation B", org_type=OrganisationType.CENTRAL_GOVERNMENT)


@pytest.fixture
def mailoutbox_clear(mailoutbox):
    mailoutbox.clear()
    return mailoutbox


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"waypoint database: {engine}"
