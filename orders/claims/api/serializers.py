from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orders.claims.choices import ClaimKind, ClaimStatus, RespondAction
from orders.claims.models import Claim, ClaimEvent, ClaimEvidence, ClaimLine

ID_MAX = 2**63 - 1
INT_MAX = 2_147_483_647
MAX_LINES = 200
MONEY = {"max_digits": 14, "decimal_places": 2}


class ClaimLineInputSerializer(serializers.Serializer):
    order_line = serializers.IntegerField(min_value=1, max_value=ID_MAX, help_text="An order line's `id`.")
    quantity = serializers.IntegerField(min_value=1, max_value=INT_MAX)


class ClaimCreateInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    lines = serializers.ListField(child=ClaimLineInputSerializer(), allow_empty=False, max_length=MAX_LINES)
    description = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")
    requested_amount = serializers.DecimalField(min_value=Decimal("0.01"), **MONEY)


class ClaimRespondInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=RespondAction.choices)
    amount = serializers.DecimalField(
        min_value=Decimal("0.01"), required=False, allow_null=True, help_text="Required for `offer`.", **MONEY
    )
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class ClaimNoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class ClaimResolveInputSerializer(serializers.Serializer):
    refund_amount = serializers.DecimalField(min_value=0, **MONEY)
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class ClaimEvidenceInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="JPEG, PNG or PDF (recognised by content), at most 10 MiB.")
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class ClaimLineSerializer(serializers.ModelSerializer):
    order_line = serializers.IntegerField(source="order_line_id", read_only=True)

    class Meta:
        model = ClaimLine
        fields = ("order_line", "quantity")
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    order = serializers.IntegerField(source="order_id", read_only=True)
    lines = ClaimLineSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = (
            "id",
            "order",
            "status",
            "kind",
            "lines",
            "description",
            "requested_amount",
            "offered_amount",
            "respond_by",
            "refund_amount",
            "created_at",
            "resolved_at",
        )
        read_only_fields = fields
        extra_kwargs = {
            "offered_amount": {"help_text": "The supplier's offer while `offered` (else the last offer, or null)."},
            "refund_amount": {"help_text": "Null until the claim ends; the refund it ended with."},
            "resolved_at": {"help_text": "When the claim ended (resolved or withdrawn); null until then."},
        }


class ClaimListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
    order = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False, help_text="Claims on this order.")


class ClaimEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label", help_text="The user's name, or 'system'.")
    from_status = serializers.SerializerMethodField()

    class Meta:
        model = ClaimEvent
        fields = ("at", "actor", "from_status", "to_status", "note")
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=ClaimStatus.choices, allow_null=True))
    def get_from_status(self, event: ClaimEvent) -> str | None:
        """None for the event that opened the claim."""
        return event.from_status or None


class ClaimEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimEvidence
        fields = ("id", "filename", "size", "content_type", "note", "uploaded_at")
        read_only_fields = fields
