"""Reminders to the provinces that have not reported a month, by e-mail and in the portal.

A daily run (``cooperatives.tasks.send_submission_reminders``) looks at the month whose deadline
is near or past: ``SUBMISSION_REMINDER_DAYS_BEFORE`` days before it, the step is *before*; from
``SUBMISSION_REMINDER_DAYS_AFTER`` days after it, *after*; from ``SUBMISSION_REMINDER_DAYS_FINAL``
days after it, *final*. Only the latest step due is sent (a run missed for a week does not send
a stale "before"), and each step once per province:

1. each province not reported gets a ``SubmissionReminder`` row for the step, made with the
   unique (province, month, step) constraint, so two runs at once make one row;
2. rows not yet sent are locked (``FOR UPDATE SKIP LOCKED``: a row another run holds is left
   to it), e-mailed to the officers who answer for the province, and marked sent in the same
   transaction. A run that dies before its commit leaves them unsent for the next run; one
   whose mail server refuses leaves them unsent and raises, so that Celery retries.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import User
from vca_portal import clock

from ..choices import ReminderStep
from ..models import Province, SubmissionReminder
from ..selectors import previous_month, provinces_not_reported, submission_deadline

log = logging.getLogger(__name__)


def reminder_due(today: datetime.date) -> tuple[int, int, str, datetime.date] | None:
    """The month, step and deadline a run on ``today`` reminds of, or None: last month, whose
    deadline falls in this month (by default the 5th: *before* on the 3rd to the 5th, *after*
    from the 6th, *final* from the 12th to the month's end)."""
    year, month = previous_month(today.year, today.month)
    deadline = submission_deadline(year=year, month=month)
    days = (today - deadline).days
    if days >= settings.SUBMISSION_REMINDER_DAYS_FINAL:
        return year, month, ReminderStep.FINAL, deadline
    if days >= settings.SUBMISSION_REMINDER_DAYS_AFTER:
        return year, month, ReminderStep.AFTER, deadline
    if days >= -settings.SUBMISSION_REMINDER_DAYS_BEFORE:
        return year, month, ReminderStep.BEFORE, deadline
    return None


def answering_officers(provinces: list[Province]) -> dict[int, list[User]]:
    """The active officers answering for each province, by username: a province abolished in
    2025 is answered for by the union it was merged into. One query."""
    answering = {province.pk: province.successor_id or province.pk for province in provinces}
    by_province: dict[int, list[User]] = {}
    officers = User.objects.filter(
        role=Role.PROVINCIAL_OFFICER, is_active=True, province__in=set(answering.values())
    )
    for officer in officers.order_by("username"):
        by_province.setdefault(officer.province_id, []).append(officer)
    return {pk: by_province.get(answer, []) for pk, answer in answering.items()}


def _officers(provinces: list[Province]) -> dict[int, list[str]]:
    """The e-mail addresses a province's reminder goes to."""
    return {
        pk: sorted(officer.email for officer in officers if officer.email)
        for pk, officers in answering_officers(provinces).items()
    }


def submission_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind each province that has not reported the month due (see the module docstring).
    Returns how many reminders this run sent."""
    today = today or clock.today()
    due = reminder_due(today)
    if due is None:
        return 0
    year, month, step, deadline = due
    provinces = list(provinces_not_reported(year=year, month=month))
    officers = _officers(provinces)
    for province in provinces:
        try:
            with transaction.atomic():
                SubmissionReminder.objects.get_or_create(
                    province=province,
                    year=year,
                    month=month,
                    step=step,
                    defaults={"deadline": deadline, "recipients": officers[province.pk]},
                )
        except IntegrityError:  # another run made it at the same instant
            continue
    return _send_pending(year=year, month=month, step=step)


def _send_pending(*, year: int, month: int, step: str) -> int:
    sent = 0
    with transaction.atomic():
        pending = (
            SubmissionReminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("province")
            .filter(year=year, month=month, step=step, sent_at__isnull=True)
            .order_by("province__code")
        )
        for reminder in pending:
            if reminder.recipients:
                subject, body = _message(reminder)
                send_mail(subject, body, None, reminder.recipients)
            reminder.sent_at = clock.now()
            reminder.save(update_fields=["sent_at"])
            sent += 1
    log.info("submission reminders %02d/%d %s: %d sent", month, year, step, sent)
    return sent


def _message(reminder: SubmissionReminder) -> tuple[str, str]:
    with translation.override("vi"):
        period = f"{reminder.month:02d}/{reminder.year}"
        subjects = {
            ReminderStep.BEFORE: _("Reminder: the figures of %(period)s are due on %(deadline)s"),
            ReminderStep.AFTER: _("Overdue: the figures of %(period)s were due on %(deadline)s"),
            ReminderStep.FINAL: _(
                "Still missing: the figures of %(period)s were due on %(deadline)s"
            ),
        }
        subject = subjects[reminder.step] % {
            "period": period,
            "deadline": reminder.deadline.strftime("%d/%m/%Y"),
        }
        body = render_to_string(
            "cooperatives/email/submission_reminder.txt",
            {"reminder": reminder, "period": period},
        )
    return subject, body
