from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "waypoint.access"
    label = "access"
    verbose_name = "Access control"

    def ready(self) -> None:
        from datetime import timedelta

        from waypoint.operations import schedule

        schedule.register(
            "waypoint.access.tasks.purge_rate_limit_counters", every=timedelta(hours=6)
        )
