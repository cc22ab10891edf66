from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "waypoint.retention"
    label = "retention"
    verbose_name = "Retention and erasure"

    def ready(self) -> None:
        from datetime import timedelta

        from waypoint.operations import schedule

        schedule.register(
            "waypoint.retention.tasks.apply_retention_schedules", every=timedelta(days=1)
        )
