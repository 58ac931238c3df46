"""Domain errors and the one exception handler that renders every 4xx in one shape.

Body: {"code": "<machine-readable>", "detail": "<human readable>", "errors": {...}}.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class DomainError(Exception):
    """A business rule refused the request; carries its own code and HTTP status."""

    code = "conflict"
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state.")

    def __init__(self, detail: str | None = None, *, errors: dict[str, list[str]] | None = None) -> None:
        self.detail = str(detail or self.default_detail)
        self.errors = errors
        super().__init__(self.detail)


class IllegalTransition(DomainError):
    code = "illegal_transition"
    default_detail = _("This state change is not allowed.")


class NotAllowed(DomainError):
    code = "permission_denied"
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("You do not have permission to perform this action.")


class NotFound(DomainError):
    code = "not_found"
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = _("Not found.")


class InvalidInput(DomainError):
    """A validation error raised inside a service (400, with per-field errors)."""

    code = "invalid"
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Invalid input.")


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("This Idempotency-Key was used with a different request body.")


class IdempotencyKeyInProgress(DomainError):
    code = "idempotency_key_in_progress"
    default_detail = _("A request with this Idempotency-Key is still being processed.")


def flatten_errors(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error structure into {"lines.3.quantity": ["..."]}."""
    out: dict[str, list[str]] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = key if key != "non_field_errors" else "non_field_errors"
            out.update(flatten_errors(value, f"{prefix}.{name}" if prefix else str(name)))
    elif isinstance(data, list):
        if all(not isinstance(item, (dict, list)) for item in data):
            out[prefix or "non_field_errors"] = [str(item) for item in data]
        else:
            for index, item in enumerate(data):
                if item:
                    out.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        out[prefix or "non_field_errors"] = [str(data)]
    return out


def error_body(code: str, detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "detail": detail}
    if errors:
        body["errors"] = errors
    return body


def _first_message(errors: dict[str, list[str]]) -> str:
    for field, messages in errors.items():
        if messages:
            return f"{field}: {messages[0]}" if field != "non_field_errors" else messages[0]
    return str(_("Invalid input."))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Render domain errors, DRF errors and Django's own in the contract's shape."""
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.detail, exc.errors), status=exc.status_code)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            error_body("request_too_large", str(_("The request body is too large."))),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        response.data = error_body("invalid", _first_message(errors), errors)
        return response
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = exc.get_codes() if hasattr(exc, "get_codes") else exc.default_code
        if isinstance(detail, (dict, list)):
            errors = flatten_errors(detail)
            response.data = error_body(str(exc.default_code), _first_message(errors), errors)
        else:
            response.data = error_body(code if isinstance(code, str) else str(exc.default_code), str(detail))
    return response
