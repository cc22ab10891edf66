"""The database connection is configured as Waypoint expects, on whichever database the suite runs."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_connection_is_configured_for_short_transactional_queries():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # JIT compilation costs far more than Waypoint's queries take (see config/settings.py).
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
        else:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
