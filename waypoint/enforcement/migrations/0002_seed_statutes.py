"""Seed the trafficking offences of the two example countries (editable by a system administrator).

The list is in ``waypoint/enforcement/statute_data.py`` (see the note there on the titles).
"""

from django.db import migrations

from waypoint.enforcement.statute_data import SEEDED_STATUTES


def seed(apps, schema_editor):
    Statute = apps.get_model("enforcement", "Statute")
    for country, instrument, code, title, is_trafficking in SEEDED_STATUTES:
        Statute.objects.get_or_create(
            country=country,
            instrument=instrument,
            code=code,
            defaults={"short_title": title, "is_trafficking_offence": is_trafficking},
        )


def unseed(apps, schema_editor):
    Statute = apps.get_model("enforcement", "Statute")
    for country, instrument, code, _title, _trafficking in SEEDED_STATUTES:
        Statute.objects.filter(
            country=country, instrument=instrument, code=code, charges__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
