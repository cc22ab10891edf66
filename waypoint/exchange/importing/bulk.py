"""Bulk inserts for the import: one prepared INSERT executed for many rows.

Django's ``bulk_create`` compiles SQL for every batch of at most 999 parameters on SQLite (about
20 persons per statement) and builds a model instance per row, which made compiling statements and
building objects, not running them, most of an import's time. :class:`Inserter` does what
``bulk_create`` does for our models — defaults, timestamps, a new public id, blind indexes computed
from the row's plaintext, every value prepared by its field (so encrypted fields are sealed per
row) — from plain dictionaries, hands all rows to ``executemany`` at once and reads the new primary
keys back by public id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import AutoField, Field, Model

_PK_LOOKUP_BATCH = 500


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{name} is not a concrete field")
    return str(field.column)


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
    names = ", ".join(operations.quote_name(_column(model, column)) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", list(rows))  # noqa: S608


class Inserter:
    """Inserts rows given as ``{attname: python value}`` without building model instances.

    Fields not given take their default; ``public_id`` gets a new UUID, timestamps the batch's time,
    blind indexes are computed from the row's plaintext, and every value is prepared by its field
    (so encrypted fields are sealed per row). Returns the new primary keys, in order."""

    def __init__(self, model: type[Model], *, now: Any) -> None:
        from django.db.models import DateTimeField, UUIDField

        from waypoint.common.fields import BlindIndexField

        self.model = model
        self.alias = router.db_for_write(model)
        self.connection = connections[self.alias]
        self.fields = [
            field for field in model._meta.local_concrete_fields if not isinstance(field, AutoField)
        ]
        self.indexes = [field for field in self.fields if isinstance(field, BlindIndexField)]
        self.now = now
        self.has_public_id = any(field.name == "public_id" for field in self.fields)
        self._fixed: dict[str, Any] = {}
        self._callable: dict[str, Any] = {}
        for field in self.fields:
            if field.name == "public_id" and isinstance(field, UUIDField):
                continue
            if isinstance(field, DateTimeField) and (
                getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            ):
                self._fixed[field.attname] = field.get_db_prep_save(now, self.connection)
            elif field.has_default() and callable(field.default):
                self._callable[field.attname] = field
            elif field not in self.indexes:
                self._fixed[field.attname] = field.get_db_prep_save(
                    field.get_default(), self.connection
                )
        operations = self.connection.ops
        columns = ", ".join(operations.quote_name(field.column) for field in self.fields)
        placeholders = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {operations.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608

    def insert(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        import uuid
        from types import SimpleNamespace

        if not rows:
            return []
        prepared: list[list[Any]] = []
        public_ids: list[uuid.UUID] = []
        for row in rows:
            values: list[Any] = []
            namespace = None
            public_id = uuid.uuid4()
            public_ids.append(public_id)
            for field in self.fields:
                attname = field.attname
                if field.name == "public_id":
                    values.append(field.get_db_prep_save(public_id, self.connection))
                elif attname in row:
                    values.append(field.get_db_prep_save(row[attname], self.connection))
                elif field in self.indexes:
                    if namespace is None:
                        plain = {source: None for index in self.indexes for source in index.sources}
                        namespace = SimpleNamespace(**{**plain, **row})
                    values.append(field.compute(namespace))  # type: ignore[attr-defined]
                elif attname in self._callable:
                    values.append(
                        field.get_db_prep_save(
                            self._callable[attname].get_default(), self.connection
                        )
                    )
                else:
                    values.append(self._fixed[attname])
            prepared.append(values)
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, prepared)
        if not self.has_public_id:
            return []
        keys: dict[Any, int] = {}
        for start in range(0, len(public_ids), _PK_LOOKUP_BATCH):
            part = public_ids[start : start + _PK_LOOKUP_BATCH]
            keys.update(
                self.model._default_manager.using(self.alias)
                .filter(public_id__in=part)
                .values_list("public_id", "pk")
            )
        return [keys[public_id] for public_id in public_ids]
