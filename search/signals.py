"""A document saved with a file not yet read has its text read after commit."""

from django.db.models.signals import post_save

from .models import DocumentText
from .services import document_text_request


def _document_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    name = instance.file.name if instance.file else ""
    known = list(
        DocumentText.objects.filter(document_id=instance.pk).values_list("file_name", flat=True)
    )
    if (name and name not in known) or (not name and known):
        document_text_request(document_id=instance.pk)


def connect() -> None:
    from meetings.models import Document

    post_save.connect(_document_saved, sender=Document, dispatch_uid="search-document-text")
