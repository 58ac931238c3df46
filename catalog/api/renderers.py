"""File downloads chosen by `?format=csv|xlsx`; the view hands the renderer finished bytes."""

from __future__ import annotations

import json
from typing import Any

from rest_framework.renderers import BaseRenderer


class _FileRenderer(BaseRenderer):
    charset = None

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data, default=str, ensure_ascii=False).encode()


class CSVFileRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"


class XLSXFileRenderer(_FileRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
