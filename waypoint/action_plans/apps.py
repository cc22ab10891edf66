from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig


class ActionPlansConfig(AppConfig):
    name = "waypoint.action_plans"
    label = "action_plans"
    verbose_name = "National coordination: action plans, recommendations, trainings, TIP workspace"

    def ready(self) -> None:
        from waypoint.action_plans.selectors.evidence_builtin import register_builtin_providers
        from waypoint.action_plans.views.panels import reporting_panel
        from waypoint.operations import home_panels, schedule

        schedule.register(
            "waypoint.action_plans.tasks.send_reporting_reminders", every=timedelta(hours=1)
        )
        home_panels.register(reporting_panel)
        register_builtin_providers()
