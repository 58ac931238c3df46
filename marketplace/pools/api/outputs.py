"""Output serializers: what everyone sees of a pool, what only its owner and each buyer see."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.api.serializers import SchemaDimensionField
from catalog.steels import STEEL_STANDARD
from marketplace.pools.choices import CommitmentStatus, PoolItemKind, PoolStatus, PoolUnit
from marketplace.pools.models import Commitment, Pool, PoolTier
from marketplace.pools.tiers import Tier, tier_after, tier_for

MONEY = {"max_digits": 14, "decimal_places": 2}
_BLANK_AS_NULL = ("base_designation", "canonical", "bearing_type", "seal", "clearance", "precision")


class TierSerializer(serializers.Serializer):
    min_total_quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(**MONEY)


class PoolItemSerializer(serializers.Serializer):
    """A bearing (brand, designation and what the designation tells) or a steel (grade, form, size)."""

    kind = serializers.ChoiceField(choices=PoolItemKind.choices)
    brand = serializers.CharField(required=False, help_text="Bearing only.")
    designation = serializers.CharField(required=False, help_text="Bearing only.")
    recognized = serializers.BooleanField(required=False, help_text="Bearing only.")
    base_designation = serializers.CharField(required=False, allow_null=True)
    canonical = serializers.CharField(required=False, allow_null=True)
    bearing_type = serializers.CharField(required=False, allow_null=True)
    seal = serializers.CharField(required=False, allow_null=True)
    clearance = serializers.CharField(required=False, allow_null=True)
    precision = serializers.CharField(required=False, allow_null=True)
    bore_mm = SchemaDimensionField(required=False, allow_null=True)
    outer_diameter_mm = SchemaDimensionField(required=False, allow_null=True)
    width_mm = SchemaDimensionField(required=False, allow_null=True)
    grade = serializers.CharField(required=False, help_text="Steel only.")
    standard = serializers.CharField(required=False, help_text="Steel only: GB/T 18254, GB/T 3203 or GB/T 3086.")
    form = serializers.CharField(required=False, help_text="Steel only.")
    size_mm = SchemaDimensionField(required=False, help_text="Steel only.")


def item_data(pool: Pool) -> dict[str, Any]:
    if pool.kind == PoolItemKind.STEEL:
        return {
            "kind": pool.kind,
            "grade": pool.steel_grade,
            "standard": STEEL_STANDARD.get(pool.steel_grade, ""),
            "form": pool.steel_form,
            "size_mm": f"{pool.size_mm:.2f}",
        }
    data: dict[str, Any] = {
        "kind": pool.kind,
        "brand": pool.brand.code if pool.brand_id else None,
        "designation": pool.designation,
        "recognized": pool.recognized,
    }
    data |= {name: getattr(pool, name) or None for name in _BLANK_AS_NULL}
    for name in ("bore_mm", "outer_diameter_mm", "width_mm"):
        value = getattr(pool, name)
        data[name] = None if value is None else f"{value:.2f}"
    return data


class OwnerSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CommitmentSerializer(serializers.ModelSerializer):
    """A commitment as its buyer (and the pool's owner) sees it."""

    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    committed_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Commitment
        fields = ("quantity", "max_unit_price", "status", "order", "committed_at", "updated_at")
        read_only_fields = fields


class OwnerCommitmentSerializer(CommitmentSerializer):
    buyer = serializers.IntegerField(source="buyer_id")
    buyer_name = serializers.CharField(source="buyer.name")

    class Meta(CommitmentSerializer.Meta):
        fields = ("buyer", "buyer_name", *CommitmentSerializer.Meta.fields)
        read_only_fields = fields


def _tier(tier: Tier | None) -> dict[str, Any] | None:
    if tier is None:
        return None
    return {"min_total_quantity": tier.min_total_quantity, "unit_price": f"{tier.unit_price:.2f}"}


class PoolSerializer(serializers.ModelSerializer):
    """The pool; `commitments` is filled for its owner only and `my_commitment` for a buyer only."""

    status = serializers.ChoiceField(choices=PoolStatus.choices)
    unit = serializers.ChoiceField(choices=PoolUnit.choices)
    owner = serializers.SerializerMethodField()
    item = serializers.SerializerMethodField()
    tiers = serializers.SerializerMethodField()
    current_tier = serializers.SerializerMethodField()
    next_tier = serializers.SerializerMethodField()
    quantity_to_next_tier = serializers.SerializerMethodField()
    remaining_quantity = serializers.SerializerMethodField()
    commitments = serializers.SerializerMethodField()
    my_commitment = serializers.SerializerMethodField()

    class Meta:
        model = Pool
        fields = (
            "id",
            "title",
            "status",
            "owner",
            "item",
            "unit",
            "tiers",
            "min_commitment",
            "max_total_quantity",
            "closes_at",
            "delivery_city",
            "lead_time_days",
            "total_committed",
            "participants",
            "current_tier",
            "next_tier",
            "quantity_to_next_tier",
            "remaining_quantity",
            "final_unit_price",
            "final_quantity",
            "created_at",
            "closed_at",
            "commitments",
            "my_commitment",
        )
        read_only_fields = fields

    def _viewer(self) -> int | None:
        return self.context.get("organization_id")

    def _tiers(self, pool: Pool) -> list[Tier]:
        return [Tier(t.min_total_quantity, t.unit_price) for t in _ordered(pool.tiers.all())]

    @extend_schema_field(OwnerSummarySerializer)
    def get_owner(self, pool: Pool) -> dict[str, Any]:
        return {"id": pool.owner_id, "name": pool.owner.name}

    @extend_schema_field(PoolItemSerializer)
    def get_item(self, pool: Pool) -> dict[str, Any]:
        return item_data(pool)

    @extend_schema_field(TierSerializer(many=True))
    def get_tiers(self, pool: Pool) -> list[dict[str, Any]]:
        return [_tier(tier) for tier in self._tiers(pool)]

    @extend_schema_field(TierSerializer(allow_null=True))
    def get_current_tier(self, pool: Pool) -> dict[str, Any] | None:
        """The tier the total reaches now; null below the first."""
        return _tier(tier_for(self._tiers(pool), pool.total_committed))

    @extend_schema_field(TierSerializer(allow_null=True))
    def get_next_tier(self, pool: Pool) -> dict[str, Any] | None:
        """The next tier to reach; null once the last is reached."""
        return _tier(tier_after(self._tiers(pool), pool.total_committed))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_quantity_to_next_tier(self, pool: Pool) -> int | None:
        """How much more the pool needs for the next tier; null once the last is reached."""
        after = tier_after(self._tiers(pool), pool.total_committed)
        return None if after is None else after.min_total_quantity - pool.total_committed

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_remaining_quantity(self, pool: Pool) -> int | None:
        """Room left under max_total_quantity; null when the pool has no cap."""
        if pool.max_total_quantity is None:
            return None
        return max(pool.max_total_quantity - pool.total_committed, 0)

    def _visible(self, pool: Pool) -> list[Commitment]:
        return getattr(pool, "visible_commitments", [])

    @extend_schema_field(OwnerCommitmentSerializer(many=True, allow_null=True))
    def get_commitments(self, pool: Pool) -> list[dict[str, Any]] | None:
        """Every buyer's commitment, for the owner only (null for anyone else)."""
        if self._viewer() != pool.owner_id:
            return None
        return OwnerCommitmentSerializer(self._visible(pool), many=True).data

    @extend_schema_field(CommitmentSerializer(allow_null=True))
    def get_my_commitment(self, pool: Pool) -> dict[str, Any] | None:
        """The viewing buyer's own commitment (null when it has none)."""
        viewer = self._viewer()
        mine = next((c for c in self._visible(pool) if c.buyer_id == viewer), None)
        return None if mine is None else CommitmentSerializer(mine).data


def _ordered(tiers: Any) -> list[PoolTier]:
    return sorted(tiers, key=lambda t: t.position)
