"""OPTIONS answers for every view, including those without a serializer class."""

from typing import Any

from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request


class Metadata(SimpleMetadata):
    """DRF's metadata; a view with no serializer class (an action without a body) lists no fields."""

    def determine_actions(self, request: Request, view: Any) -> dict[str, Any]:
        if getattr(view, "serializer_class", None) is None and "get_serializer_class" not in type(view).__dict__:
            return {}
        return super().determine_actions(request, view)
