from rest_framework import serializers

from accounts.models import User


class UserSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    email = serializers.CharField(read_only=True, help_text="Empty when none is recorded.")

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "role", "province", "unit"]
        read_only_fields = fields


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)
    user = UserSerializer()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})
    otp = serializers.CharField(
        required=False, help_text="The authenticator app's code, for roles that require it."
    )
