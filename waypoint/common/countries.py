"""ISO 3166-1 alpha-2 countries, as listed by the HTCDS 2.0 toolkit (CC BY 4.0, IOM; see NOTICE.md).

``NA`` is Namibia, never "not available"; read every source with that in mind.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

_DATA = Path(__file__).with_name("data") / "countries.csv"
UNKNOWN = "ZZ"  # user-assigned ISO code, used for "country not known"


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    with _DATA.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["label"] for row in csv.DictReader(handle)}


def is_country(code: str) -> bool:
    return code in countries()


def country_name(code: str) -> str:
    if code == UNKNOWN:
        return str(_("Unknown"))
    return countries().get(code, code)


def choices(*, include_unknown: bool = False) -> list[tuple[str, str]]:
    items = sorted(countries().items(), key=lambda item: item[1])
    if include_unknown:
        items.append((UNKNOWN, str(_("Unknown"))))
    return items
