from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "waypoint.exchange"
    label = "exchange"
    verbose_name = "Exchange (HTCDS and CTDC import and export)"

    def ready(self) -> None:
        from datetime import timedelta

        from waypoint.operations import schedule

        schedule.register("waypoint.exchange.tasks.purge_expired_files", every=timedelta(hours=1))

        from waypoint.exchange.erasure import close_exports_on_erasure
        from waypoint.retention import erasure

        erasure.register(close_exports_on_erasure)
