from django.contrib import admin

from .models import Complaint, ComplaintStep, Inspection, InspectionPlan, Recommendation


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
    raw_id_fields = ["lead"]
    inlines = [RecommendationInline]


class ComplaintStepInline(admin.TabularInline):
    model = ComplaintStep
    extra = 0
    readonly_fields = ["at"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Administrators may see complainants' details (``VIEW_COMPLAINANT_DETAILS``)."""

    list_display = ["pk", "received_on", "kind", "subject", "due_on", "status"]
    list_filter = ["kind", "status", "channel"]
    search_fields = ["subject", "complainant_name"]
    list_select_related = ["handling_unit"]
    readonly_fields = ["due_on"]
    inlines = [ComplaintStepInline]
