"""Template filters shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from waypoint.common.countries import country_name as _country_name

register = template.Library()


@register.filter
def is_current(path: str, url: str) -> bool:
    """True when ``path`` is the page ``url`` or inside it (the home page only matches itself)."""
    if url == "/":
        return path == "/"
    return path == url or path.startswith(url)


@register.filter
def current_section(path: str, items: list[dict[str, str]]) -> str:
    """The URL of the one menu section ``path`` belongs to: the longest section URL containing it,
    so /referrals/my-work/ is "My work" and not also "Referrals"."""
    matches = [item["url"] for item in items if is_current(path, item["url"])]
    return max(matches, key=len, default="")


@register.filter
def country_name(code: str) -> str:
    return _country_name(code) if code else ""


@register.simple_tag
def query_with(query: str, **changes: Any) -> str:
    """The current query string with some parameters replaced (for sort and page links)."""
    params = QueryDict(query, mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return params.urlencode()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None
