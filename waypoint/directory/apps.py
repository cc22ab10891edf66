from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "waypoint.directory"
    label = "directory"
    verbose_name = "Services directory"

    def ready(self) -> None:
        from waypoint.directory.erasure import erase_person_from_service_referrals
        from waypoint.retention import erasure

        erasure.register(erase_person_from_service_referrals)
