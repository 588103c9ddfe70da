from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from drafting.choices import DraftKind
from drafting.models import DraftedDocument
from inspections.models import InspectionPlan
from meetings.models import Meeting


class DraftedDocumentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="document.number", read_only=True)
    status = serializers.CharField(source="document.status", read_only=True)
    issued_on = serializers.DateField(source="document.issued_on", read_only=True)
    files_ready = serializers.BooleanField(read_only=True)
    docx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = DraftedDocument
        fields = [
            "id",
            "document",
            "kind",
            "meeting",
            "month",
            "plan",
            "number",
            "status",
            "issued_on",
            "place",
            "signer_authority",
            "signer_title",
            "signer_name",
            "secretary_name",
            "recipients",
            "content",
            "replaces",
            "render_state",
            "render_progress",
            "render_error",
            "files_ready",
            "docx_sha256",
            "pdf_sha256",
            "docx_url",
            "pdf_url",
            "issued_at",
            "created_at",
        ]
        read_only_fields = [
            name
            for name in fields
            if name
            not in (
                "place",
                "signer_authority",
                "signer_title",
                "signer_name",
                "secretary_name",
                "recipients",
            )
        ]

    def _url(self, drafted, file_format: str) -> str | None:
        if not drafted.files_ready:
            return None
        request = self.context.get("request")
        path = f"/api/v1/documents/{drafted.document_id}/{file_format}/"
        return request.build_absolute_uri(path) if request else path

    def get_docx_url(self, drafted) -> str | None:
        return self._url(drafted, "docx")

    def get_pdf_url(self, drafted) -> str | None:
        return self._url(drafted, "pdf")


class DraftCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DraftKind.choices, label=_("Kind"))
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), required=False, allow_null=True
    )
    month = serializers.DateField(required=False, allow_null=True, help_text=_("Any day of it."))
    plan = serializers.PrimaryKeyRelatedField(
        queryset=InspectionPlan.objects.all(), required=False, allow_null=True
    )
    place = serializers.CharField(required=False, max_length=100)
    signer_authority = serializers.CharField(required=False, allow_blank=True, max_length=100)
    signer_title = serializers.CharField(required=False, allow_blank=True, max_length=150)
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    secretary_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    recipients = serializers.CharField(required=False, allow_blank=True, max_length=4000)
