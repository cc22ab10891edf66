"""Re-encrypting identifying data under the newest data key (``manage.py rotate_data_key``).

Every model field that is encrypted, every blind index and every stored document is found by
introspection, so a new area of Waypoint is covered without being listed here. The rotation is
idempotent and resumable: only values still sealed under an older key are rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model

from waypoint.common import crypto, files
from waypoint.common.fields import BlindIndexField, blind_index_fields, encrypted_fields

BATCH = 500


@dataclass
class RotationReport:
    rows_checked: int = 0
    rows_rewritten: int = 0
    files_checked: int = 0
    files_rewritten: int = 0
    per_model: dict[str, int] = field(default_factory=dict)


def models_with_secrets() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models()
        if encrypted_fields(model)
        or blind_index_fields(model)
        or hasattr(model, "encrypted_file_field")
    ]


def total_rows() -> int:
    return sum(model._default_manager.count() for model in models_with_secrets())


def _needs_rewrite(values: tuple[Any, ...], primary: str) -> bool:
    for value in values:
        if not value:
            continue
        text = str(value)
        key_id = (
            crypto.token_key_id(text)
            if text.startswith(crypto.TOKEN_PREFIX)
            else text.split(":", 1)[0]
        )
        if key_id != primary:
            return True
    return False


def rotate(progress: Callable[[int], None] | None = None) -> RotationReport:
    report = RotationReport()
    primary = crypto.primary_key_id()
    for model in models_with_secrets():
        sealed = encrypted_fields(model)
        indexes: list[BlindIndexField] = blind_index_fields(model)
        columns = [model._meta.pk.column] + [f.column for f in sealed] + [f.column for f in indexes]
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        last_pk: Any = None
        rewritten = 0
        file_field = getattr(model, "encrypted_file_field", None)
        while True:
            with connection.cursor() as cursor:
                where = (
                    ""
                    if last_pk is None
                    else f" WHERE {connection.ops.quote_name(columns[0])} > %s"
                )
                cursor.execute(
                    f"SELECT {quoted} FROM {table}{where} ORDER BY 1 LIMIT {BATCH}",  # noqa: S608  identifiers quoted by Django
                    [] if last_pk is None else [last_pk],
                )
                rows = cursor.fetchall()
            if not rows:
                break
            last_pk = rows[-1][0]
            stale = [row[0] for row in rows if _needs_rewrite(row[1:], primary)]
            with transaction.atomic():
                for instance in model._default_manager.filter(pk__in=stale):
                    values = {f.attname: getattr(instance, f.attname) for f in sealed}
                    values.update({index.attname: index.compute(instance) for index in indexes})
                    model._default_manager.filter(pk=instance.pk).update(**values)
                    rewritten += 1
            if file_field:
                for instance in model._default_manager.filter(pk__in=[row[0] for row in rows]):
                    name = getattr(instance, file_field)
                    if name and files.exists(name):
                        report.files_checked += 1
                        if files.reseal(name, context=instance.file_context()):  # type: ignore[attr-defined]
                            report.files_rewritten += 1
            report.rows_checked += len(rows)
            if progress is not None:
                progress(report.rows_checked)
        report.rows_rewritten += rewritten
        report.per_model[model._meta.label] = rewritten
    return report
