"""Celery tasks of the ``tasks`` app (import as ``tasks.tasks``): thin wrappers of services."""

from celery import shared_task

from tasks.services import task_reminders_send


@shared_task(name="tasks.send_task_reminders")
def send_task_reminders() -> int:
    """Daily: e-mail each lead unit its tasks due within three days and its overdue tasks."""
    return task_reminders_send()
