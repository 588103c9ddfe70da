from django.contrib import admin

from .models import (
    Cooperative,
    MonthlySubmission,
    PlanTarget,
    Province,
    ProvincialUnion,
    SubmissionEvent,
    SubmissionReminder,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type", "valid_from", "valid_to", "successor"]
    list_filter = ["division_type", "valid_to"]
    search_fields = ["code", "name"]
    list_select_related = ["successor"]


@admin.register(ProvincialUnion)
class ProvincialUnionAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "charter_decision_number", "charter_approved_on"]
    list_filter = ["province__valid_to"]
    search_fields = ["name", "province__name", "charter_decision_number"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    list_display = ["name", "registration_code", "kind", "sector", "province", "status"]
    list_filter = ["kind", "sector", "status"]
    search_fields = ["name", "registration_code"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]
    date_hierarchy = "established_on"


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    fields = ["version", "action", "actor", "at", "status_before", "status_after", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MonthlySubmission)
class MonthlySubmissionAdmin(admin.ModelAdmin):
    """Read-only here: submissions change only through the workflow services, which keep the
    history, the version and the rules."""

    list_display = ["province", "year", "month", "status", "active_total", "is_late", "version"]
    list_filter = ["status", "year", "month", "is_late"]
    search_fields = ["province__name", "province__code"]
    list_select_related = ["province"]
    inlines = [SubmissionEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanTarget)
class PlanTargetAdmin(admin.ModelAdmin):
    list_display = ["year", "province", "active_target", "note"]
    list_filter = ["year"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]


@admin.register(SubmissionReminder)
class SubmissionReminderAdmin(admin.ModelAdmin):
    """The record of reminders sent: read-only, as the run wrote it."""

    list_display = ["province", "year", "month", "step", "deadline", "sent_at"]
    list_filter = ["year", "month", "step"]
    list_select_related = ["province"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
