"""Writes on units' tasks, with their rules: who may update a task, how progress and
completion change it, and the daily reminder to each lead unit."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.access import Capability, has_capability
from vca_portal.errors import ConflictError

from .choices import CLOSED_STATUSES, TaskKind, TaskStatus
from .models import Task, TaskProgress, Unit, WorkProgram, local_today

REMINDER_DAYS = 3


def can_update_task(user, task: Task) -> bool:
    """Administrators update any task; a unit's staff update only the tasks their unit leads."""
    if has_capability(user, Capability.ADMINISTER):
        return True
    return (
        has_capability(user, Capability.UPDATE_UNIT_TASKS)
        and user.unit_id is not None
        and user.unit_id == task.lead_unit_id
    )


def _ensure_can_update(user, task: Task) -> None:
    if not can_update_task(user, task):
        raise PermissionDenied(_("Only the lead unit of this task can update it."))


@transaction.atomic
def task_create(
    *,
    title: str,
    lead_unit: Unit,
    assigned_by=None,
    assigned_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    kind: str = TaskKind.TASK,
    description: str = "",
    programme: WorkProgram | None = None,
    conclusion=None,
    document=None,
    supporting_units: Iterable[Unit] = (),
    is_key: bool = False,
    status: str = TaskStatus.NOT_STARTED,
    completed_on: datetime.date | None = None,
) -> Task:
    assigned_on = assigned_on or local_today()
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter what has to be done.")
    if due_on is not None and due_on < assigned_on:
        errors["due_on"] = _("The due date cannot be before the date of assignment.")
    if not lead_unit.is_active:
        errors["lead_unit"] = _("This unit no longer exists.")
    supporting = [unit for unit in supporting_units if unit.pk != lead_unit.pk]
    if errors:
        raise ValidationError(errors)
    if status == TaskStatus.COMPLETED and completed_on is None:
        completed_on = assigned_on
    task = Task.objects.create(
        title=title.strip(),
        description=description,
        kind=kind,
        programme=programme,
        conclusion=conclusion,
        document=document,
        lead_unit=lead_unit,
        assigned_by=assigned_by,
        assigned_on=assigned_on,
        due_on=due_on,
        status=status,
        percent_complete=100 if status == TaskStatus.COMPLETED else 0,
        completed_on=completed_on if status == TaskStatus.COMPLETED else None,
        is_key=is_key,
    )
    if supporting:
        task.supporting_units.set(supporting)
    return task


@transaction.atomic
def task_add_progress(
    *, task: Task, user, percent: int, note: str = "", attachment=None
) -> TaskProgress:
    """Record how far a task is. The first update starts the task; completing it is a
    separate, explicit step (``task_complete``)."""
    _ensure_can_update(user, task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status in CLOSED_STATUSES:
        raise ConflictError(_("This task is closed; its progress can no longer change."))
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("The percentage must be between 0 and 100.")})
    if attachment is not None:
        from meetings.validators import validate_office_file

        try:
            validate_office_file(attachment)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error
    progress = TaskProgress.objects.create(
        task=task, percent=percent, note=note, attachment=attachment or "", created_by=user
    )
    task.percent_complete = percent
    if task.status == TaskStatus.NOT_STARTED:
        task.status = TaskStatus.IN_PROGRESS
    task.save(update_fields=["percent_complete", "status"])
    return progress


@transaction.atomic
def task_complete(
    *, task: Task, user, completed_on: datetime.date | None = None, note: str = ""
) -> Task:
    _ensure_can_update(user, task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == TaskStatus.COMPLETED:
        raise ConflictError(_("This task is already completed."))
    if task.status == TaskStatus.CANCELLED:
        raise ConflictError(_("A cancelled task cannot be completed."))
    completed_on = completed_on or local_today()
    if completed_on < task.assigned_on:
        raise ValidationError(
            {"completed_on": _("A task cannot be completed before it was assigned.")}
        )
    if completed_on > local_today():
        raise ValidationError({"completed_on": _("The completion date cannot be in the future.")})
    TaskProgress.objects.create(task=task, percent=100, note=note, created_by=user)
    task.status = TaskStatus.COMPLETED
    task.completed_on = completed_on
    task.percent_complete = 100
    task.save(update_fields=["status", "completed_on", "percent_complete"])
    return task


@transaction.atomic
def task_cancel(*, task: Task, user, reason: str) -> Task:
    """Withdraw a task (staff who assign tasks decide it); the reason is kept in its history."""
    if not has_capability(user, Capability.MANAGE_WORK):
        raise PermissionDenied(_("Only staff who assign tasks can cancel them."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the task is cancelled.")})
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status in CLOSED_STATUSES:
        raise ConflictError(_("This task is already closed."))
    TaskProgress.objects.create(
        task=task, percent=task.percent_complete, note=reason.strip(), created_by=user
    )
    task.status = TaskStatus.CANCELLED
    task.save(update_fields=["status"])
    return task


def _unit_recipients(unit: Unit) -> list[str]:
    addresses = [unit.email, unit.head.email if unit.head else ""]
    addresses += [member.email for member in unit.members.all() if member.is_active]
    return sorted({address for address in addresses if address})


def task_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail each lead unit its open tasks due within three days and its overdue tasks, in
    Vietnamese. Returns how many e-mails were sent; a unit with nothing pending gets none."""
    today = today or local_today()
    horizon = today + datetime.timedelta(days=REMINDER_DAYS)
    pending = (
        Task.objects.open()
        .filter(due_on__lte=horizon, lead_unit__is_active=True)
        .select_related("lead_unit")
        .order_by("lead_unit_id", "due_on", "id")
    )
    by_unit: dict[int, list[Task]] = {}
    for task in pending:
        by_unit.setdefault(task.lead_unit_id, []).append(task)
    units = Unit.objects.filter(pk__in=by_unit).select_related("head").prefetch_related("members")
    sent = 0
    with translation.override("vi"):
        for unit in units:
            recipients = _unit_recipients(unit)
            if not recipients:
                continue
            tasks = by_unit[unit.pk]
            context = {
                "unit": unit,
                "today": today,
                "overdue": [t for t in tasks if t.due_on < today],
                "due_soon": [t for t in tasks if t.due_on >= today],
                "days": REMINDER_DAYS,
            }
            subject = _(
                "Tasks of %(unit)s: %(overdue)d overdue, %(soon)d due within %(days)d days"
            ) % {
                "unit": unit.name,
                "overdue": len(context["overdue"]),
                "soon": len(context["due_soon"]),
                "days": REMINDER_DAYS,
            }
            body = render_to_string("tasks/email/reminder.txt", context)
            send_mail(subject, body, None, recipients)
            sent += 1
    return sent
