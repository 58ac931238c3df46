"""The user's language setting applies when the request itself names no language."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


def request_names_language(request: HttpRequest) -> bool:
    """True when the client chose a language: an Accept-Language header or the language cookie."""
    return "HTTP_ACCEPT_LANGUAGE" in request.META or settings.LANGUAGE_COOKIE_NAME in request.COOKIES


def user_language_activate(*, request: HttpRequest, user: Any) -> None:
    """Activate the user's own language unless the request names one."""
    language = getattr(user, "language", "")
    if language and not request_names_language(request):
        translation.activate(language)
        request.LANGUAGE_CODE = language
