from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    ATTACHED_UNIT = "attached_unit", _("Attached unit")


class TaskKind(models.TextChoices):
    TASK = "task", _("Task")
    SUBMISSION = "submission", _("Standing Committee submission")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# A task in one of these states can no longer be late.
CLOSED_STATUSES = (TaskStatus.COMPLETED, TaskStatus.CANCELLED)
