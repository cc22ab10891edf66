"""Where rows come from: flat files (CSV, XLSX), JSON, and XLSForm submission exports.

A source reads its header once (:meth:`Source.open`, which refuses unknown, duplicated or missing
columns) and then yields groups of raw rows, as often as asked: the import reads the file twice,
once to check every row and once to write, so nothing is held in memory between the passes.
A group is the rows that belong to one case when the file says so by its shape (a JSON case, a
CTDC record with its perpetrators); a flat row is a group of one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from waypoint.exchange.htcds.headers import label_lookup, resolve_header
from waypoint.exchange.htcds.rows import RawValue
from waypoint.exchange.htcds.schema import FIELDS_BY_NAME
from waypoint.exchange.htcds.values import normalise_code
from waypoint.exchange.readers import (
    FileProblem,
    Table,
    read_csv,
    read_json_cases,
    read_xlsx,
    sniff_container,
)

Opener = Callable[[], IO[bytes]]
# Columns an XLSForm/ODK/KoboToolbox submission export adds around the answers.
XLSFORM_META = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "simserial",
        "subscriberid",
        "phonenumber",
        "audit",
        "instanceid",
        "instancename",
        "deprecatedid",
        "version",
        "uuid",
    }
)
XLSFORM_ID_COLUMNS = ("meta/instanceID", "instanceID", "_uuid", "_id")


@dataclass
class RawRow:
    number: int
    where: str
    cells: dict[str, RawValue]
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # field, value, reason


@dataclass
class RawGroup:
    rows: list[RawRow]
    where: str


class Source:
    """Base of every source. ``shape`` names the layout found (for the report)."""

    shape = ""

    def __init__(self, opener: Opener) -> None:
        self.opener = opener
        self.columns: list[str] = []
        self.ignored: list[str] = []

    def open(self) -> None:
        raise NotImplementedError

    def groups(self) -> Iterator[RawGroup]:
        raise NotImplementedError

    def exchange_fields(self) -> list[str]:
        """The exchange fields the rows may carry (the recognised columns by default)."""
        return list(self.columns)


def _table(stream: IO[bytes]) -> Table:
    head = stream.read(8)
    stream.seek(0)
    container = sniff_container(head)
    if container == "xlsx":
        return read_xlsx(stream)
    if container == "json":
        raise FileProblem(_("The file is a JSON document: choose the JSON format for it."))
    return read_csv(stream)


def _is_label_row(cells: list[str]) -> bool:
    labels = label_lookup()
    filled = [cell for cell in cells if cell.strip()]
    matches = sum(1 for cell in filled if normalise_code(cell) in labels)
    return matches >= 2 and matches * 2 >= len(filled)


@dataclass
class ColumnMap:
    fields: dict[int, str]
    unnamed: set[int]
    width: int
    id_column: int | None = None


class FlatSource(Source):
    """CSV or XLSX, one row per person in a case, headed by HTCDS field names (or the HTCDS Excel
    template's names, with its label row under them, or the XLSForm's names)."""

    def __init__(self, opener: Opener, *, xlsform: bool = False, expect: str = "") -> None:
        super().__init__(opener)
        self.xlsform = xlsform
        self.expect = expect  # "text" or "xlsx" when the format chosen says which
        self.shape = "xlsform" if xlsform else "flat"
        self.has_label_row = False
        self.map: ColumnMap | None = None
        self.row_label = "row %(number)s"

    def _read(self) -> tuple[Table, IO[bytes]]:
        stream = self.opener()
        head = stream.read(8)
        stream.seek(0)
        container = sniff_container(head)
        if self.expect and container != self.expect:
            names = {"text": "CSV", "xlsx": "XLSX", "json": "JSON"}
            stream.close()
            raise FileProblem(
                _(
                    "The file is %(found)s, but %(chosen)s was chosen. Choose the format that matches the file."
                )
                % {"found": names[container], "chosen": names[self.expect]}
            )
        return _table(stream), stream

    def open(self) -> None:
        table, stream = self._read()
        try:
            first = next(table.rows, None)
            label_cells = first[1] if first is not None and _is_label_row(first[1]) else None
            self.has_label_row = label_cells is not None
            self.map = self._map_header(table.header, label_cells)
        finally:
            stream.close()

    def _map_header(self, header: list[str], labels: list[str] | None) -> ColumnMap:
        fields: dict[int, str] = {}
        unnamed: set[int] = set()
        unknown: list[str] = []
        seen: dict[str, str] = {}
        id_column = None
        for index, raw in enumerate(header):
            text = raw.strip()
            if not text:
                label = labels[index] if labels and index < len(labels) else ""
                name = label_lookup().get(normalise_code(label)) if label else None
                if name in FIELDS_BY_NAME:
                    fields[index] = name
                    seen[name] = label
                else:
                    unnamed.add(index)
                continue
            name = resolve_header(text)
            if name is None and self.xlsform:
                kind, name = self._xlsform_column(text)
                if kind == "meta":
                    self.ignored.append(text)
                    if text in XLSFORM_ID_COLUMNS or text.split("/")[-1] in XLSFORM_ID_COLUMNS:
                        id_column = index if id_column is None or text != "_id" else id_column
                    continue
                if kind == "split":
                    self.ignored.append(text)
                    continue
            if name is None:
                unknown.append(text)
                continue
            if name in seen:
                raise FileProblem(
                    _(
                        "The columns “%(first)s” and “%(second)s” are the same field (%(field)s); keep one."
                    )
                    % {"first": seen[name], "second": text, "field": name}
                )
            seen[name] = text
            fields[index] = name
        if unknown:
            raise FileProblem(
                _(
                    "These columns are not HTCDS fields Waypoint knows: %(columns)s. Rename them (see the field table in the documentation) or remove them."
                )
                % {"columns": ", ".join(unknown)}
            )
        if not fields:
            raise FileProblem(_("No column of the file is an HTCDS field. Is this the right file?"))
        self.columns = sorted(set(fields.values()))
        if self.xlsform and id_column is not None and "ext_SourceRecordId" in fields.values():
            id_column = None
        return ColumnMap(fields=fields, unnamed=unnamed, width=len(header), id_column=id_column)

    @staticmethod
    def _xlsform_column(text: str) -> tuple[str, str | None]:
        parts = [part for part in text.split("/") if part]
        last = parts[-1] if parts else text
        if parts and (
            parts[0] in ("meta", "formhub")
            or last.startswith("_")
            or last.casefold() in XLSFORM_META
        ):
            return "meta", None
        name = resolve_header(last)
        if name is not None:
            return "field", name
        if len(parts) >= 2:
            parent = resolve_header(parts[-2])
            if parent is not None and FIELDS_BY_NAME[parent].is_multi:
                return "split", None  # KoboToolbox's one-column-per-choice copy of a multi-select
        return "unknown", None

    def groups(self) -> Iterator[RawGroup]:
        if self.map is None:
            self.open()
        assert self.map is not None  # noqa: S101  set by open()
        table, stream = self._read()
        column_map = self.map
        self.row_label = _("row %(number)s")
        try:
            rows = table.rows
            if self.has_label_row:
                next(rows, None)
            for number, cells in rows:
                yield RawGroup(rows=[self._row(number, cells, column_map)], where=f"row {number}")
        finally:
            stream.close()

    def _row(self, number: int, cells: list[str], column_map: ColumnMap) -> RawRow:
        values: dict[str, RawValue] = {}
        for index, name in column_map.fields.items():
            values[name] = cells[index] if index < len(cells) else ""
        row = RawRow(number=number, where=self.row_label % {"number": number}, cells=values)
        for index, cell in enumerate(cells):
            if cell.strip() and (index in column_map.unnamed or index >= column_map.width):
                row.problems.append(
                    (
                        _("column %(number)s") % {"number": index + 1},
                        "",
                        _("A value in a column without a name."),
                    )
                )
        if column_map.id_column is not None and column_map.id_column < len(cells):
            identifier = re.sub(r"^uuid:", "", cells[column_map.id_column].strip())
            values["ext_SourceRecordId"] = identifier
        if self.xlsform:
            values.setdefault("ext_Role", "victim")
        return row


def _json_text(value: Any) -> RawValue:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return [str(_json_text(item)) for item in value]
    if isinstance(value, dict):
        raise ValueError("object")
    return str(value)


class JsonSource(Source):
    """``{"cases": [{case fields…, "persons": [{person fields…}, …]}, …]}``."""

    shape = "json"

    def open(self) -> None:
        stream = self.opener()
        try:
            head = stream.read(8)
            stream.seek(0)
            if sniff_container(head) != "json":
                raise FileProblem(
                    _("The file is not a JSON document. Choose the format that matches the file.")
                )
            read_json_cases(stream)
        finally:
            stream.close()

    def groups(self) -> Iterator[RawGroup]:
        stream = self.opener()
        columns: set[str] = set()
        try:
            _meta, cases = read_json_cases(stream)
            number = 0
            for index, case in cases:
                where = f"cases[{index}]"
                if not isinstance(case, dict):
                    number += 1
                    row = RawRow(number=number, where=where, cells={})
                    row.problems.append(("", "", _("Each case must be an object.")))
                    yield RawGroup(rows=[row], where=where)
                    continue
                case_cells, case_problems = self._cells(case, exclude="persons")
                persons = case.get("persons") or []
                if not isinstance(persons, list) or not persons:
                    number += 1
                    row = RawRow(
                        number=number, where=where, cells=case_cells, problems=case_problems
                    )
                    row.problems.append(("persons", "", _("A case needs a list of persons.")))
                    yield RawGroup(rows=[row], where=where)
                    continue
                rows = []
                for person_index, person in enumerate(persons):
                    number += 1
                    person_where = f"{where}.persons[{person_index}]"
                    if not isinstance(person, dict):
                        row = RawRow(
                            number=number,
                            where=person_where,
                            cells=dict(case_cells),
                            problems=list(case_problems),
                        )
                        row.problems.append(("", "", _("Each person must be an object.")))
                        rows.append(row)
                        continue
                    person_cells, person_problems = self._cells(person)
                    for name in set(person_cells) & set(case_cells):
                        if person_cells[name] != case_cells[name]:
                            person_problems.append(
                                (
                                    name,
                                    "",
                                    _(
                                        "Given both for the case and the person, with different values."
                                    ),
                                )
                            )
                    cells = {**case_cells, **person_cells}
                    columns.update(cells)
                    rows.append(
                        RawRow(
                            number=number,
                            where=person_where,
                            cells=cells,
                            problems=[*case_problems, *person_problems],
                        )
                    )
                yield RawGroup(rows=rows, where=where)
        finally:
            stream.close()
            self.columns = sorted(columns)

    @staticmethod
    def _cells(
        data: dict[str, Any], *, exclude: str = ""
    ) -> tuple[dict[str, RawValue], list[tuple[str, str, str]]]:
        cells: dict[str, RawValue] = {}
        problems: list[tuple[str, str, str]] = []
        for key, value in data.items():
            if key == exclude:
                continue
            name = resolve_header(str(key))
            if name is None:
                problems.append((str(key), "", _("Not an HTCDS field Waypoint knows.")))
                continue
            try:
                cells[name] = _json_text(value)
            except ValueError:
                problems.append(
                    (name, "", _("A value must be text, a number, true/false or a list."))
                )
        return cells, problems
