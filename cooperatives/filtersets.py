import django_filters
from django.utils.translation import gettext_lazy as _

from vca_portal.filters import SearchTextFilter

from .choices import CooperativeKind, CooperativeStatus, Sector, SubmissionStatus, SubSector
from .models import Cooperative, MonthlySubmission, PlanTarget, Province, ProvincialUnion


class ProvinceFilterSet(django_filters.FilterSet):
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("Valid on (YYYY-MM-DD)"))
    current = django_filters.BooleanFilter(field_name="valid_to", lookup_expr="isnull")

    class Meta:
        model = Province
        fields = ["code", "division_type"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)


class ProvincialUnionFilterSet(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="province__code", label=_("GSO code"))
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("Valid on (YYYY-MM-DD)"))
    charter_approved = django_filters.BooleanFilter(
        field_name="charter_approved_on", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = ProvincialUnion
        fields = ["province", "charter_approved"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(province__in=Province.objects.valid_on(value))


class CooperativeFilterSet(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="province__code", label=_("GSO code"))
    province_id = django_filters.NumberFilter(field_name="province_id")
    kind = django_filters.ChoiceFilter(choices=CooperativeKind.choices)
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    sub_sector = django_filters.ChoiceFilter(choices=SubSector.choices)
    status = django_filters.ChoiceFilter(choices=CooperativeStatus.choices)
    established_from = django_filters.DateFilter(field_name="established_on", lookup_expr="gte")
    established_to = django_filters.DateFilter(field_name="established_on", lookup_expr="lte")
    q = SearchTextFilter("cooperative", label=_("Name or registration code"))

    class Meta:
        model = Cooperative
        fields = ["province", "kind", "sector", "sub_sector", "status"]


class PlanTargetFilterSet(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="province__code", label=_("GSO code"))
    national = django_filters.BooleanFilter(field_name="province", lookup_expr="isnull")

    class Meta:
        model = PlanTarget
        fields = ["year", "province", "national"]


class MonthlySubmissionFilterSet(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="province__code", label=_("GSO code"))
    province_id = django_filters.NumberFilter(field_name="province_id")
    status = django_filters.MultipleChoiceFilter(choices=SubmissionStatus.choices)

    class Meta:
        model = MonthlySubmission
        fields = ["province", "year", "month", "status", "is_late", "nil_report"]
