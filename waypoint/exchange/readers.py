"""Reading uploaded files safely and as streams: memory stays flat however long the file is.

- Text (CSV): the encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM or by its zero
  bytes); anything else is reported, never guessed. Rows are read one at a time.
- XLSX: opened in openpyxl's read-only (streaming) mode, which parses XML with defusedxml, so entity
  declarations ("XML bombs") are refused; the zip directory is checked for truncation and for
  compression ratios no real workbook has.
- JSON: the ``cases`` array is decoded one case at a time.

Every problem with the file as a whole is a :class:`FileProblem` whose message is written for the
person who uploaded it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

CSV_FIELD_LIMIT = 1_000_000
MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
MAX_COMPRESSION_RATIO = 250
ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 64 * 1024


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sniff_container(head: bytes) -> str:
    """``xlsx`` for a zip archive, ``json`` for a JSON document, otherwise ``text``."""
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped[:1] in (b"{", b"["):
        return "json"
    return "text"


def detect_encoding(head: bytes) -> str:
    """The text encoding of a file from its first bytes: UTF-8 (with or without BOM) or UTF-16."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[0] != 0 and head[1] == 0 and head[3] == 0:
        return "utf-16-le"
    if len(head) >= 4 and head[0] == 0 and head[2] == 0 and head[1] != 0:
        return "utf-16-be"
    return "utf-8"


def _encoding_problem(error: UnicodeDecodeError, line: int) -> FileProblem:
    byte = error.object[error.start : error.start + 1].hex() if error.object else "?"
    return FileProblem(
        _(
            "The file is not UTF-8 or UTF-16 text (an unexpected byte 0x%(byte)s near line "
            "%(line)s). Save it as “CSV UTF-8” and upload it again."
        )
        % {"byte": byte, "line": line}
    )


@dataclass
class Table:
    """A header and a stream of rows, each with the row number a person sees in the file."""

    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[str]]]


def open_text(stream: IO[bytes]) -> IO[str]:
    head = stream.read(4)
    stream.seek(0)
    if not head:
        raise FileProblem(_("The file is empty."))
    encoding = detect_encoding(head)
    return io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")


def _delimiter(line: str) -> str:
    counts = {delimiter: line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_csv(stream: IO[bytes]) -> Table:
    """Rows of a CSV file, one at a time. The delimiter (comma, semicolon or tab) is read from the
    header line, where it cannot be ambiguous."""
    text = open_text(stream)
    try:
        first_line = text.readline()
        text.seek(0)
    except UnicodeDecodeError as error:
        raise _encoding_problem(error, 1) from error
    if "\x00" in first_line:
        raise FileProblem(_("The file is not a CSV text file (it contains NUL bytes)."))
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(text, delimiter=_delimiter(first_line.lstrip("\ufeff")), strict=False)
    try:
        header = next(reader)
    except StopIteration as error:
        raise FileProblem(_("The file is empty.")) from error
    except UnicodeDecodeError as error:
        raise _encoding_problem(error, 1) from error
    except csv.Error as error:
        raise FileProblem(
            _("The first line cannot be read as CSV: %(error)s") % {"error": error}
        ) from error
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                raise _encoding_problem(error, reader.line_num + 1) from error
            except csv.Error as error:
                raise FileProblem(
                    _("Line %(line)s cannot be read as CSV: %(error)s")
                    % {"line": reader.line_num, "error": error}
                ) from error
            number += 1
            if any(cell.strip() for cell in row):
                yield number, row

    return Table(header=header, header_row=1, rows=rows())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_zip(stream: IO[bytes]) -> None:
    """Refuse damaged archives and archives that decompress to far more than a workbook would."""
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise FileProblem(
            _("The file is not a readable XLSX workbook: it is damaged or was cut short.")
        ) from error
    finally:
        stream.seek(0)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise FileProblem(_("The file is a zip archive but not an XLSX workbook."))
    total = sum(info.file_size for info in infos)
    compressed = sum(info.compress_size for info in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / compressed > MAX_COMPRESSION_RATIO:
        raise FileProblem(
            _("The workbook decompresses to far more data than its size allows; it is refused.")
        )


def _from_entities(error: BaseException) -> bool:
    """True when an entity declaration refused by defusedxml is behind ``error`` (openpyxl wraps
    it in its own exceptions)."""
    from defusedxml.common import DefusedXmlException

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _xlsx_problem(error: BaseException, row: int | None = None) -> FileProblem:
    if _from_entities(error):
        return FileProblem(_("The workbook contains XML entity declarations, which are refused."))
    if row is not None:
        return FileProblem(
            _("The workbook is damaged or was cut short (near row %(row)s).") % {"row": row}
        )
    return FileProblem(
        _("The file is not a readable XLSX workbook: it is damaged or was cut short.")
    )


def read_xlsx(stream: IO[bytes]) -> Table:
    """Rows of the first worksheet, streamed (openpyxl read-only mode; XML through defusedxml).

    Formulas are read as written (``=…``), not as their cached results, so they can be refused."""
    import openpyxl
    from defusedxml.common import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    check_zip(stream)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header_values = next(iterator, None)
    except (
        DefusedXmlException,
        zipfile.BadZipFile,
        KeyError,
        InvalidFileException,
        zlib.error,
        EOFError,
        ValueError,
        IndexError,
        SyntaxError,
    ) as error:
        raise _xlsx_problem(error) from error
    if header_values is None:
        raise FileProblem(_("The first worksheet is empty."))
    header = [_cell_text(value).strip() for value in header_values]

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            for values in iterator:
                number += 1
                cells = [_cell_text(value) for value in values]
                if any(cell.strip() for cell in cells):
                    yield number, cells
        except (
            DefusedXmlException,
            zipfile.BadZipFile,
            KeyError,
            zlib.error,
            EOFError,
            ValueError,
            SyntaxError,
        ) as error:
            raise _xlsx_problem(error, number) from error
        finally:
            workbook.close()

    return Table(header=header, header_row=1, rows=rows())


class _JsonStream:
    """Decodes one JSON value at a time from a text stream (buffer holds one case at most)."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text
        self.buffer = ""
        self.position = 0
        self.eof = False
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        if self.eof:
            return False
        try:
            chunk = self.text.read(_CHUNK)
        except UnicodeDecodeError as error:
            raise _encoding_problem(error, 0) from error
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        return True

    def peek(self) -> str:
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position].isspace():
                self.position += 1
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self._fill():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise FileProblem(
                _("The JSON document is not in the expected shape (expected “%(char)s”).")
                % {"char": char}
            )
        self.position += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as error:
                if self._fill():
                    continue
                raise FileProblem(
                    _("The JSON document is not valid or was cut short: %(error)s")
                    % {"error": error.msg}
                ) from error
            # A number at the end of the buffer may continue in the next chunk.
            at_end = end == len(self.buffer) and not self.eof
            if at_end and isinstance(value, int | float) and self._fill():
                continue
            self.position = end
            return value


def read_json_cases(stream: IO[bytes]) -> tuple[dict[str, Any], Iterator[tuple[int, Any]]]:
    """The top-level fields of a JSON export (except ``cases``) and an iterator over its cases.

    Accepts ``{"cases": [...], ...}`` or a bare array of cases. Top-level fields after ``cases``
    are not returned (they carry nothing the import needs)."""
    text = open_text(stream)
    reader = _JsonStream(text)
    meta: dict[str, Any] = {}
    first = reader.peek()
    if first == "[":
        return meta, _array_items(reader)
    if first != "{":
        raise FileProblem(_("The JSON document must be an object with a “cases” list."))
    reader.expect("{")
    while True:
        if reader.peek() == "}":
            raise FileProblem(_("The JSON document has no “cases” list."))
        key = reader.value()
        if not isinstance(key, str):
            raise FileProblem(_("The JSON document is not valid."))
        reader.expect(":")
        if key == "cases":
            if reader.peek() != "[":
                raise FileProblem(_("“cases” must be a list."))
            return meta, _array_items(reader)
        meta[key] = reader.value()
        if reader.peek() == ",":
            reader.expect(",")


def _array_items(reader: _JsonStream) -> Iterator[tuple[int, Any]]:
    reader.expect("[")
    index = 0
    if reader.peek() == "]":
        return
    while True:
        yield index, reader.value()
        index += 1
        following = reader.peek()
        if following == ",":
            reader.expect(",")
            continue
        if following == "]":
            return
        raise FileProblem(
            _("The JSON document is not valid or was cut short after case %(number)s.")
            % {"number": index}
        )
