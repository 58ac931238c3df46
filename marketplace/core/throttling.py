"""Per-organisation throttles for expensive endpoints; 429 carries Retry-After."""

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle


class OrganizationScopedThrottle(ScopedRateThrottle):
    """Like ScopedRateThrottle, but counts per organisation rather than per user."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        user = request.user
        if user and user.is_authenticated:
            ident = f"org{user.organization_id}" if getattr(user, "organization_id", None) else f"user{user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
