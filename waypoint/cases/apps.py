from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "waypoint.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from datetime import timedelta

        from waypoint.cases.panels import my_work_panel
        from waypoint.operations import home_panels, schedule

        home_panels.register(my_work_panel)

        schedule.register("waypoint.cases.tasks.send_task_reminders", every=timedelta(minutes=15))
        schedule.register("waypoint.cases.tasks.remove_orphan_documents", every=timedelta(hours=6))
