from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    Complaint,
    ComplaintStep,
    DayOff,
    Inspection,
    InspectionPlan,
    Organisation,
    Recommendation,
)
from .services import complaint_deadlines_recount, complaint_set_deadlines


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "document_number", "document_date", "title"]
    list_filter = ["year"]
    list_select_related = ["document"]
    search_fields = ["title", "document__number"]
    raw_id_fields = ["document"]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "subject_kind", "start_date", "status"]
    list_filter = ["kind", "status", "subject_kind"]
    search_fields = ["title", "subject_name"]
    list_select_related = ["plan"]
    autocomplete_fields = ["members"]
    raw_id_fields = ["lead", "cooperative"]
    inlines = [RecommendationInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province"]
    list_filter = ["kind"]
    search_fields = ["name"]


class ComplaintStepInline(admin.TabularInline):
    model = ComplaintStep
    extra = 0
    readonly_fields = ["at"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Administrators may see complainants' details (``VIEW_COMPLAINANT_DETAILS``)."""

    list_display = [
        "pk",
        "received_on",
        "accepted_on",
        "kind",
        "subject",
        "acceptance_due_on",
        "due_on",
        "status",
    ]
    list_filter = ["kind", "status", "channel"]
    search_fields = ["subject", "complainant_name"]
    raw_id_fields = ["cooperative"]
    list_select_related = ["handling_unit"]
    readonly_fields = ["acceptance_due_on", "due_on"]
    inlines = [ComplaintStepInline]

    def save_model(self, request, obj, form, change):
        complaint_set_deadlines(obj)  # the deadlines follow the dates, as everywhere
        super().save_model(request, obj, form, change)


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):
    """Days off the government announces and the weekend days worked in exchange, on top of the
    public holidays (``inspections.workdays``); every deadline counted after a change uses
    them."""

    list_display = ["on", "weekday", "kind", "reason"]
    list_filter = ["kind"]
    date_hierarchy = "on"
    search_fields = ["reason"]

    @admin.display(description=_("weekday"))
    def weekday(self, day_off):
        return date_format(day_off.on, "l")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._recount(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._recount(request)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._recount(request)

    def _recount(self, request) -> None:
        moved = complaint_deadlines_recount()
        if moved:
            self.message_user(
                request,
                ngettext(
                    "The deadlines of %(count)d open case were counted anew.",
                    "The deadlines of %(count)d open cases were counted anew.",
                    moved,
                )
                % {"count": moved},
            )
