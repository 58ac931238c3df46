from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from marketplace.core.language import user_language_activate


class UserLanguageMiddleware:
    """Session logins (the admin) get their user's language when the request names none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_language_activate(request=request, user=user)
        return self.get_response(request)
