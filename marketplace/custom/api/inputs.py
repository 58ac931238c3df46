"""Input serializers: the shapes clients send, validated before any service runs."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from catalog.choices import BearingType, Precision
from catalog.steels import SteelGrade, steel_grade_normalize
from marketplace.custom.choices import Certification, CustomRequestStatus, Process

ID_MAX = 2**63 - 1
INT_MAX = 2_147_483_647
MAX_DAYS = 3650
PRICE = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}
MM = {"max_digits": 8, "decimal_places": 2}


class VocabularyListField(serializers.ListField):
    """A list of words from one vocabulary, duplicates dropped; unknown words are named in one error."""

    def __init__(self, *, vocabulary: list[str], normalize: Callable[[str], str | None] | None = None, **kwargs: Any):
        self.vocabulary = vocabulary
        self.normalize = normalize or (lambda text: text if text in vocabulary else None)
        kwargs.setdefault("child", serializers.CharField(max_length=64))
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)
        self.help_text = self.help_text or ", ".join(vocabulary)

    def to_internal_value(self, data: Any) -> list[str]:
        words = super().to_internal_value(data)
        known = [self.normalize(word) for word in words]
        unknown = [word for word, value in zip(words, known, strict=True) if value is None]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown value(s): %(unknown)s. Allowed: %(allowed)s.")
                % {"unknown": ", ".join(unknown), "allowed": ", ".join(self.vocabulary)}
            )
        return list(dict.fromkeys(value for value in known if value is not None))


def _steel(text: str) -> str | None:
    return steel_grade_normalize(text)


class CapabilityInputSerializer(serializers.Serializer):
    bearing_types = VocabularyListField(vocabulary=BearingType.values, allow_empty=False)
    bore_min_mm = serializers.DecimalField(**MM, min_value=Decimal(0))
    bore_max_mm = serializers.DecimalField(**MM, min_value=Decimal("0.01"))
    outer_diameter_max_mm = serializers.DecimalField(**MM, min_value=Decimal("0.01"))
    precision_classes = VocabularyListField(vocabulary=Precision.values, required=False, default=list)
    materials = VocabularyListField(vocabulary=SteelGrade.values, normalize=_steel, required=False, default=list)
    processes = VocabularyListField(vocabulary=Process.values, required=False, default=list)
    certifications = VocabularyListField(vocabulary=Certification.values, required=False, default=list)
    monthly_capacity = serializers.IntegerField(min_value=0, max_value=INT_MAX)
    sample_lead_days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["bore_max_mm"] < attrs["bore_min_mm"]:
            raise serializers.ValidationError({"bore_max_mm": [_("Must be at least bore_min_mm.")]})
        if attrs["outer_diameter_max_mm"] <= attrs["bore_min_mm"]:
            raise serializers.ValidationError({"outer_diameter_max_mm": [_("Must be larger than bore_min_mm.")]})
        return attrs


class MaterialField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        text = super().to_internal_value(data)
        grade = steel_grade_normalize(text) if text else ""
        if grade is None:
            raise serializers.ValidationError(
                _("Unknown steel grade %(grade)s. Allowed: %(allowed)s.")
                % {"grade": text, "allowed": ", ".join(SteelGrade.values)}
            )
        return grade


class CustomRequestCreateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    bearing_type = serializers.ChoiceField(choices=BearingType.choices)
    bore_mm = serializers.DecimalField(**MM, min_value=Decimal("0.01"))
    outer_diameter_mm = serializers.DecimalField(**MM, min_value=Decimal("0.01"))
    width_mm = serializers.DecimalField(**MM, min_value=Decimal("0.01"))
    precision = serializers.ChoiceField(choices=Precision.choices, required=False, allow_null=True, allow_blank=True)
    material = MaterialField(max_length=32, required=False, allow_null=True, allow_blank=True)
    processes = VocabularyListField(vocabulary=Process.values, required=False, default=list)
    certifications = VocabularyListField(vocabulary=Certification.values, required=False, default=list)
    quantity = serializers.IntegerField(min_value=1, max_value=INT_MAX)
    annual_quantity = serializers.IntegerField(min_value=1, max_value=INT_MAX, required=False, allow_null=True)
    target_unit_price = serializers.DecimalField(**PRICE, required=False, allow_null=True)
    application = serializers.CharField(max_length=2000)
    delivery_city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    deadline = serializers.DateTimeField(help_text="Quotes are taken until then; the request closes after it.")

    def validate_deadline(self, value: Any) -> Any:
        if value <= timezone.now():
            raise serializers.ValidationError(_("The deadline must be in the future."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["outer_diameter_mm"] <= attrs["bore_mm"]:
            raise serializers.ValidationError({"outer_diameter_mm": [_("Must be larger than bore_mm.")]})
        return attrs


class CustomRequestListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CustomRequestStatus.choices, required=False)


class CustomRequestCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DrawingUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True, help_text="PDF, PNG, JPEG, DXF, DWG or STEP, known by its content; at most 20 MiB."
    )


class CustomQuoteInputSerializer(serializers.Serializer):
    unit_price = serializers.DecimalField(**PRICE)
    tooling_cost = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal(0))
    sample_quantity = serializers.IntegerField(min_value=0, max_value=INT_MAX)
    sample_lead_days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS)
    production_lead_days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS)
    moq = serializers.IntegerField(min_value=1, max_value=INT_MAX)
    valid_until = serializers.DateField(help_text="The last day the prices hold (Asia/Shanghai).")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate_valid_until(self, value: Any) -> Any:
        if value < timezone.localdate():
            raise serializers.ValidationError(_("Must be today or later."))
        return value


class CustomAwardInputSerializer(serializers.Serializer):
    quote = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    quantity = serializers.IntegerField(min_value=1, max_value=INT_MAX)
