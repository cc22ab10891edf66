from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "waypoint.screening"
    label = "screening"
    verbose_name = "Screening"
