from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports are built by the worker; the admin shows them and never edits their figures."""

    list_display = ["__str__", "status", "progress", "built_at", "requested_by", "attempts"]
    list_filter = ["status", "year", "month"]
    search_fields = ["year"]
    list_select_related = ["requested_by"]
    readonly_fields = [
        "year",
        "month",
        "version",
        "status",
        "progress",
        "error",
        "attempts",
        "requested_by",
        "requested_at",
        "started_at",
        "built_at",
        "inputs_changed_at",
        "snapshot",
        "workbook",
    ]

    def has_add_permission(self, request):
        return False
