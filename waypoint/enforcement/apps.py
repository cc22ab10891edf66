from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "waypoint.enforcement"
    label = "enforcement"
    verbose_name = "Criminal cases"

    def ready(self) -> None:
        from datetime import timedelta

        from waypoint.operations import home_panels, schedule

        schedule.register(
            "waypoint.enforcement.tasks.send_hearing_reminders", every=timedelta(hours=1)
        )
        from waypoint.enforcement.panels import hearings_panel, witness_links_panel

        home_panels.register(hearings_panel)
        home_panels.register(witness_links_panel)

        from waypoint.enforcement.erasure import erase_person_from_criminal_cases
        from waypoint.retention import erasure

        erasure.register(erase_person_from_criminal_cases)
