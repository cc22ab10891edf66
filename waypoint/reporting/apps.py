from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "waypoint.reporting"
    label = "reporting"
    verbose_name = "Statistics and reporting"

    def ready(self) -> None:
        from waypoint.operations import home_panels
        from waypoint.reporting.catalogue import register_catalogue
        from waypoint.reporting.evidence_justice import register_justice_evidence
        from waypoint.reporting.evidence_protection import register_protection_evidence
        from waypoint.reporting.panels import statistics_home_panel
        from waypoint.reporting.reference_tables import register_reference_tables

        register_catalogue()
        register_justice_evidence()
        register_reference_tables()
        register_protection_evidence()
        home_panels.register(statistics_home_panel)
