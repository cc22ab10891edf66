from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "waypoint.screening"
    label = "screening"
    verbose_name = "Screening"

    def ready(self) -> None:
        from waypoint.retention import erasure
        from waypoint.screening.erasure import erase_person_from_screenings

        erasure.register(erase_person_from_screenings)
