import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Province


class ProvinceFilterSet(django_filters.FilterSet):
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("Valid on (YYYY-MM-DD)"))
    current = django_filters.BooleanFilter(field_name="valid_to", lookup_expr="isnull")

    class Meta:
        model = Province
        fields = ["code", "division_type"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)
