"""Output shapes shared by every app's API."""

from collections.abc import Sequence
from typing import Any

from rest_framework import serializers

AUDIT_EVENT_FIELDS = ("at", "actor", "from_status", "to_status", "note")


class StatusEventSerializer(serializers.ModelSerializer):
    """One row of a state machine's audit trail, `{"at","actor","from_status","to_status","note"}`.

    Subclasses name the event model in `Meta` and declare `from_status` with their status choices
    (`status_event_from_field`); `from_status` is null for the event that created the object.
    """

    actor = serializers.CharField(source="actor_label", help_text="The user's name, or 'system'.")

    class Meta:
        fields = AUDIT_EVENT_FIELDS
        read_only_fields = AUDIT_EVENT_FIELDS

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["from_status"] = data["from_status"] or None
        return data


def status_event_from_field(choices: Sequence[tuple[str, str]]) -> serializers.ChoiceField:
    """`from_status` as the contract shows it: one of the statuses, or null for the creating event."""
    return serializers.ChoiceField(choices=choices, allow_null=True, read_only=True)
