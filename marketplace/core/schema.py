"""OpenAPI generation: every operation documents the error responses it can return.

The error codes are derived from the view itself (authentication, role permissions,
throttles, path and query parameters, request bodies), each with the one error body
{"code", "detail", "errors"}, so clients and the schema fuzzer see exactly what the
API answers.
"""

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated

IDEMPOTENCY_HEADER = "Idempotency-Key"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# Permission classes that never answer 403: anything else states a role rule.
ROLE_FREE_PERMISSIONS = (AllowAny, IsAuthenticated)

DESCRIPTIONS = {
    "400": "Invalid input; `errors` names each field, nested as `lines.3.quantity`.",
    "401": "Missing or invalid credentials.",
    "403": "Your organisation's role or status may not do this.",
    "404": "No such object that you may see.",
    "409": "A conflict with the current state, or the same Idempotency-Key is still in progress.",
    "413": "The request body is too large.",
    "415": "Unsupported request media type.",
    "422": "This Idempotency-Key was used with a different request body.",
    "429": "Rate limit reached; retry after the number of seconds in Retry-After.",
}


class ErrorSerializer(serializers.Serializer):
    """The one error body of the API."""

    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)

    class Meta:
        ref_name = "Error"


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema plus the error responses each view can produce."""

    def _is_idempotent(self) -> bool:
        """The view method is wrapped by marketplace.core.idempotency.idempotent."""
        return bool(getattr(getattr(self.view, self.method.lower(), None), "idempotent", False))

    def _error_codes(self) -> set[str]:
        view = self.view
        codes: set[str] = set()
        idempotent = self._is_idempotent()
        if self.method in BODY_METHODS and self.get_request_serializer() is not None:
            codes |= {"400", "413", "415"}
        elif idempotent or self.get_override_parameters() or self._get_filter_parameters():
            codes.add("400")
        if view.get_authenticators():
            codes.add("401")
        if any(not isinstance(p, ROLE_FREE_PERMISSIONS) for p in view.get_permissions()):
            codes.add("403")
        if "{" in self.path:
            codes.add("404")
        if view.get_throttles():
            codes.add("429")
        if idempotent:
            codes |= {"409", "422"}
        return codes

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        if self._is_idempotent() and not any(p["name"] == IDEMPOTENCY_HEADER for p in parameters):
            parameters.append(
                {
                    "in": "header",
                    "name": IDEMPOTENCY_HEADER,
                    "required": False,
                    "schema": {"type": "string", "maxLength": 255},
                    "description": "Replays the first response for 24 h when the same key and body are sent again.",
                }
            )
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error = self._get_response_for_code(ErrorSerializer, "400")["content"]
        for code in sorted(self._error_codes() | {c for c in responses if c.startswith("4")}):
            entry = responses.get(code)
            if entry is None:
                entry = self._get_response_for_code(OpenApiResponse(ErrorSerializer, DESCRIPTIONS[code]), code)
                responses[code] = entry
            elif code.startswith("4") and "content" not in entry:
                entry["content"] = error
            if code == "429":
                entry.setdefault("headers", {})["Retry-After"] = {
                    "schema": {"type": "integer"},
                    "required": True,
                    "description": "Seconds to wait before the next request.",
                }
        return responses


class TokenOrBearerScheme(OpenApiAuthenticationExtension):
    """Either `Authorization: Token <key>` or `Authorization: Bearer <key>`."""

    target_class = "marketplace.core.authentication.TokenAuthentication"
    name = ["tokenAuth", "bearerAuth"]

    def get_security_requirement(self, auto_schema: Any) -> list[dict[str, list[Any]]]:
        return [{"tokenAuth": []}, {"bearerAuth": []}]

    def get_security_definition(self, auto_schema: Any) -> list[dict[str, Any]]:
        return [
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": 'Token-based authentication with required prefix "Token"',
            },
            {"type": "http", "scheme": "bearer", "description": "The same token as `Authorization: Bearer <token>`."},
        ]


def _strip_defaults(schema: Any) -> None:
    if isinstance(schema, dict):
        schema.pop("default", None)
        for value in schema.values():
            _strip_defaults(value)
    elif isinstance(schema, list):
        for value in schema:
            _strip_defaults(value)


def partial_updates_without_defaults(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """A PATCH body's absent field means "unchanged": no default in a Patched* component.

    A generated client fills in a schema default for every field it was not given, so a default
    here would reset, on every partial update, what the caller did not send.
    """
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.startswith("Patched"):
            _strip_defaults(component.get("properties", {}))
    return result
