import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from vca_portal.filters import SearchTextFilter, YearFilter

from .choices import (
    COMPLAINT_OPEN,
    ComplaintKind,
    ComplaintStatus,
    InspectionKind,
    InspectionStatus,
)
from .models import ORGANISATION_KINDS, Complaint, Inspection, InspectionPlan, Organisation
from .selectors import local_today


class StyledFilterSet(django_filters.FilterSet):
    """Filters that render as Bootstrap controls, dates with the browser's date picker."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(field, forms.DateField):
                widget.input_type = "date"
            is_select = isinstance(widget, forms.Select)
            widget.attrs.setdefault("class", "form-select" if is_select else "form-control")


class InspectionPlanFilterSet(django_filters.FilterSet):
    class Meta:
        model = InspectionPlan
        fields = ["year"]


class InspectionFilterSet(StyledFilterSet):
    q = SearchTextFilter("inspection", label=_("Search"))
    year = YearFilter(field_name="start_date", label=_("Year"))
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices, label=_("Status"))
    plan = django_filters.ModelChoiceFilter(queryset=InspectionPlan.objects.all(), label=_("Plan"))

    class Meta:
        model = Inspection
        fields = ["q", "year", "kind", "status", "plan", "subject_kind", "subject_province"]


class ComplaintFilterSet(StyledFilterSet):
    q = SearchTextFilter("complaint", label=_("Search"))
    year = YearFilter(field_name="received_on", label=_("Year"))
    kind = django_filters.ChoiceFilter(choices=ComplaintKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=ComplaintStatus.choices, label=_("Status"))
    is_open = django_filters.BooleanFilter(method="filter_open", label=_("Open"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    received_from = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("Received from")
    )
    received_to = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("Received until")
    )

    class Meta:
        model = Complaint
        fields = ["q", "year", "kind", "status", "handling_unit", "complainant_province"]

    def filter_open(self, queryset, name, value):
        if value:
            return queryset.filter(status__in=COMPLAINT_OPEN)
        return queryset.exclude(status__in=COMPLAINT_OPEN)

    def filter_overdue(self, queryset, name, value):
        overdue = {"status__in": COMPLAINT_OPEN, "due_on__lt": local_today()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class OrganisationFilterSet(StyledFilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("Name"))
    kind = django_filters.ChoiceFilter(
        choices=[(kind.value, kind.label) for kind in ORGANISATION_KINDS], label=_("Kind")
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind"]
