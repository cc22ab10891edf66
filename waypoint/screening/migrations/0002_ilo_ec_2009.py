"""Ship the ILO/EC 2009 instrument (waypoint/screening/data) as published version 1."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from waypoint.screening.storage import load_builtin

    load_builtin(apps, now=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
