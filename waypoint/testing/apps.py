from django.apps import AppConfig


class TestingConfig(AppConfig):
    """Installed only when WAYPOINT_ENV=test: sample models for testing the shared machinery."""

    name = "waypoint.testing"
    label = "testing"
