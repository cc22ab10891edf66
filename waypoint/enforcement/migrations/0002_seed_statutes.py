"""Seed the trafficking offences of the two example countries (editable by a system administrator).

Titles are short paraphrases, not the official wording; they stay marked "to be confirmed" until a
system administrator has checked them against the consolidated text (legislation.mt for Malta, the
current reprint of Act 670 for Malaysia).
"""

from django.db import migrations

MALTA = "Criminal Code (Cap. 9)"
MALAYSIA = "ATIPSOM 2007 (Act 670)"
STATUTES = (
    ("MT", MALTA, "248A", "Trafficking an adult for labour or services, slavery, servitude, forced labour, begging or other unlawful activities", True),
    ("MT", MALTA, "248B", "Trafficking an adult for sexual exploitation (prostitution or pornography)", True),
    ("MT", MALTA, "248C", "Trafficking an adult for the removal of organs", True),
    ("MT", MALTA, "248D", "Trafficking a minor", True),
    ("MT", MALTA, "248E", "Trafficking: aggravating circumstances and provisions common to arts. 248A–248D", True),
    ("MT", MALTA, "248F", "Trafficking: further provision of Sub-title VIII bis", True),
    ("MT", MALTA, "248G", "Trafficking: further provision of Sub-title VIII bis", True),
    ("MY", MALAYSIA, "s.12", "Trafficking in persons", True),
    ("MY", MALAYSIA, "s.13", "Trafficking in persons by threat, force or other coercion", True),
    ("MY", MALAYSIA, "s.14", "Trafficking in children", True),
    ("MY", MALAYSIA, "s.15", "Profiting from the exploitation of a trafficked person", True),
    ("MY", MALAYSIA, "s.15A", "Trafficked person in transit", True),
)


def seed(apps, schema_editor):
    Statute = apps.get_model("enforcement", "Statute")
    for country, instrument, code, title, is_trafficking in STATUTES:
        Statute.objects.get_or_create(
            country=country,
            instrument=instrument,
            code=code,
            defaults={"short_title": title, "is_trafficking_offence": is_trafficking},
        )


def unseed(apps, schema_editor):
    Statute = apps.get_model("enforcement", "Statute")
    for country, instrument, code, _title, _trafficking in STATUTES:
        Statute.objects.filter(
            country=country, instrument=instrument, code=code, charges__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
