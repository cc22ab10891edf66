"""Files of import and export jobs, encrypted at rest and written as streams.

Uploaded import files wait in ``WAYPOINT_IMPORTS_DIR`` until their job has run (then they are
overwritten and removed); export files wait in ``WAYPOINT_EXPORTS_DIR`` until they are downloaded or
their retention period ends. Both may hold identifying data, so both are encrypted with the current
data key in chunks (AES-256-GCM per 1 MiB chunk, each bound to the file's context, its position and
whether it is the last one), so a file of any size is written and read in constant memory and a
truncated or reordered file is detected.

Files live a day at most, so ``rotate_data_key`` does not re-seal them: keep an old key for a day
after rotating before removing it.
"""

from __future__ import annotations

import io
import os
import struct
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from waypoint.common import crypto

MAGIC = b"WPX1"
CHUNK_BYTES = 1024 * 1024
NONCE_BYTES = 12


class StoredFileError(Exception):
    """The stored file is missing, damaged or not one of ours."""


def imports_dir() -> Path:
    return _directory(settings.WAYPOINT_IMPORTS_DIR)


def exports_dir() -> Path:
    return _directory(settings.WAYPOINT_EXPORTS_DIR)


def _directory(setting: Any) -> Path:
    path = Path(setting)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def path_for(directory: Path, name: str) -> Path:
    # Stored names are generated UUIDs; anything else is refused so no path can escape the root.
    return directory / uuid.UUID(name).hex


def new_name() -> str:
    return uuid.uuid4().hex


def _aad(context: str, index: int, final: bool) -> bytes:
    return f"{context}|{index}|{int(final)}".encode()


class EncryptingWriter(io.RawIOBase):
    """A write-only stream that encrypts what it is given into ``path``, chunk by chunk."""

    def __init__(self, path: Path, *, context: str) -> None:
        super().__init__()
        key = crypto.keyring()[0]
        self._aead = key.aead
        self._context = context
        self._index = 0
        self._buffer = bytearray()
        self._size = 0
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(descriptor, "wb")
        key_id = key.key_id.encode()
        self._file.write(MAGIC + bytes([len(key_id)]) + key_id)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = bytes(data)
        self._buffer += view
        self._size += len(view)
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), final=False)
            del self._buffer[:CHUNK_BYTES]
        return len(view)

    @property
    def size(self) -> int:
        return self._size

    def _seal(self, plaintext: bytes, *, final: bool) -> None:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext, _aad(self._context, self._index, final))
        self._file.write(struct.pack(">I", len(sealed)) + nonce + sealed)
        self._index += 1

    def close(self) -> None:
        if self.closed:
            return
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        super().close()


def decrypted_chunks(path: Path, *, context: str) -> Iterator[bytes]:
    """The plaintext of a stored file, chunk by chunk; raises StoredFileError if it was damaged."""
    try:
        handle = path.open("rb")
    except FileNotFoundError as error:
        raise StoredFileError("The file is no longer stored.") from error
    with handle:
        head = handle.read(len(MAGIC) + 1)
        if len(head) != len(MAGIC) + 1 or not head.startswith(MAGIC):
            raise StoredFileError("Not a Waypoint job file.")
        key_id = handle.read(head[-1]).decode()
        aead = next((key.aead for key in crypto.keyring() if key.key_id == key_id), None)
        if aead is None:
            raise StoredFileError("The file was sealed with a key that is no longer configured.")
        index = 0
        while True:
            length_bytes = handle.read(4)
            if len(length_bytes) < 4:
                raise StoredFileError("The file was cut short.")
            (length,) = struct.unpack(">I", length_bytes)
            nonce = handle.read(NONCE_BYTES)
            sealed = handle.read(length)
            if len(sealed) != length:
                raise StoredFileError("The file was cut short.")
            final = not handle.peek(1)
            try:
                plaintext = aead.decrypt(nonce, sealed, _aad(context, index, final))
            except Exception as error:  # cryptography raises InvalidTag
                raise StoredFileError("The file failed its integrity check.") from error
            yield plaintext
            if final:
                return
            index += 1


def read_all(path: Path, *, context: str) -> bytes:
    return b"".join(decrypted_chunks(path, context=context))


def store_stream(directory: Path, chunks: Iterable[bytes], *, context: str) -> tuple[str, int]:
    """Encrypt ``chunks`` into a new file; returns its stored name and plaintext size."""
    name = new_name()
    writer = EncryptingWriter(path_for(directory, name), context=context)
    try:
        for chunk in chunks:
            writer.write(chunk)
    except BaseException:
        writer.close()
        remove(directory, name)
        raise
    writer.close()
    return name, writer.size


def remove(directory: Path, name: str) -> None:
    """Overwrite and delete a stored file (nothing happens when it is already gone)."""
    if not name:
        return
    path = path_for(directory, name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as handle:
        remaining = size
        zeros = b"\0" * min(CHUNK_BYTES, size or 1)
        while remaining > 0:
            step = min(remaining, len(zeros))
            handle.write(zeros[:step])
            remaining -= step
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink(missing_ok=True)


def stored_names(directory: Path) -> list[str]:
    return sorted(
        path.name for path in directory.iterdir() if path.is_file() and len(path.name) == 32
    )
