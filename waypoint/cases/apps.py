from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "waypoint.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from datetime import timedelta

        from waypoint.operations import schedule

        schedule.register("waypoint.cases.tasks.send_task_reminders", every=timedelta(minutes=15))
        schedule.register("waypoint.cases.tasks.remove_orphan_documents", every=timedelta(hours=6))
