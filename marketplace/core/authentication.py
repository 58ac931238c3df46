from typing import Any

from rest_framework import authentication
from rest_framework.request import Request

from marketplace.core.language import user_language_activate


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF token auth that also applies the user's language (API clients carry no session)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            user_language_activate(request=request._request, user=result[0])
        return result
