"""A small creating endpoint used to test the Idempotency-Key mechanism on its own."""

import time

from django.urls import include, path
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.idempotency import idempotent
from marketplace.organizations.models import Organization
from marketplace.urls import urlpatterns as project_urls
from tests.factories import credit_code


class CreateInput(serializers.Serializer):
    name = serializers.CharField()
    number = serializers.IntegerField()
    delay = serializers.FloatField(default=0)


class CreateOrganizationView(APIView):
    @idempotent
    def post(self, request: Request) -> Response:
        data = CreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        time.sleep(data.validated_data["delay"])
        if data.validated_data["number"] < 0:
            raise RuntimeError("boom")
        org = Organization.objects.create(
            name=data.validated_data["name"],
            kind="buyer",
            city="Jinan",
            credit_code=credit_code(900000 + data.validated_data["number"]),
        )
        return Response({"id": org.pk, "name": org.name}, status=201)


urlpatterns = [
    path("test/create/", CreateOrganizationView.as_view()),
    path("", include(project_urls)),
]
