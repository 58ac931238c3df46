from rest_framework import serializers

from marketplace.organizations.choices import OrganizationKind
from marketplace.organizations.models import Organization, User


class OrganizationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    credit_code = serializers.CharField(max_length=18)
    city = serializers.CharField(max_length=100)


class RegisterInputSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    email = serializers.EmailField()
    organization = OrganizationInputSerializer()


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ("id", "name", "kind", "status")
        read_only_fields = fields


class UserSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "username")
        read_only_fields = fields


class RegisterOutputSerializer(serializers.Serializer):
    user = UserSummarySerializer()
    organization = OrganizationSerializer()


class MeSerializer(serializers.ModelSerializer):
    organization = OrganizationSerializer(allow_null=True)

    class Meta:
        model = User
        fields = ("id", "username", "email", "organization")
        read_only_fields = fields


class TokenInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()


class VerifyOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
