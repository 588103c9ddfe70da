from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    name="search.extract_document_text",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    max_retries=5,
    acks_late=True,
)
def extract_document_text(document_id: int) -> str:
    stored = services.document_text_extract(document_id=document_id)
    return stored.status if stored is not None else "no file"
