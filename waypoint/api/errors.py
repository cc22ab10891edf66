"""One error shape for the whole API: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from waypoint.common.errors import DomainError

API_PREFIX = "/api/"


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "non_field_errors":
                name = prefix or "_"
            fields.update(_flatten(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            fields[prefix or "_"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                fields.update(_flatten(item, f"{prefix}[{index}]"))
    else:
        fields[prefix or "_"] = [str(detail)]
    return fields


def exception_handler(exception: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exception, DomainError):
        return Response(
            error_body(exception.code, exception.message, exception.fields),
            status=exception.status_code,
        )
    if isinstance(exception, Http404):
        return Response(error_body("not_found", "Not found."), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exception, PermissionDenied):
        exception = exceptions.PermissionDenied()
    response = drf_exception_handler(exception, context)
    if response is None:
        return None
    if isinstance(exception, exceptions.ValidationError):
        response.data = error_body(
            "validation_failed",
            "Some fields are not valid; see 'fields'.",
            _flatten(exception.detail),
        )
        return response
    if isinstance(exception, exceptions.APIException):
        detail = exception.detail
        message = str(detail) if not isinstance(detail, dict | list) else "Request refused."
        code = (
            exception.get_codes() if not isinstance(detail, dict | list) else exception.default_code
        )
        response.data = error_body(str(code), message)
    return response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for an address no route matches: the API's error shape under /api/, the page elsewhere.

    An API path whose id is not a UUID matches no route, and must still answer in JSON."""
    if _is_api(request):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            error_body("server_error", "The server could not answer; the error was logged."),
            status=500,
        )
    return defaults.server_error(request)
