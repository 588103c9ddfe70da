from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.choices import DocumentType


class DraftKind(models.TextChoices):
    """What the portal drafts, each from its own data."""

    NOTICE = "notice", _("Conclusion notice")
    MINUTES = "minutes", _("Meeting minutes")
    MONTH_REPORT = "month_report", _("Monthly report")
    PLAN = "plan", _("Inspection plan")


# The type code of each kind's number (784/TB-…, …/BB-…, …/BC-…, 758/KH-…).
DOC_TYPE = {
    DraftKind.NOTICE: DocumentType.NOTICE,
    DraftKind.MINUTES: DocumentType.MINUTES,
    DraftKind.MONTH_REPORT: DocumentType.REPORT,
    DraftKind.PLAN: DocumentType.PLAN,
}


class RenderState(models.TextChoices):
    PENDING = "pending", _("Waiting to be rendered")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class FileFormat(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF")
