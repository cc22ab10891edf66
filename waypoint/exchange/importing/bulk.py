"""Bulk inserts for the import: one prepared INSERT executed for many rows.

Django's ``bulk_create`` compiles SQL for every batch of at most 999 parameters on SQLite (about
20 persons per statement), which made compiling the statements, not running them, most of an
import's time. This does what ``bulk_create`` does for our models — related objects resolved,
``pre_save`` run for every field (timestamps, blind indexes), values prepared by each field
(so encrypted fields are sealed per row) — then hands all rows to ``executemany`` at once and reads
the new primary keys back by public id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import AutoField, Model

_PK_LOOKUP_BATCH = 500


def insert(model: type[Model], objects: Sequence[Model]) -> None:
    """INSERT ``objects`` (all new, all of ``model``) and set their primary keys."""
    if not objects:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    operations = connection.ops
    fields = [
        field for field in model._meta.local_concrete_fields if not isinstance(field, AutoField)
    ]
    table = operations.quote_name(model._meta.db_table)
    columns = ", ".join(operations.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows: list[list[Any]] = []
    for instance in objects:
        instance._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
        rows.append(
            [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]
        )
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608  quoted identifiers
    has_public_id = any(field.name == "public_id" for field in fields)
    if has_public_id:
        for start in range(0, len(objects), _PK_LOOKUP_BATCH):
            part = objects[start : start + _PK_LOOKUP_BATCH]
            keys = dict(
                model._default_manager.using(alias)
                .filter(public_id__in=[instance.public_id for instance in part])  # type: ignore[attr-defined]
                .values_list("public_id", "pk")
            )
            for instance in part:
                instance.pk = keys[instance.public_id]  # type: ignore[attr-defined]
    for instance in objects:
        instance._state.adding = False
        instance._state.db = alias


def insert_values(
    model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT plain values into the given columns of a table with no computed fields
    (codes, extension values, citizenships, references)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    operations = connection.ops
    table = operations.quote_name(model._meta.db_table)
    names = ", ".join(
        operations.quote_name(model._meta.get_field(column).column) for column in columns
    )
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", list(rows))  # noqa: S608
