"""Celery task of the drafting app: thin, it takes an id and calls the service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import services


@shared_task(
    bind=True,
    name="drafting.render_document",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=3,
    acks_late=True,
)
def render_document(self, drafted_id: int) -> str:
    try:
        drafted = services.draft_render(drafted_id=drafted_id)
    except (OperationalError, InterfaceError):
        raise
    except Exception as error:
        with override("vi"):
            message = _("The files could not be rendered: %(error)s") % {
                "error": f"{type(error).__name__}: {error}"
            }
        services.draft_render_failed(drafted_id=drafted_id, error=message)
        raise
    return "rendered" if drafted is not None else "nothing to do"
