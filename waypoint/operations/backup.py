"""Encrypted, consistent backups of the database and the stored documents, and their restore.

A backup is one file: ``WPBK1`` + the key id + a stream of AES-256-GCM chunks (each chunk has its
own nonce and authenticates its position and whether it is the last, so truncation, reordering and
tampering are detected). Inside is a simple archive: a manifest (format, Waypoint version, the
applied migrations, each table's columns and row count, each document's digest) followed by the
rows of every table as JSON lines and the document files exactly as stored (still encrypted under
the data keys).

Rows are copied as raw column values, so encrypted columns stay ciphertext and audit events keep
their exact content (the hash chain verifies after a restore). The copy is read inside one
transaction (REPEATABLE READ on PostgreSQL, a read transaction on SQLite), so it is consistent.
Restoring needs an empty, migrated installation with the same migrations, and the data keys of the
original installation (the backup key is derived from them).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import struct
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from waypoint.common import files

MAGIC = b"WPBK1"
FORMAT = 1
CHUNK = 1024 * 1024
# Tables recreated by `migrate` itself or holding only short-lived state.
SKIPPED_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group_permissions",
        "django_session",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
    }
)


class BackupError(Exception):
    """The backup cannot be written or restored; the message says why."""


def _backup_key(key_id: str | None = None) -> tuple[str, AESGCM]:
    keys = settings.WAYPOINT_DATA_KEYS
    chosen = (
        keys[0] if key_id is None else next((key for key in keys if key.key_id == key_id), None)
    )
    if chosen is None:
        raise BackupError(
            f"The backup was made with data key {key_id!r}, which is not in WAYPOINT_DATA_KEYS."
        )
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"waypoint/backup/v1"
    ).derive(chosen.key)
    return chosen.key_id, AESGCM(derived)


class _EncryptingWriter:
    """Buffers plaintext and writes it out in authenticated chunks."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.key_id, self.aead = _backup_key()
        self.prefix = os.urandom(8)
        self.index = 0
        self.buffer = bytearray()
        encoded = self.key_id.encode()
        target.write(MAGIC + bytes([len(encoded)]) + encoded + self.prefix)

    def write(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= CHUNK:
            self._emit(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]

    def _emit(self, plaintext: bytes, *, last: bool) -> None:
        nonce = self.prefix + struct.pack(">I", self.index)
        aad = struct.pack(">I?", self.index, last)
        sealed = self.aead.encrypt(nonce, plaintext, aad)
        self.target.write(struct.pack(">I?", len(sealed), last) + sealed)
        self.index += 1

    def close(self) -> None:
        self._emit(bytes(self.buffer), last=True)
        self.buffer.clear()


def _decrypted_chunks(source: IO[bytes]) -> Iterator[bytes]:
    header = source.read(len(MAGIC) + 1)
    if len(header) < len(MAGIC) + 1 or not header.startswith(MAGIC):
        raise BackupError("This is not a Waypoint backup file.")
    key_id = source.read(header[-1]).decode()
    _key_id, aead = _backup_key(key_id)
    prefix = source.read(8)
    index = 0
    while True:
        frame = source.read(5)
        if len(frame) < 5:
            raise BackupError("The backup file is truncated.")
        length, last = struct.unpack(">I?", frame)
        sealed = source.read(length)
        if len(sealed) < length:
            raise BackupError("The backup file is truncated.")
        try:
            yield aead.decrypt(
                prefix + struct.pack(">I", index), sealed, struct.pack(">I?", index, last)
            )
        except InvalidTag as error:
            raise BackupError(
                "The backup file was changed or is damaged (integrity check failed)."
            ) from error
        index += 1
        if last:
            if source.read(1):
                raise BackupError("The backup file has data after its end.")
            return


class _ChunkReader(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            try:
                self.pending = next(self.chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$t": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$dec": str(value)}
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dict | list):
        return {"$json": value}
    return value


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "$dt" in value:
        return dt.datetime.fromisoformat(value["$dt"])
    if "$d" in value:
        return dt.date.fromisoformat(value["$d"])
    if "$t" in value:
        return dt.time.fromisoformat(value["$t"])
    if "$dec" in value:
        return decimal.Decimal(value["$dec"])
    if "$uuid" in value:
        return str(value["$uuid"]) if connection.vendor == "sqlite" else uuid.UUID(value["$uuid"])
    if "$b" in value:
        return base64.b64decode(value["$b"])
    if "$json" in value:
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb(value["$json"])
        return json.dumps(value["$json"])
    return value


def _tables() -> list[tuple[str, list[str]]]:
    tables: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in SKIPPED_TABLES or table in seen or model._meta.proxy or not model._meta.managed:
            continue
        seen.add(table)
        tables.append((table, [column.column for column in model._meta.local_fields]))
    return sorted(tables)


def _migrations() -> list[list[str]]:
    return sorted(
        [app, name] for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
    )


@dataclass
class BackupReport:
    tables: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    bytes_written: int = 0


def write_backup(
    target: IO[bytes], *, progress: Callable[[int], None] | None = None
) -> BackupReport:
    """Write an encrypted, consistent backup of every table and stored document to ``target``."""
    report = BackupReport()
    writer = _EncryptingWriter(target)
    quote = connection.ops.quote_name
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        tables = _tables()
        counts: dict[str, int] = {}
        with connection.cursor() as cursor:
            for table, _columns in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  quoted identifier
                counts[table] = int(cursor.fetchone()[0])
        document_names = files.all_names()
        manifest = {
            "format": FORMAT,
            "waypoint_version": settings.WAYPOINT_VERSION,
            "created_at": dt.datetime.now(tz=dt.UTC).isoformat(),
            "database": connection.vendor,
            "migrations": _migrations(),
            "tables": [
                {"name": table, "columns": columns, "rows": counts[table]}
                for table, columns in tables
            ],
            "documents": [],
        }
        documents: list[dict[str, Any]] = []
        for name in document_names:
            blob = files.raw_read(name)
            documents.append(
                {"name": name, "size": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}
            )
        manifest["documents"] = documents
        header = json.dumps(manifest).encode()
        writer.write(struct.pack(">Q", len(header)) + header)
        done = 0
        for table, columns in tables:
            with connection.cursor() as cursor:
                column_list = ", ".join(quote(column) for column in columns)
                cursor.execute(f"SELECT {column_list} FROM {quote(table)} ORDER BY 1")  # noqa: S608
                while True:
                    rows = cursor.fetchmany(1000)
                    if not rows:
                        break
                    for row in rows:
                        writer.write(json.dumps([_encode(value) for value in row]).encode() + b"\n")
                    done += len(rows)
                    if progress is not None:
                        progress(done)
            report.tables[table] = counts[table]
        for document in documents:
            writer.write(files.raw_read(document["name"]))
            report.documents += 1
    writer.close()
    report.bytes_written = target.tell() if target.seekable() else 0
    return report


def _reference_tables() -> set[str]:
    """Tables of models marked ``waypoint_reference_data``: loaded by migrations into every fresh
    installation (instruments, country profiles), replaced by the backup's copy on restore."""
    return {
        model._meta.db_table
        for model in apps.get_models()
        if getattr(model, "waypoint_reference_data", False)
    }


def _clear_reference_tables() -> None:
    tables = sorted(_reference_tables())
    if not tables:
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(statement)


def _is_empty() -> list[str]:
    """Tables that already hold rows (a restore needs an empty installation; reference data that
    migrations load is allowed, the backup's copy replaces it)."""
    quote = connection.ops.quote_name
    filled = []
    reference = _reference_tables()
    with connection.cursor() as cursor:
        for table, _columns in _tables():
            if table in reference:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                filled.append(table)
    return filled


def read_manifest(source: IO[bytes]) -> dict[str, Any]:
    reader = io.BufferedReader(_ChunkReader(_decrypted_chunks(source)))
    length = struct.unpack(">Q", reader.read(8))[0]
    manifest: dict[str, Any] = json.loads(reader.read(length))
    return manifest


@dataclass
class RestoreReport:
    tables: dict[str, int] = field(default_factory=dict)
    documents: int = 0


def restore_backup(
    source: IO[bytes], *, progress: Callable[[int], None] | None = None
) -> RestoreReport:
    """Restore a backup into an empty, migrated installation. All or nothing."""
    reader = io.BufferedReader(_ChunkReader(_decrypted_chunks(source)), buffer_size=CHUNK)
    length = struct.unpack(">Q", reader.read(8))[0]
    manifest: dict[str, Any] = json.loads(reader.read(length))
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"Backup format {manifest.get('format')} is not supported by this version."
        )
    if manifest.get("database") != connection.vendor:
        raise BackupError(
            f"The backup comes from a {manifest.get('database')} database; restore it into the same "
            f"kind of database (this installation uses {connection.vendor})."
        )
    if manifest["migrations"] != _migrations():
        raise BackupError(
            "The backup was made with a different database schema. Install the Waypoint version "
            f"{manifest['waypoint_version']} it came from, run `manage.py migrate`, and restore again."
        )
    filled = _is_empty()
    if filled:
        raise BackupError(
            "The installation is not empty (tables with data: "
            + ", ".join(filled[:5])
            + "). Restore into a fresh installation: new data directory and database, then migrate."
        )
    known = dict(_tables())
    report = RestoreReport()
    quote = connection.ops.quote_name
    written_documents: list[str] = []
    try:
        with transaction.atomic():
            _clear_reference_tables()
            done = 0
            for table in manifest["tables"]:
                name, columns, count = table["name"], table["columns"], table["rows"]
                if known.get(name) != columns:
                    raise BackupError(f"Table {name} does not match this installation's schema.")
                placeholders = ", ".join(["%s"] * len(columns))
                column_list = ", ".join(quote(column) for column in columns)
                statement = f"INSERT INTO {quote(name)} ({column_list}) VALUES ({placeholders})"  # noqa: S608
                batch: list[list[Any]] = []
                with connection.cursor() as cursor:
                    for _index in range(count):
                        line = reader.readline()
                        if not line:
                            raise BackupError("The backup ends in the middle of a table.")
                        batch.append([_decode(value) for value in json.loads(line)])
                        if len(batch) >= 1000:
                            cursor.executemany(statement, batch)
                            done += len(batch)
                            batch.clear()
                            if progress is not None:
                                progress(done)
                    if batch:
                        cursor.executemany(statement, batch)
                        done += len(batch)
                report.tables[name] = count
            for document in manifest["documents"]:
                blob = reader.read(document["size"])
                if (
                    len(blob) != document["size"]
                    or hashlib.sha256(blob).hexdigest() != document["sha256"]
                ):
                    raise BackupError(f"Document {document['name']} in the backup is damaged.")
                files.raw_write(document["name"], blob)
                written_documents.append(document["name"])
                report.documents += 1
            _reset_sequences()
    except Exception:
        for name in written_documents:
            files.delete(name)
        raise
    return report


def _reset_sequences() -> None:
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table not in SKIPPED_TABLES
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def backup_to_path(path: Path, *, progress: Callable[[int], None] | None = None) -> BackupReport:
    """Write the backup to ``path`` atomically (a partial file never carries the final name)."""
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            report = write_backup(handle, progress=progress)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return report
