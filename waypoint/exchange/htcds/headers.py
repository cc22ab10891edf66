"""Column headers of exchange files: the canonical names, their aliases, and the HTCDS labels that
identify the label row of the HTCDS Excel template."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from waypoint.exchange.htcds.schema import FIELDS
from waypoint.exchange.htcds.values import normalise_code

# Label-row text of the HTCDS Excel template → field, for columns whose name cell is empty there.
TEMPLATE_LABELS = {"reasonforoutgoingreferral": "cas_ReasonForOutgoingReferral"}


@cache
def header_lookup() -> dict[str, str]:
    """Every accepted column spelling (normalised) → canonical field name."""
    lookup: dict[str, str] = {}
    for spec in FIELDS:
        lookup[normalise_code(spec.name)] = spec.name
        for alias in spec.aliases:
            lookup[normalise_code(alias)] = spec.name
    return lookup


@cache
def label_lookup() -> dict[str, str]:
    """HTCDS field labels (normalised) → field name, to recognise the label row of the HTCDS Excel
    template (row 2) and to name its columns whose name cell is empty. Labels that several fields
    share (Longitude, Type …) are left out."""
    path = Path(__file__).resolve().parents[2] / "people" / "data" / "htcds_2.0_fields.csv"
    seen: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            name = record["Field Name including Prefix"].strip()
            label = normalise_code(record["Field Label"])
            if name and label:
                seen.setdefault(label, []).append(name)
    lookup = {label: names[0] for label, names in seen.items() if len(names) == 1}
    lookup.update(TEMPLATE_LABELS)
    return lookup


def resolve_header(text: str) -> str | None:
    """The canonical field name for a header cell, or None when it is not a known column."""
    return header_lookup().get(normalise_code(text))
