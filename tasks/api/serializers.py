from rest_framework import serializers

from tasks.models import Unit


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "is_active"]
        read_only_fields = fields
