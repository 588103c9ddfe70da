from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import Capability
from drafting import selectors, services
from drafting.choices import FileFormat
from drafting.models import DraftedDocument
from drafting.views import file_response
from vca_portal.api.viewsets import PortalModelViewSet

from .serializers import DraftCreateSerializer, DraftedDocumentSerializer


class DraftedDocumentViewSet(PortalModelViewSet):
    """Official documents drafted from the portal's data: a meeting's conclusion notice
    (``kind=notice``) or minutes (``minutes``), a past month's report (``month_report``), an
    inspection plan (``plan``). Creating one drafts it and renders its files in the background
    (``render_state``, ``render_progress``); ``issue`` gives it the next number of the
    alliance's one sequence for the year and today's date and fixes it; ``correction`` drafts
    the document that will replace an issued one. The files are at
    ``/api/v1/documents/{document}/docx/`` and ``/pdf/``."""

    queryset = DraftedDocument.objects.select_related("document")
    serializer_class = DraftedDocumentSerializer
    filterset_fields = ["kind", "meeting", "plan", "document__status"]
    ordering_fields = ["created_at", "id"]
    read_capability = Capability.VIEW_WORK
    write_capability = Capability.MANAGE_WORK
    action_capabilities = {
        "issue": Capability.ISSUE_DOCUMENTS,
        "refresh": Capability.MANAGE_WORK,
        "correction": Capability.MANAGE_WORK,
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=DraftCreateSerializer, responses={201: DraftedDocumentSerializer})
    def create(self, request, *args, **kwargs):
        serializer = DraftCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        drafted = services.draft_create(created_by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(drafted).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        """Change a draft's place, signer, secretary or recipients; it is rendered again."""
        drafted = self.get_object()
        serializer = self.get_serializer(drafted, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        drafted = services.draft_update(drafted=drafted, **serializer.validated_data)
        return Response(self.get_serializer(drafted).data)

    @extend_schema(request=None, responses={200: DraftedDocumentSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Issue the draft: number, date and content fixed; 400 with the reason (a missing
        signer or recipients) and nothing issued otherwise."""
        drafted = services.draft_issue(drafted=self.get_object(), issued_by=request.user)
        return Response(self.get_serializer(drafted).data)

    @extend_schema(request=None, responses={200: DraftedDocumentSerializer})
    @action(detail=True, methods=["post"])
    def refresh(self, request, pk=None):
        """Build the draft's content again from the data as it is now."""
        drafted = services.draft_refresh(drafted=self.get_object())
        return Response(self.get_serializer(drafted).data)

    @extend_schema(request=None, responses={201: DraftedDocumentSerializer})
    @action(detail=True, methods=["post"])
    def correction(self, request, pk=None):
        """Draft a correction of an issued document; issued, it replaces the original."""
        drafted = self.get_object()
        correction = services.correction_create(document=drafted.document, created_by=request.user)
        return Response(self.get_serializer(correction).data, status=status.HTTP_201_CREATED)


class DocumentFileView(APIView):
    """The Word file or PDF of a drafted or issued document, checked against its SHA-256;
    every download is recorded."""

    read_capability = Capability.VIEW_WORK

    @extend_schema(
        operation_id="v1_documents_file_retrieve",
        parameters=[
            OpenApiParameter("file_format", str, OpenApiParameter.PATH, enum=["docx", "pdf"])
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk: int, file_format: str):
        if file_format not in FileFormat.values:
            raise NotFound()
        drafted = selectors.drafted_for_document(user=request.user, document_id=pk)
        if drafted is None or not drafted.files_ready:
            raise NotFound()
        response: HttpResponse = file_response(request, drafted, file_format, via_api=True)
        return response
