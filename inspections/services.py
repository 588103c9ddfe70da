"""Writes with the committee's business rules. The browser forms, the API and the demo data all
call these functions.

Legal periods of a case (``complaint_deadlines``), each counted on the one working-day calendar
(``inspections.workdays``: weekends, public holidays including Tết, and the days off an
administrator records are skipped):

Acceptance (thụ lý), counted from receipt:

- complaint (khiếu nại), Luật Khiếu nại 2011, art. 27: within 10 days;
- denunciation (tố cáo), Luật Tố cáo 2018, art. 24(1): within 7 working days, 10 when the
  information must be checked and verified (recorded as a complex case); the decision to accept
  is art. 29;
- petition or report (kiến nghị, phản ánh): no acceptance step.

Resolution (giải quyết), counted from acceptance where the law says so:

- complaint, Luật Khiếu nại 2011, art. 28 (first instance): 30 days from acceptance, 45 for a
  complex case; in a remote area where travel is difficult, 45 and 60;
- denunciation, Luật Tố cáo 2018, art. 30(1): 30 days from acceptance, extendable once by 30
  for a complex case (a very complex case may be extended twice: record that as a new deadline);
- petition: 15 days from receipt, a working convention of the committee (no statute sets one
  period for them).

A period in "ngày" is in calendar days and one in "ngày làm việc" in working days, as each
article says. Calendar days start on the day after the event and, when the last day is not a
working day, end on the next working day (Bộ luật Dân sự 2015, arts. 147–148). Until a case is
accepted, its resolution deadline is counted from receipt, as if accepted that day (the
committee usually accepts on receipt); recording the acceptance date moves it. The resolution
periods can be changed per kind with the ``COMPLAINT_HANDLING_DAYS`` setting
(``{kind: (ordinary days, complex days)}``).
"""

import dataclasses
import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from cooperatives.models import Province
from tasks.models import Unit
from vca_portal.errors import ConflictError

from .choices import (
    COMPLAINT_CLOSED,
    COMPLAINT_OPEN,
    RECOMMENDATION_CLOSED,
    ComplaintKind,
    ComplaintStatus,
)
from .models import Complaint, ComplaintStep, Inspection, InspectionPlan, Recommendation
from .selectors import CONTACT_FIELDS
from .workdays import WorkingCalendar, working_calendar


@dataclasses.dataclass(frozen=True)
class Period:
    """A legal period: so many calendar days ("ngày") or working days ("ngày làm việc")."""

    days: int
    working_days: bool = False

    def end(self, start: datetime.date, calendar: WorkingCalendar) -> datetime.date:
        if self.working_days:
            return calendar.add_working_days(start, self.days)
        return calendar.period_end(start, self.days)


# kind -> (period for an ordinary case, period for a complex case); no entry: no acceptance.
ACCEPTANCE_PERIODS: dict[str, tuple[Period, Period]] = {
    ComplaintKind.COMPLAINT: (Period(10), Period(10)),  # Luật Khiếu nại 2011, art. 27
    # Luật Tố cáo 2018, art. 24(1)
    ComplaintKind.DENUNCIATION: (Period(7, working_days=True), Period(10, working_days=True)),
}
# kind -> (days for an ordinary case, days for a complex case), calendar days.
DEFAULT_HANDLING_DAYS: dict[str, tuple[int, int]] = {
    ComplaintKind.COMPLAINT: (30, 45),  # Luật Khiếu nại 2011, art. 28
    ComplaintKind.DENUNCIATION: (30, 60),  # Luật Tố cáo 2018, art. 30(1)
    ComplaintKind.PETITION: (15, 15),  # the committee's convention
}
# A complaint from a remote area where travel is difficult (Luật Khiếu nại 2011, art. 28).
REMOTE_AREA_HANDLING_DAYS: dict[str, tuple[int, int]] = {ComplaintKind.COMPLAINT: (45, 60)}
# Kinds whose resolution period runs from acceptance; the others run from receipt.
COUNTED_FROM_ACCEPTANCE = (ComplaintKind.COMPLAINT, ComplaintKind.DENUNCIATION)

# Which statuses a complaint may move to from each status; closed cases do not reopen.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ComplaintStatus.RECEIVED: (
        ComplaintStatus.ACCEPTED,
        ComplaintStatus.REJECTED,
        ComplaintStatus.TRANSFERRED,
    ),
    ComplaintStatus.ACCEPTED: (
        ComplaintStatus.UNDER_INVESTIGATION,
        ComplaintStatus.RESOLVED,
        ComplaintStatus.REJECTED,
        ComplaintStatus.TRANSFERRED,
    ),
    ComplaintStatus.UNDER_INVESTIGATION: (
        ComplaintStatus.RESOLVED,
        ComplaintStatus.REJECTED,
        ComplaintStatus.TRANSFERRED,
    ),
}


def handling_days(kind: str, *, is_complex: bool = False, is_remote_area: bool = False) -> int:
    """The resolution period in calendar days. A kind given in ``COMPLAINT_HANDLING_DAYS``
    takes its periods from there, remote area or not."""
    overrides = getattr(settings, "COMPLAINT_HANDLING_DAYS", {})
    if is_remote_area and kind in REMOTE_AREA_HANDLING_DAYS and kind not in overrides:
        ordinary, complex_ = REMOTE_AREA_HANDLING_DAYS[kind]
    else:
        ordinary, complex_ = {**DEFAULT_HANDLING_DAYS, **overrides}[kind]
    return complex_ if is_complex else ordinary


@dataclasses.dataclass(frozen=True)
class Deadlines:
    """The two legal deadlines of a case."""

    acceptance_due_on: datetime.date | None  # None: the kind has no acceptance step
    due_on: datetime.date


def complaint_deadlines(
    *,
    received_on: datetime.date,
    kind: str,
    is_complex: bool = False,
    is_remote_area: bool = False,
    accepted_on: datetime.date | None = None,
    calendar: WorkingCalendar | None = None,
) -> Deadlines:
    """The last day to accept a case and the last day to resolve it (see the module's
    docstring for the articles). ``calendar`` defaults to the calendar as it stands; pass one
    to count many cases with one read of the days off."""
    calendar = calendar if calendar is not None else working_calendar()
    acceptance = ACCEPTANCE_PERIODS.get(kind)
    acceptance_due_on = acceptance[is_complex].end(received_on, calendar) if acceptance else None
    start = received_on
    if kind in COUNTED_FROM_ACCEPTANCE and accepted_on is not None:
        start = accepted_on
    days = handling_days(kind, is_complex=is_complex, is_remote_area=is_remote_area)
    return Deadlines(acceptance_due_on, Period(days).end(start, calendar))


def complaint_due_on(
    *,
    received_on: datetime.date,
    kind: str,
    is_complex: bool = False,
    is_remote_area: bool = False,
    accepted_on: datetime.date | None = None,
    calendar: WorkingCalendar | None = None,
) -> datetime.date:
    """The legal deadline to resolve a case received on ``received_on``."""
    return complaint_deadlines(
        received_on=received_on,
        kind=kind,
        is_complex=is_complex,
        is_remote_area=is_remote_area,
        accepted_on=accepted_on,
        calendar=calendar,
    ).due_on


def complaint_set_deadlines(complaint: Complaint) -> None:
    """Set a case's two deadlines from its particulars (not saved)."""
    if not complaint.received_on or complaint.kind not in ComplaintKind.values:
        return  # full_clean reports the missing particulars
    deadlines = complaint_deadlines(
        received_on=complaint.received_on,
        kind=complaint.kind,
        is_complex=complaint.is_complex,
        is_remote_area=complaint.is_remote_area,
        accepted_on=complaint.accepted_on,
    )
    complaint.acceptance_due_on = deadlines.acceptance_due_on
    complaint.due_on = deadlines.due_on


@transaction.atomic
def complaint_deadlines_recount() -> int:
    """Count the open cases' deadlines anew on the calendar as it stands, after a day off or a
    working day was recorded or removed; closed cases keep theirs. Returns how many moved."""
    calendar = working_calendar()
    moved = 0
    for complaint in Complaint.objects.filter(status__in=COMPLAINT_OPEN).select_for_update():
        deadlines = complaint_deadlines(
            received_on=complaint.received_on,
            kind=complaint.kind,
            is_complex=complaint.is_complex,
            is_remote_area=complaint.is_remote_area,
            accepted_on=complaint.accepted_on,
            calendar=calendar,
        )
        if (complaint.acceptance_due_on, complaint.due_on) != (
            deadlines.acceptance_due_on,
            deadlines.due_on,
        ):
            complaint.acceptance_due_on = deadlines.acceptance_due_on
            complaint.due_on = deadlines.due_on
            complaint.save(update_fields=["acceptance_due_on", "due_on"])
            moved += 1
    return moved


def _assign(instance, fields: dict[str, Any]) -> None:
    many = {}
    for name, value in fields.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            many[name] = value
        else:
            setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name, value in many.items():
        getattr(instance, name).set(value)


# Plans --------------------------------------------------------------------------------------


@transaction.atomic
def inspection_plan_create(**fields: Any) -> InspectionPlan:
    """Record a plan. ``document_number`` (and ``document_date``) name the document it was
    issued as: the one in the register, or one registered now."""
    plan = InspectionPlan()
    _assign(plan, _with_document(plan, fields))
    return plan


@transaction.atomic
def inspection_plan_update(*, plan: InspectionPlan, **fields: Any) -> InspectionPlan:
    _assign(plan, _with_document(plan, fields))
    return plan


def _with_document(plan: InspectionPlan, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with ``document_number``/``document_date`` turned into the plan's ``document``
    (``meetings.services``: the register keeps each number once). An empty number unlinks it;
    a number already issued as another plan, or dated otherwise than the register says, is an
    error."""
    from meetings.models import Document
    from meetings.numbers import normalise
    from meetings.services import document_register

    fields = dict(fields)
    if "document_number" not in fields and "document_date" not in fields:
        return fields
    dated = "document_date" in fields
    number = normalise(fields.pop("document_number", plan.document_number) or "")
    issued_on = fields.pop("document_date", plan.document_date)
    if not number:
        if dated and issued_on:
            raise ValidationError({"document_number": _("Give the number of the plan's document.")})
        fields["document"] = None
        return fields
    document = Document.objects.filter(number=number).order_by("-year").first()
    if document is None:
        year = fields.get("year", plan.year)
        try:
            document = document_register(
                number=number,
                title=fields.get("title", plan.title) or "",
                issued_on=issued_on,
                year=issued_on.year if issued_on else year,
            )
        except ValidationError as error:  # the register's fields, named as the plan's
            names = {"number": "document_number", "issued_on": "document_date"}
            raise ValidationError(
                {
                    names.get(field, field): messages
                    for field, messages in error.message_dict.items()
                }
            ) from error
    elif issued_on and document.issued_on and issued_on != document.issued_on:
        raise ValidationError(
            {
                "document_date": _("Document %(number)s was issued on %(date)s.")
                % {"number": number, "date": document.issued_on.strftime("%d/%m/%Y")}
            }
        )
    other = InspectionPlan.objects.filter(document=document).exclude(pk=plan.pk).first()
    if other is not None:
        raise ValidationError(
            {
                "document_number": _("Document %(number)s is already the plan “%(plan)s”.")
                % {"number": number, "plan": other.title}
            }
        )
    fields["document"] = document
    return fields


# Inspections --------------------------------------------------------------------------------


@transaction.atomic
def inspection_create(**fields: Any) -> Inspection:
    inspection = Inspection()
    _assign(inspection, fields)
    return inspection


@transaction.atomic
def inspection_update(*, inspection: Inspection, **fields: Any) -> Inspection:
    _assign(inspection, fields)
    return inspection


@transaction.atomic
def recommendation_create(*, inspection: Inspection, **fields: Any) -> Recommendation:
    recommendation = Recommendation(inspection=inspection)
    _assign(recommendation, fields)
    return recommendation


@transaction.atomic
def recommendation_update(*, recommendation: Recommendation, **fields: Any) -> Recommendation:
    _assign(recommendation, fields)
    return recommendation


# Recommendations open within this many days of their deadline are in the daily reminder.
RECOMMENDATION_REMINDER_DAYS = 3


def recommendation_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail each inspection's team lead and members the open recommendations of their
    inspections that are overdue or due within ``RECOMMENDATION_REMINDER_DAYS``, in Vietnamese,
    like the tasks' daily reminder; a recommendation is open until implemented or cancelled.
    Returns how many e-mails were sent; no one is sent an empty one."""
    from .selectors import local_today

    today = today or local_today()
    horizon = today + datetime.timedelta(days=RECOMMENDATION_REMINDER_DAYS)
    pending = (
        Recommendation.objects.exclude(status__in=RECOMMENDATION_CLOSED)
        .filter(deadline__lte=horizon)
        .select_related("inspection__lead")
        .prefetch_related("inspection__members")
        .order_by("deadline", "pk")
    )
    by_person: dict[int, tuple[User, list[Recommendation]]] = {}
    for recommendation in pending:
        inspection = recommendation.inspection
        for person in {inspection.lead, *inspection.members.all()} - {None}:
            if person.is_active and person.email:
                by_person.setdefault(person.pk, (person, []))[1].append(recommendation)
    sent = 0
    with translation.override("vi"):
        for person, recommendations in by_person.values():
            context = {
                "recipient": person,
                "today": today,
                "overdue": [r for r in recommendations if r.deadline < today],
                "due_soon": [r for r in recommendations if r.deadline >= today],
                "days": RECOMMENDATION_REMINDER_DAYS,
            }
            subject = _(
                "Inspection recommendations: %(overdue)d overdue, %(soon)d due within %(days)d days"
            ) % {
                "overdue": len(context["overdue"]),
                "soon": len(context["due_soon"]),
                "days": RECOMMENDATION_REMINDER_DAYS,
            }
            body = render_to_string("inspections/email/recommendation_reminder.txt", context)
            send_mail(subject, body, None, [person.email])
            sent += 1
    return sent


# Complaints ---------------------------------------------------------------------------------

# Who complained: always written, shown in full only to those ``selectors`` lets see them.
COMPLAINANT_FIELDS = (
    "complainant_kind",
    "complainant_name",
    "complainant_province",
    *CONTACT_FIELDS,
)
# The particulars a person records for a case, in the order the form and the API show them;
# the deadline, the status and the outcome follow from them and from the case's steps.
COMPLAINT_FIELDS = (
    "received_on",
    "accepted_on",
    "channel",
    "kind",
    *COMPLAINANT_FIELDS,
    "subject",
    "cooperative",
    "organisation",
    "summary",
    "handling_unit",
    "handling_officer",
    "is_complex",
    "is_remote_area",
)


@transaction.atomic
def complaint_create(
    *,
    received_on: datetime.date,
    channel: str,
    kind: str,
    complainant_kind: str,
    complainant_name: str,
    subject: str,
    summary: str,
    accepted_on: datetime.date | None = None,
    complainant_province: Province | None = None,
    contact_person: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    contact_email: str = "",
    handling_unit: Unit | None = None,
    handling_officer: User | None = None,
    is_complex: bool = False,
    is_remote_area: bool = False,
    cooperative=None,
    organisation=None,
    by: User | None = None,
) -> Complaint:
    """Record a case as received, and as accepted when ``accepted_on`` is given; its legal
    deadlines follow from the dates, the kind and the case's circumstances."""
    complaint = Complaint(
        received_on=received_on,
        accepted_on=accepted_on,
        channel=channel,
        kind=kind,
        complainant_kind=complainant_kind,
        complainant_name=complainant_name,
        complainant_province=complainant_province,
        contact_person=contact_person,
        contact_phone=contact_phone,
        contact_address=contact_address,
        contact_email=contact_email,
        subject=subject,
        cooperative=cooperative,
        organisation=organisation,
        summary=summary,
        handling_unit=handling_unit,
        handling_officer=handling_officer,
        is_complex=is_complex,
        is_remote_area=is_remote_area,
        status=ComplaintStatus.ACCEPTED if accepted_on else ComplaintStatus.RECEIVED,
    )
    complaint_set_deadlines(complaint)
    complaint.full_clean()
    complaint.save()
    ComplaintStep.objects.create(
        complaint=complaint, status=ComplaintStatus.RECEIVED, on=received_on, by=by
    )
    if accepted_on:
        ComplaintStep.objects.create(
            complaint=complaint, status=ComplaintStatus.ACCEPTED, on=accepted_on, by=by
        )
    return complaint


@transaction.atomic
def complaint_update(*, complaint: Complaint, by: User | None = None, **fields: Any) -> Complaint:
    """Edit a case's particulars; the deadlines follow a change of dates, kind or
    circumstances. The status changes only through ``complaint_transition``, except that
    giving a received case its acceptance date accepts it; an accepted case keeps an
    acceptance date (it may be corrected), and a case closed without acceptance gets none."""
    for blocked in ("status", "closed_on", "due_on", "acceptance_due_on"):
        fields.pop(blocked, None)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    was_accepted_on = complaint.accepted_on
    for name, value in fields.items():
        setattr(complaint, name, value)
    accepts = complaint.accepted_on is not None and was_accepted_on is None
    if was_accepted_on is not None and complaint.accepted_on is None:
        raise ValidationError({"accepted_on": _("An accepted case keeps its acceptance date.")})
    if accepts and complaint.status != ComplaintStatus.RECEIVED:
        raise ValidationError({"accepted_on": _("This case was closed without being accepted.")})
    if accepts:
        complaint.status = ComplaintStatus.ACCEPTED
    later = complaint.steps.exclude(
        status__in=(ComplaintStatus.RECEIVED, ComplaintStatus.ACCEPTED)
    ).order_by("on")
    first_later = later.values_list("on", flat=True).first()
    if complaint.accepted_on and first_later and complaint.accepted_on > first_later:
        raise ValidationError(
            {
                "accepted_on": _("The case was accepted before its step of %(date)s.")
                % {"date": first_later.strftime("%d/%m/%Y")}
            }
        )
    complaint_set_deadlines(complaint)
    complaint.full_clean()
    complaint.save()
    if accepts:
        ComplaintStep.objects.create(
            complaint=complaint, status=ComplaintStatus.ACCEPTED, on=complaint.accepted_on, by=by
        )
    elif complaint.accepted_on != was_accepted_on:
        complaint.steps.filter(status=ComplaintStatus.ACCEPTED).update(on=complaint.accepted_on)
    return complaint


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    status: str,
    on: datetime.date,
    by=None,
    note: str = "",
    outcome: str = "",
) -> Complaint:
    """Move a case to its next status. Accepting it records the acceptance date (the step's
    date), from which its resolution deadline is counted. Closing it (resolved, rejected,
    transferred) needs the outcome; the closing date is the step's date."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if status not in TRANSITIONS.get(complaint.status, ()):
        raise ConflictError(
            _("A case that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": ComplaintStatus(complaint.status).label,
                "new": ComplaintStatus(status).label if status in ComplaintStatus else status,
            }
        )
    if on < complaint.received_on:
        raise ValidationError({"on": _("The date cannot be before the case was received.")})
    if complaint.accepted_on and on < complaint.accepted_on:
        raise ValidationError({"on": _("The date cannot be before the case was accepted.")})
    if status in COMPLAINT_CLOSED:
        outcome = (outcome or complaint.outcome).strip()
        if not outcome:
            raise ValidationError({"outcome": _("Enter the outcome before closing the case.")})
        complaint.outcome = outcome
        complaint.closed_on = on
    if status == ComplaintStatus.ACCEPTED:
        complaint.accepted_on = on
        complaint_set_deadlines(complaint)
    complaint.status = status
    try:
        complaint.full_clean()
    except ValidationError as error:  # the acceptance date is the step's date here
        errors = error.message_dict
        if "accepted_on" in errors:
            errors["on"] = errors.pop("accepted_on")
        raise ValidationError(errors) from error
    complaint.save()
    ComplaintStep.objects.create(complaint=complaint, status=status, on=on, by=by, note=note)
    return complaint
