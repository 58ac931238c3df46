from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
