"""Load the starting country profiles (Malta, Malaysia) from the shipped reference file."""

import datetime as dt

from django.db import migrations

STARTING_PROFILES = ("MT", "MY")


def load(apps, schema_editor):
    from waypoint.referrals import profiles

    CountryProfile = apps.get_model("referrals", "CountryProfile")
    reference = profiles.load_reference()
    for key in STARTING_PROFILES:
        if CountryProfile.objects.filter(country=key).exists():
            continue
        rules = profiles.from_reference(reference, key)
        CountryProfile.objects.create(
            country=key,
            version=1,
            effective_from=dt.date(2000, 1, 1),
            rules=rules.to_document(),
            source=f"reference:{key}",
            change_note="Starting values from the reference profile; confirm each with the legal text.",
        )


def unload(apps, schema_editor):
    CountryProfile = apps.get_model("referrals", "CountryProfile")
    CountryProfile.objects.filter(source__startswith="reference:", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
