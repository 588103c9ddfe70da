from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.access import Capability
from meetings import selectors, services
from meetings.filtersets import DocumentFilterSet, MeetingFilterSet
from meetings.models import Agreement, Conclusion, Document, Meeting
from tasks.api.serializers import TaskSerializer
from vca_portal.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet

from .serializers import (
    AgreementCreateSerializer,
    AgreementSerializer,
    ConclusionSerializer,
    CreateTasksSerializer,
    DocumentSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    MinutesSerializer,
    NextNumberQuerySerializer,
    NextNumberSerializer,
    ParticipantSerializer,
    VoteResultSerializer,
)


class MeetingViewSet(PortalModelViewSet):
    """Meetings with their agenda, conclusions and votes. Staff record them."""

    queryset = Meeting.objects.select_related("chaired_by")
    serializer_class = MeetingDetailSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["starts_at", "id"]
    read_capability = Capability.VIEW_WORK
    write_capability = Capability.MANAGE_WORK
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return super().get_queryset()
        return selectors.meeting_detail(user=self.request.user)

    def get_serializer_class(self):
        return MeetingSerializer if self.action == "list" else super().get_serializer_class()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        agenda = [
            (item["title"], item.get("presenter", "")) for item in data.pop("agenda_items", [])
        ]
        serializer.instance = services.meeting_create(
            created_by=self.request.user, agenda=agenda, **data
        )

    @extend_schema(request=MeetingSerializer, responses={200: MeetingDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        """Correct a meeting's particulars: kind, title, time, format, place, chair, month
        reviewed. The agenda, minutes, conclusions and votes have their own steps."""
        meeting = self.get_object()
        serializer = MeetingSerializer(meeting, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.meeting_update(meeting=meeting, **serializer.validated_data)
        return Response(MeetingDetailSerializer(self.get_object()).data)

    @extend_schema(request=ConclusionSerializer, responses={201: ConclusionSerializer})
    @action(detail=True, methods=["post"])
    def conclusions(self, request, pk=None):
        """Add the next numbered conclusion."""
        meeting = self.get_object()
        serializer = ConclusionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conclusion = services.meeting_add_conclusion(
            meeting=meeting, text=serializer.validated_data["text"]
        )
        return Response(ConclusionSerializer(conclusion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MinutesSerializer, responses={200: MeetingDetailSerializer})
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        """Write the meeting's minutes."""
        meeting = self.get_object()
        serializer = MinutesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.meeting_update_minutes(meeting=meeting, **serializer.validated_data)
        return Response(MeetingDetailSerializer(self.get_object()).data)

    @extend_schema(request=ParticipantSerializer, responses={201: ParticipantSerializer})
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Put a person on the attendance list: present, online, absent (with the reason) or
        invited; a person is listed once."""
        meeting = self.get_object()
        serializer = ParticipantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        participant = services.meeting_record_attendance(
            meeting=meeting, **serializer.validated_data
        )
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VoteResultSerializer, responses={201: VoteResultSerializer})
    @action(detail=True, methods=["post"])
    def votes(self, request, pk=None):
        meeting = self.get_object()
        serializer = VoteResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vote = services.meeting_record_vote(meeting=meeting, **serializer.validated_data)
        return Response(VoteResultSerializer(vote).data, status=status.HTTP_201_CREATED)


class ConclusionViewSet(PortalReadOnlyViewSet):
    """Meeting conclusions; ``create-tasks`` turns one into tasks for lead units."""

    queryset = Conclusion.objects.select_related("meeting").prefetch_related("tasks")
    serializer_class = ConclusionSerializer
    filterset_fields = ["meeting"]
    read_capability = Capability.VIEW_WORK
    action_capabilities = {"create_tasks": Capability.MANAGE_WORK}

    @extend_schema(request=CreateTasksSerializer, responses={201: TaskSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="create-tasks")
    def create_tasks(self, request, pk=None):
        conclusion = self.get_object()
        serializer = CreateTasksSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tasks = services.conclusion_create_tasks(
            conclusion=conclusion,
            assignments=[
                services.Assignment(**a) for a in serializer.validated_data["assignments"]
            ],
            assigned_by=request.user,
        )
        return Response(TaskSerializer(tasks, many=True).data, status=status.HTTP_201_CREATED)


class DocumentViewSet(PortalModelViewSet):
    """The document register. ``?number=784/TB-LMHTXVN`` finds one number exactly;
    ``next-number`` proposes the next serial for a type and year."""

    queryset = Document.objects.select_related("agreement").prefetch_related("cites", "meetings")
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    ordering_fields = ["issued_on", "year", "serial_value", "id"]
    read_capability = Capability.VIEW_WORK
    write_capability = Capability.MANAGE_WORK
    action_capabilities = {"next_number": Capability.MANAGE_WORK}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.document_register(created_by=self.request.user, **data)

    def partial_update(self, request, *args, **kwargs):
        """Correct a registered document; without ``file`` the file stays."""
        document = self.get_object()
        serializer = self.get_serializer(document, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not data.get("file", True):
            del data["file"]
        services.document_update(document=document, **data)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("doc_type", str, required=True),
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("issuer", str),
            OpenApiParameter("department", str),
        ],
        responses={200: NextNumberSerializer},
    )
    @action(detail=False, methods=["get"], url_path="next-number", pagination_class=None)
    def next_number(self, request):
        query = NextNumberQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(services.document_next_number(**query.validated_data))


class AgreementViewSet(PortalModelViewSet):
    """International cooperation agreements (memoranda and cooperation agreements); creating
    one also puts its document in the register."""

    queryset = Agreement.objects.select_related("document")
    serializer_class = AgreementSerializer
    filterset_fields = ["kind", "country"]
    read_capability = Capability.VIEW_WORK
    write_capability = Capability.MANAGE_WORK
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=AgreementCreateSerializer, responses={201: AgreementSerializer})
    def create(self, request, *args, **kwargs):
        serializer = AgreementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agreement = services.agreement_register(
            created_by=request.user, **serializer.validated_data
        )
        return Response(AgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)
