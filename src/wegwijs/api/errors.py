"""Errors as RFC 9457 ``application/problem+json`` with field paths.

A validation error lists each problem with the path of the field in the request body, in
JSON Pointer-like dotted form: ``{"path": "opening_hours.2.closes", "message": "..."}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def flatten_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error structure into a flat list of ``{path, message, code}``."""
    items: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            key = str(key)
            path = prefix if key == "non_field_errors" else (f"{prefix}.{key}" if prefix else key)
            items.extend(flatten_errors(value, path))
    elif isinstance(detail, list):
        if all(isinstance(item, (str, exceptions.ErrorDetail)) for item in detail):
            for item in detail:
                items.append(
                    {"path": prefix, "message": str(item), "code": getattr(item, "code", "invalid")}
                )
        else:
            for index, item in enumerate(detail):
                if item:
                    items.extend(
                        flatten_errors(item, f"{prefix}.{index}" if prefix else str(index))
                    )
    else:
        items.append(
            {"path": prefix, "message": str(detail), "code": getattr(detail, "code", "invalid")}
        )
    return items


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _title(response.status_code),
        "status": response.status_code,
    }
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = "De invoer is niet geldig. Zie errors voor wat er mis is."
        body["errors"] = flatten_errors(exc.detail)
    elif isinstance(exc, exceptions.APIException):
        body["detail"] = str(exc.detail)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _title(code: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(code).phrase
    except ValueError:  # pragma: no cover
        return "Error"


__all__ = ["PROBLEM_CONTENT_TYPE", "flatten_errors", "problem_exception_handler", "status"]
