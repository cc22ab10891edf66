from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "waypoint.accounts"
    label = "accounts"
    verbose_name = "Organisations and people who use Waypoint"
