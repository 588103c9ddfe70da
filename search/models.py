from django.db import models
from django.utils.translation import gettext_lazy as _

from vca_portal import clock

from .choices import TextStatus


class DocumentText(models.Model):
    """The text of a document's attached file, extracted once (by a Celery task) so that the
    search finds words inside the file. ``file_name`` says which file it was read from: a new
    file is read again, the same one never twice. A file that cannot be read is marked, with
    the reason, and the document is still found by its number, title and summary."""

    document = models.OneToOneField(
        "meetings.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="attachment_text",
    )
    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=TextStatus.choices)
    text = models.TextField(_("text"), blank=True)
    problem = models.CharField(_("problem"), max_length=300, blank=True)
    extracted_at = models.DateTimeField(_("read at"), default=clock.now)

    class Meta:
        verbose_name = _("text of an attached file")
        verbose_name_plural = _("texts of attached files")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
