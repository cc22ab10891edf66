from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "waypoint.operations"
    label = "operations"
    verbose_name = "Operations"
