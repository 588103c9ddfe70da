"""Celery tasks of the cooperatives app: thin, they call a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services.reminders import submission_reminders_send


@shared_task(
    name="cooperatives.send_submission_reminders",
    # A lost database or a refusing mail server is worth retrying; the run sends nothing twice.
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=60,
    max_retries=5,
    acks_late=True,
)
def send_submission_reminders() -> int:
    """Daily: remind the provinces that have not reported last month (before the deadline,
    after it, and a week after it), each step once."""
    return submission_reminders_send()
