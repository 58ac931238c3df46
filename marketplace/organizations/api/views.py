from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.exceptions import InvalidInput
from marketplace.core.throttling import OrganizationScopedThrottle
from marketplace.organizations.api.serializers import (
    MeSerializer,
    RegisterInputSerializer,
    RegisterOutputSerializer,
    TokenInputSerializer,
    TokenOutputSerializer,
    VerifyOutputSerializer,
)
from marketplace.organizations.models import Organization
from marketplace.organizations.permissions import IsStaff
from marketplace.organizations.services import organization_register, organization_verify, user_token


class RegisterView(APIView):
    authentication_classes: list = []
    permission_classes = (AllowAny,)
    throttle_classes = (OrganizationScopedThrottle,)
    throttle_scope = "auth"

    @extend_schema(request=RegisterInputSerializer, responses={201: RegisterOutputSerializer})
    def post(self, request: Request) -> Response:
        data = RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, org = organization_register(**data.validated_data)
        return Response(RegisterOutputSerializer({"user": user, "organization": org}).data, status=201)


class TokenView(APIView):
    authentication_classes: list = []
    permission_classes = (AllowAny,)
    throttle_classes = (OrganizationScopedThrottle,)
    throttle_scope = "auth"

    @extend_schema(request=TokenInputSerializer, responses={200: TokenOutputSerializer})
    def post(self, request: Request) -> Response:
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, **data.validated_data)
        if user is None or not user.is_active:
            raise InvalidInput(
                _("Unable to log in with the given username and password."),
                errors={"non_field_errors": [_("Unable to log in with the given username and password.")]},
            )
        return Response({"token": user_token(user=user)}, status=status.HTTP_200_OK)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        if user.organization_id:
            user = type(user).objects.select_related("organization").get(pk=user.pk)
        return Response(MeSerializer(user).data)


class OrganizationVerifyView(APIView):
    permission_classes = (IsStaff,)

    @extend_schema(request=None, responses=VerifyOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        org = get_object_or_404(Organization, pk=pk)
        org = organization_verify(organization=org, actor=request.user)
        return Response({"id": org.pk, "status": org.status})
