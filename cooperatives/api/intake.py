"""``POST /api/v1/submissions/upload/``: the Excel workbook of a province's months, saved by the
same intake service as the browser upload (all months or none)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import Capability

from ..services.intake import IntakeRefused, submissions_upload, upload_size_limit


class SubmissionUploadView(APIView):
    """Upload a filled template (multipart field ``file``). 201 with the saved months, or 400
    with ``errors`` listed by sheet, row and column, and nothing saved."""

    parser_classes = [MultiPartParser]
    write_capability = Capability.EDIT_OWN_PROVINCE
    throttle_scope = "uploads"

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "SubmissionUpload", fields={"file": serializers.FileField()}
            )
        },
        responses={
            201: inline_serializer(
                "SubmissionUploadResult",
                fields={
                    "saved": serializers.ListField(child=serializers.DictField()),
                    "unchanged": serializers.IntegerField(),
                },
            ),
            400: inline_serializer(
                "SubmissionUploadErrors",
                fields={"errors": serializers.ListField(child=serializers.CharField())},
            ),
        },
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            return Response(
                {"errors": [_("Attach the workbook as the field “file”.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        limit = upload_size_limit()
        if upload.size > limit:
            message = _("The file is larger than %(limit)s MB; split it by period.") % {
                "limit": f"{limit / (1024 * 1024):g}"
            }
            return Response({"errors": [message]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            result = submissions_upload(
                actor=request.user, data=upload.read(), filename=upload.name
            )
        except IntakeRefused as refused:
            return Response({"errors": refused.messages}, status=status.HTTP_400_BAD_REQUEST)
        saved = [
            {
                "id": submission.pk,
                "province": submission.province.code,
                "year": submission.year,
                "month": submission.month,
                "status": submission.status,
                "version": submission.version,
            }
            for submission in result.saved
        ]
        return Response(
            {"saved": saved, "unchanged": result.unchanged}, status=status.HTTP_201_CREATED
        )
