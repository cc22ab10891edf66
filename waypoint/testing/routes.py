"""Every URL pattern of the project, for tests that walk them all (access declarations, the access
matrix, law-enforcement isolation)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

_CONVERTER = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full name (``namespace:name``), its route and its view."""

    name: str
    route: str
    callback: Any

    @property
    def kwargs(self) -> dict[str, str]:
        """URL keyword arguments and their converters (``{"public_id": "uuid"}``)."""
        return {
            match["name"]: match["converter"] or "str" for match in _CONVERTER.finditer(self.route)
        }

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    def fill(self, values: dict[str, str]) -> str:
        """The path with each ``<converter:name>`` replaced by ``values[name]``."""
        return "/" + _CONVERTER.sub(lambda match: str(values[match["name"]]), self.route)


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<{prefix}{pattern.pattern}>"
            yield Route(
                name=f"{namespace}:{name}" if namespace else name,
                route=prefix + str(pattern.pattern),
                callback=pattern.callback,
            )


def all_routes() -> list[Route]:
    """Every URL pattern of ``config.urls``, pages and API alike, in resolution order."""
    return list(_walk(get_resolver().url_patterns))
