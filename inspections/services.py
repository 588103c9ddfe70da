"""Writes with the committee's business rules. The browser forms, the API and the demo data all
call these functions.

Legal handling periods (calendar days, counted from the day after receipt):

- complaint (khiếu nại), Luật Khiếu nại 2011, art. 28: 30 days; 45 for a complex case;
- denunciation (tố cáo), Luật Tố cáo 2018, art. 30: 30 days, extendable once by 30 for a
  complex case (a very complex case may be extended twice; record that as a new deadline);
- petition or report (kiến nghị, phản ánh): 15 days, a working convention of the committee
  (no statute sets one period for them).

The laws count "ngày" (calendar days) unless they say "ngày làm việc", so calendar days are
used. The period starts on the day after receipt and, when its last day falls on a Saturday or
Sunday, ends on the next Monday (Bộ luật Dân sự 2015, arts. 147–148). Public holidays are not
modelled. The laws count from acceptance (thụ lý), which the committee does on receipt; the
periods can be changed per kind with the ``COMPLAINT_HANDLING_DAYS`` setting.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from cooperatives.models import Province
from tasks.models import Unit
from vca_portal.errors import ConflictError

from .choices import COMPLAINT_CLOSED, ComplaintKind, ComplaintStatus
from .models import Complaint, ComplaintStep, Inspection, InspectionPlan, Recommendation
from .selectors import CONTACT_FIELDS

# kind -> (days for an ordinary case, days for a complex case)
DEFAULT_HANDLING_DAYS: dict[str, tuple[int, int]] = {
    ComplaintKind.COMPLAINT: (30, 45),
    ComplaintKind.DENUNCIATION: (30, 60),
    ComplaintKind.PETITION: (15, 15),
}

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


def handling_days(kind: str, *, is_complex: bool = False) -> int:
    table = {**DEFAULT_HANDLING_DAYS, **getattr(settings, "COMPLAINT_HANDLING_DAYS", {})}
    ordinary, complex_ = table[kind]
    return complex_ if is_complex else ordinary


def complaint_due_on(
    *, received_on: datetime.date, kind: str, is_complex: bool = False
) -> datetime.date:
    """The legal deadline of a case received on ``received_on``."""
    due = received_on + datetime.timedelta(days=handling_days(kind, is_complex=is_complex))
    while due.weekday() >= 5:  # Saturday, Sunday: the period ends on the next working day
        due += datetime.timedelta(days=1)
    return due


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
    "channel",
    "kind",
    *COMPLAINANT_FIELDS,
    "subject",
    "summary",
    "handling_unit",
    "handling_officer",
    "is_complex",
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
    complainant_province: Province | None = None,
    contact_person: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    contact_email: str = "",
    handling_unit: Unit | None = None,
    handling_officer: User | None = None,
    is_complex: bool = False,
    by: User | None = None,
) -> Complaint:
    """Record a case as received; its legal deadline follows from the receipt date and kind."""
    complaint = Complaint(
        received_on=received_on,
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
        summary=summary,
        handling_unit=handling_unit,
        handling_officer=handling_officer,
        is_complex=is_complex,
        status=ComplaintStatus.RECEIVED,
    )
    if received_on and kind in ComplaintKind.values:
        complaint.due_on = complaint_due_on(
            received_on=received_on, kind=kind, is_complex=is_complex
        )
    complaint.full_clean()
    complaint.save()
    ComplaintStep.objects.create(
        complaint=complaint, status=ComplaintStatus.RECEIVED, on=received_on, by=by
    )
    return complaint


@transaction.atomic
def complaint_update(*, complaint: Complaint, **fields: Any) -> Complaint:
    """Edit a case's particulars; the deadline follows a change of receipt date, kind or
    complexity. The status changes only through ``complaint_transition``."""
    for blocked in ("status", "closed_on", "due_on"):
        fields.pop(blocked, None)
    for name, value in fields.items():
        setattr(complaint, name, value)
    complaint.due_on = complaint_due_on(
        received_on=complaint.received_on, kind=complaint.kind, is_complex=complaint.is_complex
    )
    complaint.full_clean()
    complaint.save()
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
    """Move a case to its next status. Closing it (resolved, rejected, transferred) needs the
    outcome; the closing date is the step's date."""
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
    if status in COMPLAINT_CLOSED:
        outcome = (outcome or complaint.outcome).strip()
        if not outcome:
            raise ValidationError({"outcome": _("Enter the outcome before closing the case.")})
        complaint.outcome = outcome
        complaint.closed_on = on
    complaint.status = status
    complaint.full_clean()
    complaint.save()
    ComplaintStep.objects.create(complaint=complaint, status=status, on=on, by=by, note=note)
    return complaint
