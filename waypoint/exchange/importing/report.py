"""The import report: what was read, what was rejected (row, field, value, reason), what was done.

A dry run and a real run build the same report: both check every row first and, when nothing is
rejected, both carry out the writes (the dry run's transaction is then rolled back), so the counts of
records created, updated and unchanged are the real ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

# Listing is capped so a report of a broken million-row file stays readable and bounded in size;
# counts are always complete.
MAX_LISTED_ISSUES = 5000
MAX_VALUE_LENGTH = 80


@dataclass(frozen=True)
class Issue:
    where: str  # "row 14", "cases[2].persons[0]", or "" for the file as a whole
    row: int  # ordinal of the row in the file (0: the file itself)
    field: str
    value: str
    reason: str


@dataclass
class ImportReport:
    kind: str
    file_format: str
    file_sha256: str = ""
    file_size: int = 0
    is_dry_run: bool = False
    shape: str = ""  # the CTDC shape, or "flat"/"json"/"xlsform"
    columns: list[str] = field(default_factory=list)  # recognised columns, canonical names
    ignored_columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    records_created: int = 0
    records_updated: int = 0
    records_unchanged: int = 0
    persons_created: int = 0
    cases_created: int = 0
    file_errors: list[str] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors_not_listed: int = 0
    warnings_not_listed: int = 0
    warning_counts: Counter[str] = field(default_factory=Counter)
    _last_rejected_row: int = field(default=-1, repr=False)

    @property
    def is_rejected(self) -> bool:
        return bool(self.file_errors or self.errors or self.errors_not_listed)

    def file_error(self, message: str) -> None:
        self.file_errors.append(message)

    def error(self, where: str, row: int, field_name: str, value: Any, reason: str) -> None:
        # A row's problems are found together, so counting changes of row counts each row once.
        if row != self._last_rejected_row or row == 0:
            self._last_rejected_row = row
            self.rows_rejected += 1 if row else 0
        if len(self.errors) >= MAX_LISTED_ISSUES:
            self.errors_not_listed += 1
            return
        self.errors.append(Issue(where, row, field_name, _short(value), str(reason)))

    def warning(self, where: str, row: int, field_name: str, value: Any, reason: str) -> None:
        self.warning_counts[str(reason)] += 1
        if len(self.warnings) >= MAX_LISTED_ISSUES:
            self.warnings_not_listed += 1
            return
        self.warnings.append(Issue(where, row, field_name, _short(value), str(reason)))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_last_rejected_row", None)
        data["warning_counts"] = dict(self.warning_counts)
        data["outcome"] = "rejected" if self.is_rejected else "accepted"
        return data

    def comparable(self) -> dict[str, Any]:
        """The report without what necessarily differs between a dry and a real run."""
        data = self.to_dict()
        data.pop("is_dry_run")
        return data


def _short(value: Any) -> str:
    text = (
        value
        if isinstance(value, str)
        else ";".join(value)
        if isinstance(value, list | tuple | set | frozenset)
        else ("" if value is None else str(value))
    )
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"
