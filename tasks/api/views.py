from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.access import Capability
from tasks import selectors, services
from tasks.choices import TaskKind, TaskStatus
from tasks.filtersets import TaskFilterSet
from tasks.models import Task, Unit, WorkProgram
from vca_portal.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet

from .serializers import (
    TaskCancelSerializer,
    TaskCompleteSerializer,
    TaskProgressSerializer,
    TaskSerializer,
    TaskSummarySerializer,
    UnitSerializer,
    WorkProgramSerializer,
)


class UnitViewSet(PortalReadOnlyViewSet):
    """Departments and attached units of the alliance."""

    queryset = Unit.objects.select_related("head")
    serializer_class = UnitSerializer
    read_capability = Capability.VIEW_WORK
    filterset_fields = ["kind", "is_active", "parent"]


class WorkProgramViewSet(PortalReadOnlyViewSet):
    """The yearly work programmes."""

    queryset = WorkProgram.objects.all()
    serializer_class = WorkProgramSerializer
    read_capability = Capability.VIEW_WORK
    filterset_fields = ["year"]


class TaskViewSet(PortalModelViewSet):
    """Tasks and Standing Committee submissions. Staff assign them; a unit reports progress
    and completes the tasks it leads (``progress`` and ``complete``)."""

    queryset = Task.objects.select_related("lead_unit").prefetch_related("supporting_units")
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    ordering_fields = ["due_on", "assigned_on", "status", "id"]
    read_capability = Capability.VIEW_WORK
    write_capability = Capability.MANAGE_WORK
    action_capabilities = {
        "progress": Capability.UPDATE_UNIT_TASKS,
        "complete": Capability.UPDATE_UNIT_TASKS,
        "cancel": Capability.MANAGE_WORK,
    }
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        supporting = data.pop("supporting_units", [])
        serializer.instance = services.task_create(
            assigned_by=self.request.user, supporting_units=supporting, **data
        )

    @extend_schema(request=TaskProgressSerializer, responses={201: TaskProgressSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        task = self.get_object()
        serializer = TaskProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        progress = services.task_add_progress(
            task=task, user=request.user, **serializer.validated_data
        )
        return Response(TaskProgressSerializer(progress).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskCompleteSerializer, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        task = self.get_object()
        serializer = TaskCompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = services.task_complete(task=task, user=request.user, **serializer.validated_data)
        return Response(TaskSerializer(task).data)

    @extend_schema(request=TaskCancelSerializer, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        task = self.get_object()
        serializer = TaskCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = services.task_cancel(task=task, user=request.user, **serializer.validated_data)
        return Response(TaskSerializer(task).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("due_year", int, description="Year of the due date"),
            OpenApiParameter("due_month", int, description="Month of the due date (1-12)"),
            OpenApiParameter("programme", int, description="Work programme id"),
            OpenApiParameter("unit", int, description="Lead unit id"),
            OpenApiParameter("kind", str, enum=TaskKind.values),
            OpenApiParameter("status", str, enum=TaskStatus.values),
        ],
        responses={200: TaskSummarySerializer},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def summary(self, request):
        """Totals for the same filters as the list: "80/122 completed"."""
        filters = TaskFilterSet(request.query_params, queryset=Task.objects.none())
        if not filters.is_valid():
            raise ValidationError({name: list(errors) for name, errors in filters.errors.items()})
        return Response(selectors.task_summary(user=request.user, **filters.summary_arguments()))
