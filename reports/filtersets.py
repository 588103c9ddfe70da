import django_filters

from .choices import ReportKind, ReportStatus
from .models import Report


class ReportFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    period = django_filters.ChoiceFilter(field_name="kind", choices=ReportKind.choices)

    class Meta:
        model = Report
        fields = ["year", "month", "status"]
