"""Sorting whitelists shared by the list selectors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def ordered(
    queryset: QuerySet[M], sort: str, allowed: Mapping[str, str | tuple[str, ...]], default: str
) -> QuerySet[M]:
    """Order by a whitelisted key (``-key`` for descending); unknown keys fall back to ``default``."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in allowed:
        descending, key = default.startswith("-"), default.lstrip("-")
    fields = allowed[key]
    names = (fields,) if isinstance(fields, str) else fields
    ordering: list[Any] = [f"-{name}" if descending else name for name in names]
    return queryset.order_by(*ordering, "pk")
