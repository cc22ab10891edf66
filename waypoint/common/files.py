"""Encrypted storage for uploaded documents, in the data directory, outside any web root."""

from __future__ import annotations

import datetime
import os
import uuid
from pathlib import Path

from django.conf import settings

from waypoint.common import crypto


def _root() -> Path:
    root = Path(settings.WAYPOINT_DOCUMENTS_DIR)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def _path(name: str) -> Path:
    # Stored names are generated UUIDs; anything else is refused so no path can escape the root.
    uuid.UUID(name)
    return _root() / name[:2] / name


def store(content: bytes, *, context: str) -> str:
    """Encrypt and write ``content``; return the opaque stored name."""
    name = uuid.uuid4().hex
    path = _path(name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".partial")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(crypto.seal_file(content, context=context))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    return name


def read(name: str, *, context: str) -> bytes:
    return crypto.open_file(_path(name).read_bytes(), context=context)


def key_id(name: str) -> str:
    with _path(name).open("rb") as handle:
        return crypto.file_key_id(handle.read(64))


def reseal(name: str, *, context: str) -> bool:
    """Re-encrypt a stored file under the newest key; True if it was rewritten."""
    path = _path(name)
    blob = path.read_bytes()
    if crypto.file_key_id(blob) == crypto.primary_key_id():
        return False
    content = crypto.open_file(blob, context=context)
    temporary = path.with_suffix(".partial")
    temporary.write_bytes(crypto.seal_file(content, context=context))
    os.chmod(temporary, 0o600)
    temporary.replace(path)
    return True


def raw_read(name: str) -> bytes:
    """The stored (still encrypted) bytes, for backups."""
    return _path(name).read_bytes()


def raw_write(name: str, blob: bytes) -> None:
    """Write stored (already encrypted) bytes under their original name, for restores."""
    path = _path(name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(blob)


def delete(name: str) -> None:
    """Remove a stored document for good (erasure and retention)."""
    path = _path(name)
    if path.exists():
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()


def exists(name: str) -> bool:
    return _path(name).exists()


def modified_at(name: str) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(_path(name).stat().st_mtime, tz=datetime.UTC)


def all_names() -> list[str]:
    return sorted(path.name for path in _root().glob("??/*") if not path.suffix)
