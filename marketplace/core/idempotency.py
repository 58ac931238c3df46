"""The Idempotency-Key mechanism for creating POSTs.

The same key with the same body within 24 h replays the first response; the same key
with another body is 422; a retry while the first request still runs is 409. Keys are
scoped to the caller's organisation. A request that ends in a 5xx frees its key.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.core.exceptions import (
    IdempotencyKeyInProgress,
    IdempotencyKeyReused,
    InvalidInput,
)
from marketplace.core.models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
SERVER_ERROR = 500


def idempotency_scope(user: Any) -> str:
    organization_id = getattr(user, "organization_id", None)
    return f"org:{organization_id}" if organization_id else f"user:{user.pk}"


def request_fingerprint(request: Request) -> str:
    """Hash method, path and the parsed body; uploaded files are hashed by content."""
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    if request.FILES:
        fields = {key: request.data.getlist(key) for key in request.data if key not in request.FILES}
        digest.update(json.dumps(fields, sort_keys=True, default=str).encode())
        for name in sorted(request.FILES):
            upload = request.FILES[name]
            digest.update(f"\n{name}:{upload.name}:{upload.size}\n".encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    else:
        digest.update(json.dumps(request.data, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def idempotency_key_begin(*, scope: str, key: str, fingerprint: str) -> IdempotencyKey:
    """Claim a key, or return the finished record to replay; raise 409/422 otherwise."""
    cutoff = timezone.now() - timedelta(hours=settings.MARKETPLACE_IDEMPOTENCY_TTL_HOURS)
    with transaction.atomic():
        IdempotencyKey.objects.filter(scope=scope, key=key, created_at__lt=cutoff).delete()
        record, created = IdempotencyKey.objects.get_or_create(
            scope=scope, key=key, defaults={"fingerprint": fingerprint}
        )
    if created:
        return record
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    if record.status == IdempotencyKey.Status.IN_PROGRESS:
        raise IdempotencyKeyInProgress()
    return record


def idempotency_key_finish(*, record: IdempotencyKey, response: Response) -> None:
    """Store a finished response for replay, or free the key after a server error."""
    if response.status_code >= SERVER_ERROR:
        record.delete()
        return
    body = json.loads(JSONRenderer().render(response.data) or b"null")
    IdempotencyKey.objects.filter(pk=record.pk).update(
        status=IdempotencyKey.Status.DONE, response_status=response.status_code, response_body=body
    )


def idempotent(handler: Callable[..., Response]) -> Callable[..., Response]:
    """Decorate a DRF view method (post) so it honours the Idempotency-Key header."""

    @wraps(handler)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            raise InvalidInput(
                _("Idempotency-Key must be 1 to 255 characters."),
                errors={HEADER: [_("Must be 1 to 255 characters.")]},
            )
        record = idempotency_key_begin(
            scope=idempotency_scope(request.user), key=key, fingerprint=request_fingerprint(request)
        )
        if record.status == IdempotencyKey.Status.DONE:
            response = Response(record.response_body, status=record.response_status)
            response["Idempotent-Replayed"] = "true"
            return response
        try:
            response = handler(view, request, *args, **kwargs)
        except Exception as exc:
            try:
                response = view.handle_exception(exc)
            except Exception:
                record.delete()
                raise
        idempotency_key_finish(record=record, response=response)
        return response

    wrapper.idempotent = True  # type: ignore[attr-defined]  # read by marketplace.core.schema
    return wrapper


def idempotency_keys_purge() -> int:
    """Delete keys older than the replay window; returns how many."""
    cutoff = timezone.now() - timedelta(hours=settings.MARKETPLACE_IDEMPOTENCY_TTL_HOURS)
    deleted, _rows = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
