"""What the baseline's SQL modules share: the figures' form, EU member states, quoting."""

from __future__ import annotations

from typing import Any, Final

EU: Final = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
)  # fmt: skip

Figures = dict[tuple[Any, ...], Any]


def _put(found: Figures, key: tuple[Any, ...], value: int) -> None:
    if value:
        found[key] = value


def _quote(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


__all__ = ["EU", "Figures", "_put", "_quote"]
