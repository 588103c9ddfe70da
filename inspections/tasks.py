"""Celery tasks of the ``inspections`` app: thin wrappers of services."""

from celery import shared_task

from inspections.services import recommendation_reminders_send


@shared_task(name="inspections.send_recommendation_reminders")
def send_recommendation_reminders() -> int:
    """Daily: e-mail each inspection team its overdue and nearly due recommendations."""
    return recommendation_reminders_send()
