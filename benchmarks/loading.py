"""Loading synthetic records into Waypoint's model tables, fast.

``Model.objects.bulk_create`` prepares every field of every object in Python, which dominates the
set-up at a million records. This loader writes the same rows into the same tables with the
database's own bulk path (``executemany`` on SQLite, ``COPY`` on PostgreSQL): columns the generator
does not give take the model field's default (prepared once, or per row for callables such as
``public_id``), and dates, times and UUIDs are written the way the model field writes them
(checked against ``get_db_prep_save``), so the rows are what the ORM would have written. Encrypted
fields given as columns are sealed by their model field. ``load`` writes de-identified records (no
encrypted field set) unless told otherwise (the load test writes fictional names).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, Final

from django.db import connection, models, transaction

BATCH: Final = 20_000


def model_tables() -> dict[str, type[models.Model]]:
    from waypoint.cases.models import (
        Case,
        CasePerson,
        CasePersonCode,
        SupportPlan,
        TraffickingEvent,
        TraffickingStatusChange,
    )
    from waypoint.directory.models import Service, ServiceReferral
    from waypoint.enforcement.models import (
        Appeal,
        Charge,
        CompensationOrder,
        CompensationPayment,
        Defendant,
        Investigation,
        InvestigationExploitation,
        Prosecution,
        Sentence,
        Suspect,
        Verdict,
        VictimParticipation,
        WitnessProtectiveMeasure,
    )
    from waypoint.people.models import Person, PersonCitizenship
    from waypoint.referrals.models import (
        NrmDecision,
        NrmReferral,
        Timer,
        Track,
        TransitionRecord,
    )

    return {
        "persons": Person,
        "citizenships": PersonCitizenship,
        "cases": Case,
        "case_persons": CasePerson,
        "codes": CasePersonCode,
        "status_changes": TraffickingStatusChange,
        "events": TraffickingEvent,
        "investigations": Investigation,
        "investigation_forms": InvestigationExploitation,
        "suspects": Suspect,
        "prosecutions": Prosecution,
        "defendants": Defendant,
        "charges": Charge,
        "verdicts": Verdict,
        "appeals": Appeal,
        "sentences": Sentence,
        "witnesses": VictimParticipation,
        "witness_measures": WitnessProtectiveMeasure,
        "orders": CompensationOrder,
        "payments": CompensationPayment,
        "services": Service,
        "service_referrals": ServiceReferral,
        "support_plans": SupportPlan,
        "tracks": Track,
        "nrm_referrals": NrmReferral,
        "steps": TransitionRecord,
        "timers": Timer,
        "nrm_decisions": NrmDecision,
    }


def next_ids() -> dict[str, int]:
    """The first free primary key of each table (rows made earlier keep theirs)."""
    return {
        table: (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
        for table, model in model_tables().items()
    }


def _fast(field: models.Field) -> Callable[[Any], Any]:
    """How the database takes a date, time or UUID: what ``field.get_db_prep_save`` gives, without
    its per-value overhead (checked against it by ``_prepared``)."""
    if connection.vendor != "sqlite":
        return lambda value: value  # psycopg adapts dates, aware datetimes and UUIDs itself
    if isinstance(field, models.DateTimeField):
        return lambda value: str(value.astimezone(dt.UTC).replace(tzinfo=None))
    if isinstance(field, models.UUIDField):
        return lambda value: value.hex
    return str


def _prepared(field: models.Field, values: list[Any]) -> list[Any]:
    from waypoint.common.fields import ENCRYPTED_FIELD_MARKER

    if getattr(field, ENCRYPTED_FIELD_MARKER, False):
        # An encrypted field: sealed value by value, exactly as the model field writes it.
        return [field.get_db_prep_save(value, connection) for value in values]
    if not isinstance(field, models.DateField | models.UUIDField):
        return values
    fast = _fast(field)
    prepared = [fast(value) if value is not None else None for value in values]
    for value, result in zip(values[:50], prepared[:50], strict=False):
        if value is not None and result != field.get_db_prep_save(value, connection):
            raise AssertionError(f"{field}: {result!r} is not how Django writes {value!r}")
    return prepared


def _column(field: models.Field, values: list[Any] | None, count: int, now: dt.datetime) -> Any:
    """The prepared values of one column: a list, or one value for every row."""
    prepare = field.get_db_prep_save
    if values is not None:
        return _prepared(field, values)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return prepare(now, connection)
    if field.has_default():
        if callable(field.default):
            return _prepared(field, [field.get_default() for _index in range(count)])
        return prepare(field.get_default(), connection)
    return None


def _rows(columns: list[Any], count: int) -> Iterator[tuple[Any, ...]]:
    lists = [column if isinstance(column, list) else None for column in columns]
    for index in range(count):
        yield tuple(
            found[index] if found is not None else column
            for found, column in zip(lists, columns, strict=True)
        )


def insert(
    model: type[models.Model],
    columns: dict[str, list[Any]],
    constants: dict[str, Any] | None = None,
) -> int:
    """Write the rows given as ``columns`` (by attribute name, ``id`` included) into the model's
    table, with ``constants`` for every row; returns how many."""
    count = len(columns["id"])
    now = dt.datetime.now(tz=dt.UTC)
    fields = list(model._meta.concrete_fields)
    fixed = constants or {}
    prepared = [
        field.get_db_prep_save(fixed[field.attname], connection)
        if field.attname in fixed
        else _column(field, columns.get(field.attname), count, now)
        for field in fields
    ]
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in _rows(prepared, count):
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
            batch: list[tuple[Any, ...]] = []
            for row in _rows(prepared, count):
                batch.append(row)
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    return count


DEIDENTIFIED: Final = {"persons": {"is_deidentified": True}, "cases": {"is_deidentified": True}}
# Columns with a callable default the bulk path cannot prepare per row (JSON).
CONSTANTS: Final = {
    "sentences": {"other_measures": []},
    "witnesses": {"shared_exploitation_types": []},
    "tracks": {"conditions": {}},
}


def load(
    tables: dict[str, dict[str, list[Any]]],
    constants: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Write every table; ``constants`` per table (default: the records are de-identified)."""
    fixed = DEIDENTIFIED if constants is None else constants
    with transaction.atomic():  # one transaction, not one per row
        for table, model in model_tables().items():
            if table not in tables:
                continue
            insert(model, tables[table], {**fixed.get(table, {}), **CONSTANTS.get(table, {})})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
