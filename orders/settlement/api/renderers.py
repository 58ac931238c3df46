from typing import Any

from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
    """Selected by `?format=csv` or `Accept: text/csv`; the view hands it finished CSV text."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, str):
            return data.encode(self.charset)
        # Errors (400/401/403) keep their JSON shape whatever was asked for.
        import json  # noqa: PLC0415

        return json.dumps(data, default=str).encode(self.charset)
