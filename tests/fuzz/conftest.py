"""Shared pieces of the bad-input tests: the example budget and a database seeded once per module."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import transaction

# Examples per property (and per API operation). Raise it locally for a longer hunt:
#   WAYPOINT_FUZZ_EXAMPLES=200 .venv/bin/python -m pytest tests/fuzz -q
EXAMPLES = int(os.environ.get("WAYPOINT_FUZZ_EXAMPLES", "0")) or None


def examples(default: int) -> int:
    """The number of examples a property runs: ``default`` unless WAYPOINT_FUZZ_EXAMPLES says."""
    return EXAMPLES or default


@contextmanager
def rolled_back():
    """A transaction that is always rolled back, for data shared by the tests of one module."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-data")
