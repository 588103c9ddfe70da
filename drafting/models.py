"""Official documents the portal drafts from its data (a meeting's conclusion notice and
minutes, a month's report, an inspection plan) and issues under Decree 30/2020/NĐ-CP: each is
an entry of the document register (``meetings.Document``) with its files."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import _changed
from vca_portal import bounds
from vca_portal.audit import audited

from .choices import DraftKind, FileFormat, RenderState


def drafted_file_path(instance: "DraftedDocument", filename: str) -> str:
    return f"issued/{instance.document.year}/{instance.pk}/{filename}"


# The audit keeps what was drafted, signed and issued, not each step of a rendering.
@audited(exclude=["content", "render_state", "render_progress", "render_error", "rendered_at"])
class DraftedDocument(models.Model):
    document = models.OneToOneField(
        "meetings.Document",
        verbose_name=_("register entry"),
        on_delete=models.PROTECT,
        related_name="drafted",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DraftKind.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafted_documents",
    )
    month = models.DateField(_("month"), null=True, blank=True)
    plan = models.ForeignKey(
        "inspections.InspectionPlan",
        verbose_name=_("inspection plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafted_documents",
    )
    place = models.CharField(_("place"), max_length=100, default="Hà Nội")
    signer_authority = models.CharField(
        _("signing authority"),
        max_length=100,
        blank=True,
        help_text=_("As printed above the title, e.g. TL. CHỦ TỊCH or KT. CHỦ TỊCH."),
    )
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    secretary_name = models.CharField(
        _("secretary"), max_length=150, blank=True, help_text=_("Signs the minutes with the chair.")
    )
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One per line, as printed under “Nơi nhận”.")
    )
    content = models.JSONField(_("content"), default=dict, blank=True)
    replaces = models.OneToOneField(
        "meetings.Document",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    render_state = models.CharField(
        _("files"), max_length=20, choices=RenderState.choices, default=RenderState.PENDING
    )
    render_progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, validators=bounds.percent()
    )
    render_error = models.TextField(_("rendering error"), blank=True)
    docx = models.FileField(_("Word file"), upload_to=drafted_file_path, blank=True)
    pdf = models.FileField(_("PDF file"), upload_to=drafted_file_path, blank=True)
    docx_sha256 = models.CharField(_("SHA-256 of the Word file"), max_length=64, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF file"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("drafted document")
        verbose_name_plural = _("drafted documents")
        ordering = ["-created_at", "-id"]
        triggers = [
            # Once issued, what the document says and who signs it are fixed in the database
            # itself; its final files too, once rendered after the issue.
            pgtrigger.Protect(
                name="issued_content_fixed",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__issued_at__isnull=False)
                & _changed(
                    "document",
                    "kind",
                    "meeting",
                    "month",
                    "plan",
                    "place",
                    "signer_authority",
                    "signer_title",
                    "signer_name",
                    "secretary_name",
                    "recipients",
                    "content",
                    "replaces",
                    "issued_at",
                ),
            ),
            pgtrigger.Protect(
                name="issued_files_fixed",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__issued_at__isnull=False, old__render_state="ready")
                & pgtrigger.Q(old__rendered_at__gte=pgtrigger.F("old__issued_at"))
                & _changed("docx", "pdf", "docx_sha256", "pdf_sha256"),
            ),
            pgtrigger.Protect(
                name="issued_drafted_kept",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__issued_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["notice", "minutes"], meeting__isnull=False)
                    & Q(month__isnull=True, plan__isnull=True)
                )
                | (
                    Q(kind="month_report", month__isnull=False, month__day=1)
                    & Q(meeting__isnull=True, plan__isnull=True)
                )
                | (
                    Q(kind="plan", plan__isnull=False) & Q(meeting__isnull=True, month__isnull=True)
                ),
                name="drafted_document_source_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(issued_at__isnull=True)
                | (~Q(signer_name="") & ~Q(signer_title="") & ~Q(recipients="")),
                name="drafted_document_issued_with_signer_and_recipients",
            ),
        ]

    def __str__(self) -> str:
        return self.document.number or str(self.content.get("title", self.get_kind_display()))

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def files_ready(self) -> bool:
        return self.render_state == RenderState.READY and bool(self.docx) and bool(self.pdf)


class DocumentTemplate(models.Model):
    """A Word template an administrator uploaded to replace the one kept with the code, for
    one kind of document or for every kind. It is a .docx with docxtpl (Jinja) tags; the
    repository's template (``drafting/document_templates/official.docx``) shows them."""

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=DraftKind.choices,
        blank=True,
        help_text=_("Leave empty to use it for every kind without a template of its own."),
    )
    file = models.FileField(_("Word template (.docx)"), upload_to="document_templates/")
    is_active = models.BooleanField(_("in use"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_active=True), name="one_active_template_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display() or str(_("Every kind"))


class Download(models.Model):
    """Who downloaded which file of a drafted or issued document, and when."""

    drafted = models.ForeignKey(
        DraftedDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="downloads",
    )
    file_format = models.CharField(_("file format"), max_length=10, choices=FileFormat.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    via_api = models.BooleanField(_("through the API"), default=False)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["drafted", "-at"], name="download_by_document")]

    def __str__(self) -> str:
        return f"{self.drafted} {self.file_format} {self.at:%Y-%m-%d %H:%M}"
