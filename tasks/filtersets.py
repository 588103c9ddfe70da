import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vca_portal.filters import SearchTextFilter, YearFilter

from .choices import TaskKind, TaskStatus
from .models import Task, Unit, WorkProgram


class TaskFilterSet(django_filters.FilterSet):
    """The task list's filters; the summary endpoint and page take the same ones."""

    due_year = YearFilter(field_name="due_on", label=_("Due year"))
    due_month = django_filters.NumberFilter(
        field_name="due_on", lookup_expr="month", label=_("Due month"), min_value=1, max_value=12
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=WorkProgram.objects.all(), label=_("Work programme")
    )
    unit = django_filters.ModelChoiceFilter(
        field_name="lead_unit", queryset=Unit.objects.all(), label=_("Lead unit")
    )
    kind = django_filters.ChoiceFilter(choices=TaskKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label=_("Status"))
    is_key = django_filters.BooleanFilter(label=_("Key task"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    conclusion = django_filters.NumberFilter(field_name="conclusion_id", label=_("Conclusion"))
    document = django_filters.NumberFilter(field_name="document_id", label=_("Document"))
    q = SearchTextFilter("task", label=pgettext_lazy("task", "Title"))

    class Meta:
        model = Task
        fields = ["due_year", "due_month", "programme", "unit", "kind", "status"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))

    def summary_arguments(self) -> dict:
        """The validated filters as arguments of ``selectors.task_summary``."""
        data = self.form.cleaned_data
        return {
            "year": data.get("due_year"),
            "month": data.get("due_month"),
            "programme": data.get("programme"),
            "unit": data.get("unit"),
            "kind": data.get("kind") or None,
            "status": data.get("status") or None,
        }
