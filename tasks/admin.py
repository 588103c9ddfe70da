from django.contrib import admin

from .models import Task, TaskProgress, Unit, WorkProgram


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "head", "head_name", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["head"]
    list_select_related = ["head", "parent"]


@admin.register(WorkProgram)
class WorkProgramAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "document"]
    raw_id_fields = ["document"]


class TaskProgressInline(admin.TabularInline):
    model = TaskProgress
    extra = 0
    readonly_fields = ["percent", "note", "attachment", "created_by", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "lead_unit", "due_on", "status", "is_key"]
    list_filter = ["kind", "status", "is_key", "lead_unit", "programme"]
    search_fields = ["title"]
    date_hierarchy = "due_on"
    raw_id_fields = ["conclusion", "document", "assigned_by"]
    filter_horizontal = ["supporting_units"]
    list_select_related = ["lead_unit"]
    inlines = [TaskProgressInline]
