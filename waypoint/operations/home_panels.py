"""Panels on the home page. Each area of Waypoint registers a function that returns its panel for
the person signed in (or None); the home page shows them in registration order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

PanelBuilder = Callable[[HttpRequest], dict[str, Any] | None]
_BUILDERS: list[PanelBuilder] = []


def register(builder: PanelBuilder) -> PanelBuilder:
    if builder not in _BUILDERS:
        _BUILDERS.append(builder)
    return builder


def panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    panels = []
    for builder in _BUILDERS:
        panel = builder(request)
        if panel:
            panels.append(panel)
    return panels
