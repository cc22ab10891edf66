from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "waypoint.referrals"
    label = "referrals"
    verbose_name = "National Referral Mechanism"

    def ready(self) -> None:
        from datetime import timedelta

        from waypoint.operations import home_panels, schedule
        from waypoint.referrals.panels import my_work_panel

        schedule.register("waypoint.referrals.tasks.sweep_timers", every=timedelta(minutes=15))
        home_panels.register(my_work_panel)

        from waypoint.referrals.erasure import erase_person_from_nrm
        from waypoint.retention import erasure

        erasure.register(erase_person_from_nrm)
