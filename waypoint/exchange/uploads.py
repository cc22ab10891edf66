"""Receiving an uploaded import file: straight into encrypted storage, never in clear on disk.

Django would keep a large upload in a plain temporary file; this handler encrypts each chunk into
the imports directory as it arrives, hashes it, and stops reading the request as soon as the file
passes ``WAYPOINT_MAX_UPLOAD_BYTES`` (a request that announces a larger body is refused before any
of it is read).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadhandler import (
    FileUploadHandler,
    SkipFile,
    StopFutureHandlers,
    StopUpload,
)
from django.http import HttpRequest
from django.utils.translation import gettext as _

from waypoint.common.errors import DomainError
from waypoint.exchange import storage

FILE_FIELD = "file"
# Room for the multipart envelope and the other fields around the file.
ENVELOPE_BYTES = 64 * 1024


class UploadTooLarge(DomainError):
    status_code = 413
    code = "too_large"


def too_large_error(limit: int) -> UploadTooLarge:
    return UploadTooLarge(
        _(
            "The file is larger than %(size)s MB, the largest upload accepted. Split it, or ask an administrator to import it with manage.py import_htcds."
        )
        % {"size": limit // (1024 * 1024)}
    )


def announced_too_large(request: HttpRequest, limit: int) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit + ENVELOPE_BYTES


def upload_context(stored_name: str) -> str:
    return f"exchange.upload:{stored_name}"


@dataclass(frozen=True)
class StoredUpload:
    name: str
    size: int
    sha256: str
    original_name: str


class EncryptingUploadHandler(FileUploadHandler):
    def __init__(self, request: Any = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.result: StoredUpload | None = None
        self.too_large = False
        self._writer: storage.EncryptingWriter | None = None
        self._name = ""
        self._size = 0
        self._digest = hashlib.sha256()

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        if field_name != FILE_FIELD or self._writer is not None or self.result is not None:
            raise SkipFile()
        self._name = storage.new_name()
        self._writer = storage.EncryptingWriter(
            storage.path_for(storage.imports_dir(), self._name), context=upload_context(self._name)
        )
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self._writer is None:
            return
        self._size += len(raw_data)
        if self._size > self.limit:
            self.too_large = True
            self.discard()
            raise StopUpload(connection_reset=True)
        self._digest.update(raw_data)
        self._writer.write(raw_data)
        return

    def file_complete(self, file_size: int) -> None:
        if self._writer is None:
            return
        self._writer.close()
        self._writer = None
        self.result = StoredUpload(
            self._name, self._size, self._digest.hexdigest(), self.file_name or ""
        )
        return

    def upload_interrupted(self) -> None:
        self.discard()

    def discard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._name:
            storage.remove(storage.imports_dir(), self._name)
        self.result = None
