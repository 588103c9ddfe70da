import django_filters

from .choices import ReportStatus
from .models import Report


class ReportFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = Report
        fields = ["year", "month", "status"]
