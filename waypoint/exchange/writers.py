"""Writing export files as streams: CSV, XLSX and JSON, in constant memory.

CSV and XLSX cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) get a leading apostrophe, so opening an export never runs
anything; Waypoint's own import removes that apostrophe again.

The XLSX writer produces the workbook itself (a zip with one worksheet of inline strings) so that
rows go straight into the encrypted output: openpyxl's write-only mode would first spill them, in
clear, to a temporary file.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Sequence
from typing import IO, Any
from xml.sax.saxutils import escape

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(value: str) -> str:
    """A cell value that no spreadsheet will evaluate."""
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class CsvRowWriter:
    def __init__(self, stream: IO[bytes]) -> None:
        # UTF-8 with a byte-order mark: Excel then opens accented names correctly.
        self._text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
        self._writer = csv.writer(self._text, lineterminator="\r\n")

    def header(self, names: Sequence[str]) -> None:
        self._writer.writerow(names)

    def row(self, cells: Sequence[str]) -> None:
        self._writer.writerow([neutralise(cell) for cell in cells])

    def close(self) -> None:
        self._text.flush()
        self._text.detach()


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
        '<sheets><sheet name="HTCDS" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_MAIN}">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


class XlsxRowWriter:
    """One worksheet ("HTCDS"), every cell an inline string, the header row in bold and frozen."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED)
        for name, content in _PARTS.items():
            self._zip.writestr(name, content)
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self._sheet.write(
            (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'
            ).encode()
        )
        self._row = 0

    def _write_row(self, cells: Sequence[str], *, style: str = "") -> None:
        self._row += 1
        parts = [f'<row r="{self._row}">']
        for index, cell in enumerate(cells):
            if not cell:
                continue
            text = escape(_XML_ILLEGAL.sub("", cell))
            parts.append(
                f'<c r="{_column(index)}{self._row}" t="inlineStr"{style}><is><t xml:space="preserve">{text}</t></is></c>'
            )
        parts.append("</row>")
        self._sheet.write("".join(parts).encode())

    def header(self, names: Sequence[str]) -> None:
        self._write_row(names, style=' s="1"')

    def row(self, cells: Sequence[str]) -> None:
        self._write_row([neutralise(cell) for cell in cells])

    def close(self) -> None:
        self._sheet.write(b"</sheetData></worksheet>")
        self._sheet.close()
        self._zip.close()


class JsonCaseWriter:
    """``{"format": …, "cases": [ … ]}``, one case at a time."""

    def __init__(self, stream: IO[bytes], meta: dict[str, Any]) -> None:
        self._stream = stream
        head = json.dumps(meta, ensure_ascii=False)[:-1]
        self._stream.write((head + (", " if meta else "") + '"cases": [\n').encode())
        self._first = True

    def case(self, data: dict[str, Any]) -> None:
        prefix = "" if self._first else ",\n"
        self._first = False
        self._stream.write((prefix + json.dumps(data, ensure_ascii=False, default=str)).encode())

    def close(self) -> None:
        self._stream.write(b"\n]}\n")
