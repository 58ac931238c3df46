"""Request parsers that refuse text PostgreSQL cannot store.

PostgreSQL text and jsonb cannot hold NUL (U+0000), and a lone UTF-16 surrogate cannot
be encoded to UTF-8 at all: either would surface as a 500 wherever the string lands
(a column, an error message echoed into a stored idempotent response). No legitimate
request carries them, so they are refused once, at parse time, as 400.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def _bad_text(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def unstorable_text(data: Any, depth: int = 0) -> str | None:
    """Describe the first unstorable string (or too-deep nesting) in parsed JSON, else None."""
    if depth > MAX_DEPTH:
        return _("JSON nested deeper than %(n)d levels.") % {"n": MAX_DEPTH}
    if isinstance(data, str):
        return _("Text may not contain NUL characters or unpaired surrogates.") if _bad_text(data) else None
    if isinstance(data, dict):
        for key, value in data.items():
            problem = unstorable_text(key, depth + 1) or unstorable_text(value, depth + 1)
            if problem:
                return problem
    elif isinstance(data, list):
        for value in data:
            problem = unstorable_text(value, depth + 1)
            if problem:
                return problem
    return None


class StrictJSONParser(JSONParser):
    """DRF's JSON parser plus the checks above."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:  # json's C scanner gives up on very deep nesting
            raise ParseError(_("JSON nested deeper than %(n)d levels.") % {"n": MAX_DEPTH}) from exc
        problem = unstorable_text(data)
        if problem:
            raise ParseError(problem)
        return data
