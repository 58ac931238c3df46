"""Refuse an oversized upload from its Content-Length, before any of it is read to disk."""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

# Room for the multipart boundaries and the other form fields around the file.
MULTIPART_OVERHEAD = 64 * 1024


class UploadSizeLimitHandler(FileUploadHandler):
    """First upload handler: 413 when the body is larger than MARKETPLACE_MAX_UPLOAD_BYTES allows."""

    def handle_raw_input(
        self, input_data: Any, META: dict, content_length: int, boundary: bytes, encoding: str | None = None
    ) -> None:
        limit = settings.MARKETPLACE_MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD
        if content_length > limit:
            raise RequestDataTooBig(_("The upload is larger than %(n)d bytes.") % {"n": limit})

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
