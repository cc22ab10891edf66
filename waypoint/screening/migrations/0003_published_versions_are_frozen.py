"""The database itself refuses to change a published instrument version or anything in it."""

from django.db import migrations

CONTENT_TABLES = (
    "screening_profile",
    "screening_dimension",
    "screening_indicator",
    "screening_indicatorgrade",
    "screening_question",
)
MESSAGE = "a published instrument version never changes"

POSTGRES_FORWARD = f"""
CREATE OR REPLACE FUNCTION screening_version_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'published' THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER screening_version_frozen BEFORE UPDATE OR DELETE ON screening_instrumentversion
    FOR EACH ROW EXECUTE FUNCTION screening_version_frozen();
CREATE OR REPLACE FUNCTION screening_content_frozen() RETURNS trigger AS $$
BEGIN
    IF (SELECT status FROM screening_instrumentversion WHERE id = OLD.instrument_version_id) = 'published'
    THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"""
CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION screening_content_frozen();
"""
    for table in CONTENT_TABLES
)
POSTGRES_BACKWARD = "".join(f"DROP TRIGGER IF EXISTS {t}_frozen ON {t};\n" for t in CONTENT_TABLES) + (
    "DROP TRIGGER IF EXISTS screening_version_frozen ON screening_instrumentversion;\n"
    "DROP FUNCTION IF EXISTS screening_content_frozen();\n"
    "DROP FUNCTION IF EXISTS screening_version_frozen();\n"
)
# SQLite: updates are refused. Deletes stay possible at the database level (the test suite empties
# tables between tests); the services never delete anything of a published version.
SQLITE_FORWARD = [
    f"""CREATE TRIGGER IF NOT EXISTS screening_version_frozen BEFORE UPDATE
    ON screening_instrumentversion WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"""
] + [
    f"""CREATE TRIGGER IF NOT EXISTS {table}_frozen BEFORE UPDATE ON {table}
    WHEN (SELECT status FROM screening_instrumentversion WHERE id = OLD.instrument_version_id) = 'published'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"""
    for table in CONTENT_TABLES
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS screening_version_frozen;"] + [
    f"DROP TRIGGER IF EXISTS {table}_frozen;" for table in CONTENT_TABLES
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("screening", "0002_ilo_ec_2009")]
    operations = [migrations.RunPython(forward, backward)]
