import django_filters
from django.utils.translation import gettext_lazy as _

from vca_portal import bounds
from vca_portal.filters import SearchTextFilter, YearFilter

from .choices import DocumentType, MeetingFormat, MeetingKind
from .models import Document, Meeting
from .numbers import normalise


class MeetingFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    format = django_filters.ChoiceFilter(choices=MeetingFormat.choices, label=_("Format"))
    year = YearFilter(field_name="starts_at", label=_("Year"))
    month = django_filters.NumberFilter(
        field_name="starts_at", lookup_expr="month", label=_("Month"), min_value=1, max_value=12
    )
    starts_after = django_filters.DateTimeFilter(
        field_name="starts_at", lookup_expr="gte", label=_("Starts after")
    )

    class Meta:
        model = Meeting
        fields = ["kind", "format", "year", "month"]


class DocumentFilterSet(django_filters.FilterSet):
    number = django_filters.CharFilter(method="filter_number", label=_("Number (exact)"))
    doc_type = django_filters.ChoiceFilter(
        choices=[c for c in DocumentType.choices if c[0]], label=_("Type")
    )
    issuer = django_filters.CharFilter(
        field_name="issuer_code", lookup_expr="iexact", label=_("Issuer code")
    )
    year = django_filters.NumberFilter(
        label=_("Year"), min_value=bounds.FIRST_YEAR, max_value=bounds.LAST_YEAR
    )
    issued_from = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="gte", label=_("Issued from")
    )
    issued_to = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="lte", label=_("Issued until")
    )
    q = SearchTextFilter("document", label=_("Number or title contains"))
    number_parsed = django_filters.BooleanFilter(label=_("Number recognised"))
    is_agreement = django_filters.BooleanFilter(
        field_name="agreement", lookup_expr="isnull", exclude=True, label=_("Agreement")
    )

    class Meta:
        model = Document
        fields = ["number", "doc_type", "issuer", "year"]

    def filter_number(self, queryset, name, value):
        return queryset.filter(number__iexact=normalise(value)) if value else queryset
