"""Role rules: who may call an endpoint. Object scoping lives in selectors."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from marketplace.organizations.choices import OrganizationKind, OrganizationStatus
from marketplace.organizations.models import Organization


def request_organization(request: Request) -> Organization | None:
    """The organisation the caller acts for; None when anonymous, or staff without one."""
    user = request.user
    return getattr(user, "organization", None) if user and user.is_authenticated else None


class IsSupplier(BasePermission):
    message = _("Only supplier organisations may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        org = request_organization(request)
        return bool(org and org.kind == OrganizationKind.SUPPLIER)


class IsBuyer(BasePermission):
    message = _("Only buyer organisations may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        org = request_organization(request)
        return bool(org and org.kind == OrganizationKind.BUYER)


class IsVerifiedBuyer(BasePermission):
    message = _("Only verified buyer organisations may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        org = request_organization(request)
        return bool(org and org.kind == OrganizationKind.BUYER and org.status == OrganizationStatus.VERIFIED)


class IsVerifiedSupplier(BasePermission):
    message = _("Only verified supplier organisations may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        org = request_organization(request)
        return bool(org and org.kind == OrganizationKind.SUPPLIER and org.status == OrganizationStatus.VERIFIED)


class IsStaff(BasePermission):
    message = _("Only market staff may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)
