"""Django's error views for requests that never reach a DRF view (no URL matched, a
malformed request, a crash): under /api/ they answer in the API's JSON error shape."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from marketplace.core.exceptions import error_body

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json_or(
    request: HttpRequest, status: int, code: str, detail: str, fallback: Callable[[], HttpResponse]
) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body(code, detail), status=status)
    return fallback()


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _json_or(
        request, 400, "bad_request", _("Malformed request."), lambda: defaults.bad_request(request, exception)
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _json_or(
        request,
        403,
        "permission_denied",
        _("You do not have permission to perform this action."),
        lambda: defaults.permission_denied(request, exception),
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _json_or(request, 404, "not_found", _("Not found."), lambda: defaults.page_not_found(request, exception))


def server_error(request: HttpRequest) -> HttpResponse:
    return _json_or(request, 500, "server_error", _("Server error."), lambda: defaults.server_error(request))
