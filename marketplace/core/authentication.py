from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from marketplace.core.language import user_language_activate

# `Authorization: Token <key>` (DRF's word) and `Authorization: Bearer <key>` (what most HTTP
# client libraries send for a bearer token) carry the same key.
KEYWORDS = (b"token", b"bearer")


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF token auth, accepting `Token` or `Bearer`, that also applies the user's language."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) == 1:
            raise exceptions.AuthenticationFailed(_("Invalid token header. No credentials provided."))
        if len(header) > 2:  # noqa: PLR2004 - keyword and key
            raise exceptions.AuthenticationFailed(_("Invalid token header. Token string should not contain spaces."))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            message = _("Invalid token header. Token string should not contain invalid characters.")
            raise exceptions.AuthenticationFailed(message) from exc
        result = self.authenticate_credentials(key)
        user_language_activate(request=request._request, user=result[0])
        return result
