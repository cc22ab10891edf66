"""Helpers shared by the pages of national coordination: paging, sorting links, files, versions."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from waypoint.common.errors import DomainError
from waypoint.common.forms import apply_domain_errors

PER_PAGE = 25


def today():
    return timezone.localdate()


def query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def listing(request: HttpRequest, items: Any, *, sort: str = "", per_page: int = PER_PAGE) -> dict:
    """Context for a sortable, paged list: ``page``, ``sort`` and ``query`` (for links)."""
    page: Page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return {"page": page, "sort": sort, "query": query_without(request, "page")}


def version_of(request: HttpRequest) -> int | None:
    """The record version the editor started from (hidden field ``version``)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def show_errors(form, error: DomainError) -> None:
    apply_domain_errors(form, error.fields, error.message)


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A file download that is never cached (it may hold plan data of a restricted plan)."""
    stem, _dot, extension = filename.rpartition(".")
    safe = f"{slugify(stem) or 'download'}.{slugify(extension) or 'bin'}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
