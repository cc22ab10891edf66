"""Cross-row checks without holding the file in memory.

Finding a repeated ``ext_SourceRecordId``, or two rows of one case that disagree, needs to remember
every row seen. A small SQLite file in a private temporary directory remembers keyed digests (never
cell values), so memory stays flat whether the file has ten thousand rows or ten million.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from typing import Any

_SCHEMA = """
CREATE TABLE source_ids (key BLOB PRIMARY KEY, row INTEGER) WITHOUT ROWID;
CREATE TABLE cases (key BLOB PRIMARY KEY, fields TEXT, row INTEGER) WITHOUT ROWID;
CREATE TABLE persons (key BLOB PRIMARY KEY, fields TEXT, row INTEGER) WITHOUT ROWID;
CREATE TABLE memberships (key BLOB PRIMARY KEY, row INTEGER) WITHOUT ROWID;
CREATE TABLE bindings (key BLOB PRIMARY KEY, case_id INTEGER, row INTEGER) WITHOUT ROWID;
"""


def _digest(*parts: str) -> bytes:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16, key=_SALT).digest()


# A per-process random key: digests cannot be reversed to cell values by a dictionary attack.
_SALT = os.urandom(32)


def _value_digest(value: Any) -> str:
    if isinstance(value, frozenset | set):
        value = sorted(value)
    return hashlib.blake2b(repr(value).encode(), digest_size=6, key=_SALT).hexdigest()


class Scratch:
    def __init__(self) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix="waypoint-import-")
        os.chmod(self._directory.name, 0o700)
        self._db = sqlite3.connect(os.path.join(self._directory.name, "scratch.sqlite3"))
        self._db.executescript(_SCHEMA)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")

    def close(self) -> None:
        self._db.close()
        self._directory.cleanup()

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def first_row_with_source_id(self, source_id: str, row: int) -> int | None:
        """The earlier row with the same source id, or None (and remember this one)."""
        key = _digest("source", source_id)
        cursor = self._db.execute("INSERT OR IGNORE INTO source_ids VALUES (?, ?)", (key, row))
        if cursor.rowcount:
            return None
        found = self._db.execute("SELECT row FROM source_ids WHERE key = ?", (key,)).fetchone()
        return int(found[0])

    def first_row_with_membership(self, case: str, person: str, role: str, row: int) -> int | None:
        key = _digest("membership", case, person, role)
        cursor = self._db.execute("INSERT OR IGNORE INTO memberships VALUES (?, ?)", (key, row))
        if cursor.rowcount:
            return None
        found = self._db.execute("SELECT row FROM memberships WHERE key = ?", (key,)).fetchone()
        return int(found[0])

    def differences(
        self, table: str, key: str, values: dict[str, Any], row: int
    ) -> tuple[int, list[str]]:
        """Fields whose value differs from the first row with the same key (and that row).

        Only fields given in both rows are compared."""
        if table not in ("cases", "persons"):
            raise ValueError(table)
        digest = _digest(table, key)
        fields = {name: _value_digest(value) for name, value in values.items()}
        found = self._db.execute(
            f"SELECT fields, row FROM {table} WHERE key = ?",  # noqa: S608  table is one of two names
            (digest,),
        ).fetchone()
        if found is None:
            self._db.execute(
                f"INSERT INTO {table} VALUES (?, ?, ?)",  # noqa: S608
                (digest, json.dumps(fields), row),
            )
            return row, []
        earlier: dict[str, str] = json.loads(found[0])
        differing = sorted(
            name for name in fields.keys() & earlier.keys() if fields[name] != earlier[name]
        )
        missing = fields.keys() - earlier.keys()
        if missing:
            earlier.update({name: fields[name] for name in missing})
            self._db.execute(
                f"UPDATE {table} SET fields = ? WHERE key = ?",  # noqa: S608
                (json.dumps(earlier), digest),
            )
        return int(found[1]), differing

    def bind_case(self, case_key: str, case_id: int, row: int) -> int | None:
        """Remember that ``case_key`` names a stored case (a row imported before carries it).

        Returns the earlier row when the key was already bound to another case."""
        key = _digest("binding", case_key)
        found = self._db.execute(
            "SELECT case_id, row FROM bindings WHERE key = ?", (key,)
        ).fetchone()
        if found is None:
            self._db.execute("INSERT INTO bindings VALUES (?, ?, ?)", (key, case_id, row))
            return None
        return None if int(found[0]) == case_id else int(found[1])

    def bound_case(self, case_key: str) -> int | None:
        found = self._db.execute(
            "SELECT case_id FROM bindings WHERE key = ?", (_digest("binding", case_key),)
        ).fetchone()
        return None if found is None else int(found[0])
