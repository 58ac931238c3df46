"""The one list shape of the API: {"next", "previous", "results"}."""

from collections import OrderedDict
from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _positive_int(raw: str | None, default: int, cap: int | None = None) -> int:
    try:
        value = int(raw) if raw is not None else default
    except (TypeError, ValueError):
        return default
    if value < 1:
        return default
    return min(value, cap) if cap else value


class Pagination(BasePagination):
    """Page-number pagination without a COUNT: one extra row tells whether a next page exists.

    Counting a million listings on every page costs more than the page itself.
    """

    page_query_param = "page"
    page_size_query_param = "page_size"
    max_page = 100_000

    def paginate_queryset(self, queryset: QuerySet | list, request: Request, view: Any = None) -> list:
        self.request = request
        self.page_size = _positive_int(
            request.query_params.get(self.page_size_query_param), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
        )
        self.page = min(_positive_int(request.query_params.get(self.page_query_param), 1), self.max_page)
        offset = (self.page - 1) * self.page_size
        rows = list(queryset[offset : offset + self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        return rows[: self.page_size]

    def get_paginated_response(self, data: list) -> Response:
        return Response(
            OrderedDict([("next", self.get_next_link()), ("previous", self.get_previous_link()), ("results", data)])
        )

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.page + 1)

    def get_previous_link(self) -> str | None:
        if self.page <= 1:
            return None
        url = self.request.build_absolute_uri()
        if self.page == 2:  # noqa: PLR2004 - the first page has no page parameter
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.page - 1)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {"name": "page", "required": False, "in": "query", "schema": {"type": "integer", "minimum": 1}},
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": "Items per page, default 50, capped at 200.",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
