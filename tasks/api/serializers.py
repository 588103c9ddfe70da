from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tasks.choices import TaskKind
from tasks.models import Task, TaskProgress, Unit, WorkProgram


class UnitSerializer(serializers.ModelSerializer):
    head = serializers.StringRelatedField()

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "is_active", "head", "head_name", "parent"]
        read_only_fields = fields


class WorkProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkProgram
        fields = ["id", "year", "title", "document"]
        read_only_fields = fields


class TaskSerializer(serializers.ModelSerializer):
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True)
    is_overdue = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "status",
            "percent_complete",
            "is_key",
            "lead_unit",
            "lead_unit_name",
            "supporting_units",
            "programme",
            "conclusion",
            "document",
            "source",
            "assigned_by",
            "assigned_on",
            "due_on",
            "completed_on",
            "is_overdue",
        ]
        read_only_fields = [
            "status",
            "percent_complete",
            "completed_on",
            "assigned_by",
            "lead_unit_name",
        ]
        extra_kwargs = {"assigned_on": {"required": False}}

    def get_is_overdue(self, task: Task) -> bool:
        return task.is_overdue()

    def get_source(self, task: Task) -> str:
        if task.conclusion_id:
            return "conclusion"
        if task.document_id:
            return "document"
        return "programme" if task.programme_id else ""


class TaskProgressSerializer(serializers.ModelSerializer):
    created_by = serializers.StringRelatedField()

    class Meta:
        model = TaskProgress
        fields = ["id", "task", "percent", "note", "attachment", "created_by", "created_at"]
        read_only_fields = ["id", "task", "created_by", "created_at"]
        extra_kwargs = {"percent": {"min_value": 0, "max_value": 100}}


class TaskCompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField(required=False, label=_("Completed on"))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TaskCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"))


class _BreakdownSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    completed = serializers.IntegerField()
    completion_percent = serializers.FloatField()
    overdue = serializers.IntegerField()


class UnitBreakdownSerializer(_BreakdownSerializer):
    unit = serializers.IntegerField()
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()


class KindBreakdownSerializer(_BreakdownSerializer):
    kind = serializers.ChoiceField(choices=TaskKind.choices)
    label = serializers.CharField()


class TaskSummarySerializer(_BreakdownSerializer):
    by_unit = UnitBreakdownSerializer(many=True)
    by_kind = KindBreakdownSerializer(many=True)
