from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "waypoint.common"
    label = "common"
    verbose_name = "Common"
