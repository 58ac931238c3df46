from celery import current_app
from django.conf import settings
from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.routing import replicas_report


def broker_state() -> str:
    """'eager' without a broker, else 'ok' or 'down' after a short connection attempt."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        # The project's app (loaded by the `marketplace` package); core does not import the top floor.
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "down"
    return "ok"


class HealthView(APIView):
    """200 when the database answers; reports the broker's and each read replica's state too."""

    authentication_classes: list = []
    permission_classes = (AllowAny,)

    @extend_schema(
        responses=inline_serializer(
            "Health",
            {
                "status": serializers.CharField(),
                "database": serializers.CharField(),
                "broker": serializers.CharField(),
                "replicas": inline_serializer(
                    "ReplicaHealth",
                    {
                        "alias": serializers.CharField(),
                        "ok": serializers.BooleanField(),
                        "lag_seconds": serializers.FloatField(allow_null=True),
                    },
                    many=True,
                ),
            },
        )
    )
    def get(self, request: Request) -> Response:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            database = "ok"
        except DatabaseError:
            database = "down"
        # A replica that is down does not make the service down: its reads go to the primary.
        body = {
            "status": "ok" if database == "ok" else "down",
            "database": database,
            "broker": broker_state(),
            "replicas": replicas_report(),
        }
        return Response(body, status=200 if database == "ok" else 503)


class SwaggerView(SpectacularSwaggerView):
    """The interactive docs; OPTIONS answers in JSON (the HTML renderer has no template for it)."""

    def options(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = super().options(request, *args, **kwargs)
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
        return response
