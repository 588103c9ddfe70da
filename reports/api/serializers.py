from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from vca_portal import bounds

from ..choices import ReportKind
from ..models import Report


class ReportRequestSerializer(serializers.Serializer):
    period = serializers.ChoiceField(
        ReportKind.choices,
        default=ReportKind.MONTH,
        source="kind",
        help_text="month (default), quarter or year",
    )
    year = bounds.serializer_field(Report, "year", label=_("year"))
    month = bounds.serializer_field(
        Report, "month", label=_("month"), required=False, help_text="For a month."
    )
    quarter = serializers.IntegerField(
        label=_("quarter"), min_value=1, max_value=4, required=False, help_text="For a quarter."
    )

    def validate(self, attrs):
        if attrs["kind"] == ReportKind.MONTH and "month" not in attrs:
            raise serializers.ValidationError({"month": _("Choose the month.")})
        if attrs["kind"] == ReportKind.QUARTER and "quarter" not in attrs:
            raise serializers.ValidationError({"quarter": _("Choose the quarter, 1 to 4.")})
        if attrs["kind"] != ReportKind.MONTH:
            attrs.pop("month", None)
        if attrs["kind"] != ReportKind.QUARTER:
            attrs.pop("quarter", None)
        return attrs


class ReportAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    url = serializers.CharField()


class ReportListSerializer(serializers.ModelSerializer):
    # Plain text in the schema: several apps call a choice field "status", and an enum here
    # would collide with theirs in the schema's names.
    status = serializers.CharField(read_only=True, help_text="pending, running, ready or failed")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    period = serializers.CharField(
        source="kind", read_only=True, help_text="month, quarter or year"
    )
    quarter = serializers.IntegerField(read_only=True, allow_null=True)
    label = serializers.CharField(source="period_label", read_only=True)
    is_out_of_date = serializers.BooleanField(read_only=True)
    url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "period",
            "year",
            "month",
            "quarter",
            "label",
            "version",
            "status",
            "status_display",
            "progress",
            "error",
            "requested_at",
            "built_at",
            "is_out_of_date",
            "url",
            "xlsx_url",
        ]

    def get_url(self, report: Report) -> str:
        return reverse("report-detail", kwargs={"pk": report.pk})

    def get_xlsx_url(self, report: Report) -> str | None:
        if not report.is_ready or not report.workbook:
            return None
        return reverse("report-xlsx", kwargs={"pk": report.pk})


def report_summary(snapshot: dict) -> dict | None:
    """The headline figures of a snapshot, as the API and the page state them."""
    statistics = snapshot.get("statistics") or {}
    if not snapshot:
        return None
    summary: dict = {"statistics_available": bool(statistics.get("available"))}
    if statistics.get("available"):
        summary.update(
            established=statistics["established"],
            dissolved=statistics["dissolved"],
            active_total=statistics["active_total"],
            plan=statistics.get("plan"),
            provisional=statistics.get("provisional"),
            provinces_approved=statistics.get("provinces_approved"),
            provinces_submitted=statistics.get("provinces_submitted"),
            provinces_missing=statistics.get("provinces_missing"),
            provinces_reported=statistics.get("provinces_reported"),
            provinces_expected=statistics.get("provinces_expected"),
            provinces_carried=statistics.get("provinces_carried"),
        )
    tasks = snapshot.get("tasks") or {}
    if tasks.get("available"):
        task_summary = tasks.get("summary") or {}
        summary["tasks"] = {
            key: task_summary.get(key)
            for key in ("total", "completed", "completion_percent", "overdue")
        }
    complaints = snapshot.get("complaints") or {}
    if complaints.get("available"):
        summary["complaints"] = {
            "open": complaints.get("open_count"),
            "overdue": complaints.get("overdue_count"),
        }
    summary["sections_not_available"] = [
        key
        for key in ("statistics", "trend", "tasks", "inspections", "complaints", "meetings")
        if not (snapshot.get(key) or {}).get("available")
    ]
    return summary


class ReportDetailSerializer(ReportListSerializer):
    summary = serializers.SerializerMethodField()
    narrative = serializers.CharField(read_only=True)
    inputs_changed_at = serializers.DateTimeField(read_only=True)
    started_at = serializers.DateTimeField(read_only=True)

    class Meta(ReportListSerializer.Meta):
        fields = [
            *ReportListSerializer.Meta.fields,
            "started_at",
            "inputs_changed_at",
            "summary",
            "narrative",
        ]

    def get_summary(self, report: Report) -> dict | None:
        return report_summary(report.snapshot) if report.is_ready else None
