from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from marketplace.core.exceptions import error_body
from marketplace.core.language import user_language_activate
from marketplace.core.routing import organization_wrote

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class UserLanguageMiddleware:
    """Session logins (the admin) get their user's language when the request names none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_language_activate(request=request, user=user)
        return self.get_response(request)


class ReplicaPinMiddleware:
    """After an organisation's write request (committed by the time the response is built), its
    reads stay on the primary for MARKETPLACE_REPLICA_PIN_SECONDS (read-your-writes)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            # DRF authenticates in the view and sets the user back on the Django request.
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                organization_wrote(getattr(user, "organization_id", None))
        return response


class ApiNotFoundMiddleware:
    """An unknown path under /api/ answers the API's JSON 404 in every mode.

    With DEBUG on, Django renders its technical 404 page instead of calling `handler404`;
    this turns any non-JSON 404 under /api/ into the one error shape.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 404  # noqa: PLR2004 - HTTP status
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return JsonResponse(error_body("not_found", _("Not found.")), status=404)
        return response
