from rest_framework import serializers

from cooperatives.models import Province


class ProvinceSerializer(serializers.ModelSerializer):
    successor = serializers.SerializerMethodField()

    class Meta:
        model = Province
        fields = [
            "id",
            "code",
            "name",
            "codename",
            "division_type",
            "valid_from",
            "valid_to",
            "successor",
        ]
        read_only_fields = fields

    def get_successor(self, province) -> dict | None:
        if province.successor is None:
            return None
        return {
            "id": province.successor.pk,
            "code": province.successor.code,
            "name": province.successor.name,
        }
