"""GET /api/v1/organizations/{id}/scorecard/."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.insights.models import Scorecard
from marketplace.insights.scorecards.selectors import scorecard_of_supplier
from marketplace.organizations.choices import OrganizationStatus, SupplierStanding
from marketplace.organizations.permissions import request_organization

RATE_HELP = "Decimal string in [0, 1]; null with nothing to count."


class ComponentSerializer(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.CharField(allow_null=True, help_text="The measured figure (a rate, or hours).")
    weight = serializers.CharField(help_text="Weight out of 100.")
    points = serializers.CharField(help_text="weight × the figure's fraction (the prior's 0.70 when null).")


class ScorecardSerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="organization_id")
    on_time_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, help_text=RATE_HELP)
    fill_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, help_text=RATE_HELP)
    quote_response_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, help_text=RATE_HELP)
    median_quote_response_hours = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    claim_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, help_text=RATE_HELP)
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    standing = serializers.ChoiceField(choices=SupplierStanding.choices)
    components = ComponentSerializer(many=True)

    class Meta:
        model = Scorecard
        fields = (
            "organization",
            "window_days",
            "orders_completed",
            "on_time_rate",
            "fill_rate",
            "quote_response_rate",
            "median_quote_response_hours",
            "claim_rate",
            "score",
            "standing",
            "computed_at",
            "components",
        )
        read_only_fields = fields


class IsVerifiedMember(BasePermission):
    message = _("Only members of verified organisations may read scorecards.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.user.is_staff:
            return True
        org = request_organization(request)
        return bool(org and org.status == OrganizationStatus.VERIFIED)


class ScorecardView(APIView):
    """A supplier's scorecard over the last 180 days; any verified organisation's member may read it."""

    permission_classes = (IsAuthenticated, IsVerifiedMember)

    @extend_schema(responses=ScorecardSerializer)
    def get(self, request: Request, pk: int) -> Response:
        scorecard = scorecard_of_supplier(organization_id=pk)
        if scorecard is None:
            raise Http404
        return Response(ScorecardSerializer(scorecard).data)
