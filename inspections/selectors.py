"""Reads that shape data, and the access scopes of this app's models.

The confidentiality rule for complainants lives here, once: ``complainant_for`` is what every
page, endpoint and export shows of a complainant."""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.access import Capability, has_capability, scopes, visible_to
from vca_portal import clock
from vca_portal.batch import QueryBatch, aggregate_values, run_plan

from .choices import (
    COMPLAINT_OPEN,
    RECOMMENDATION_CLOSED,
    ComplainantKind,
    ComplaintStatus,
    InspectionStatus,
)
from .models import (
    Complaint,
    ComplaintStep,
    Inspection,
    InspectionPlan,
    Organisation,
    Recommendation,
)


def local_today() -> datetime.date:
    """Today in Asia/Ho_Chi_Minh: deadlines are days in Vietnam, not in UTC."""
    return clock.today()


# Access scopes: the committee's casework is open to those who may view inspections. ----------


def _committee_casework(user, queryset: QuerySet) -> QuerySet:
    if has_capability(user, Capability.VIEW_INSPECTIONS):
        return queryset
    return queryset.none()


# The organisations are the committee's subjects: who may not see its casework has no use for
# them, and their pages show that casework.
for _model in (InspectionPlan, Inspection, Recommendation, Complaint, ComplaintStep, Organisation):
    scopes(_model)(_committee_casework)


# Confidentiality ---------------------------------------------------------------------------

CONTACT_FIELDS = ("contact_person", "contact_phone", "contact_address", "contact_email")
WITHHELD = _("(withheld)")


def may_see_complainant_details(user) -> bool:
    return has_capability(user, Capability.VIEW_COMPLAINANT_DETAILS)


@dataclass(frozen=True)
class Complainant:
    """What a user may know of a complainant. ``contact`` is None unless they may see the
    personal details; a person's name is itself a personal detail."""

    kind: str
    kind_label: str
    name: str
    province: str
    details_visible: bool
    contact: dict | None


def complainant_for(*, user, complaint: Complaint) -> Complainant:
    visible = may_see_complainant_details(user)
    name = complaint.complainant_name
    if complaint.complainant_kind == ComplainantKind.PERSON and not visible:
        name = str(WITHHELD)
    return Complainant(
        kind=complaint.complainant_kind,
        kind_label=str(ComplainantKind(complaint.complainant_kind).label),
        name=name,
        province=complaint.complainant_province.name if complaint.complainant_province else "",
        details_visible=visible,
        contact={field: getattr(complaint, field) for field in CONTACT_FIELDS} if visible else None,
    )


# Querysets ---------------------------------------------------------------------------------


def inspection_plans(*, user) -> QuerySet:
    plans = InspectionPlan.objects.annotate(inspection_count=Count("inspections"))
    return visible_to(user, plans.order_by(*InspectionPlan._meta.ordering))


def inspections(*, user) -> QuerySet:
    return visible_to(
        user,
        Inspection.objects.select_related(
            "plan__document", "subject_province", "lead"
        ).prefetch_related("members"),
    )


def _count_of(user, model, **link) -> Coalesce:
    """How many of ``user``'s visible ``model`` rows link to the outer row."""
    rows = visible_to(user, model.objects.filter(**link)).order_by()
    counted = rows.values(*link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def organisations(*, user) -> QuerySet:
    """The organisation records (enterprises, schools, other bodies), each with how many
    inspections of it and complaints about it there are (``inspection_count``,
    ``complaint_count``): one query however many."""
    return visible_to(
        user,
        Organisation.objects.select_related("province").annotate(
            inspection_count=_count_of(user, Inspection, organisation=OuterRef("pk")),
            complaint_count=_count_of(user, Complaint, organisation=OuterRef("pk")),
        ),
    ).order_by("name", "pk")


def inspection_detail(*, user) -> QuerySet:
    return inspections(user=user).prefetch_related("recommendations")


def _with_overdue(queryset: QuerySet, today: datetime.date) -> QuerySet:
    """``is_overdue``: open past the resolution deadline; ``is_acceptance_overdue``: still
    waiting for acceptance past the acceptance deadline."""
    return queryset.annotate(
        is_overdue=ExpressionWrapper(
            Q(status__in=COMPLAINT_OPEN, due_on__lt=today), output_field=BooleanField()
        ),
        is_acceptance_overdue=ExpressionWrapper(
            Q(status=ComplaintStatus.RECEIVED, acceptance_due_on__lt=today),
            output_field=BooleanField(),
        ),
    )


def complaints(*, user, today: datetime.date | None = None) -> QuerySet:
    today = today or local_today()
    queryset = Complaint.objects.select_related(
        "complainant_province", "handling_unit", "handling_officer"
    )
    return _with_overdue(visible_to(user, queryset), today)


def open_complaints(*, user, today: datetime.date | None = None) -> QuerySet:
    """Open cases, soonest deadline first, each with ``is_overdue`` (for the dashboard)."""
    return (
        complaints(user=user, today=today)
        .filter(status__in=COMPLAINT_OPEN)
        .order_by("due_on", "pk")
    )


def complaint_detail(*, user) -> QuerySet:
    return complaints(user=user).prefetch_related("steps__by")


def recommendations_due(*, user, until: datetime.date) -> QuerySet:
    return (
        visible_to(user, Recommendation.objects.select_related("inspection"))
        .exclude(status__in=RECOMMENDATION_CLOSED)
        .filter(deadline__lte=until)
        .order_by("deadline", "pk")
    )


def deadlines(*, user, today: datetime.date | None = None) -> dict:
    """What falls due this week (Monday to Sunday) and what is already overdue."""
    today = today or local_today()
    week_start = today - datetime.timedelta(days=today.weekday())
    week_end = week_start + datetime.timedelta(days=6)
    open_cases = open_complaints(user=user, today=today)
    due_recommendations = recommendations_due(user=user, until=week_end)
    return {
        "today": today,
        "week_start": week_start,
        "week_end": week_end,
        "overdue_complaints": list(open_cases.filter(due_on__lt=today)),
        "complaints_due": list(open_cases.filter(due_on__gte=today, due_on__lte=week_end)),
        "overdue_recommendations": [r for r in due_recommendations if r.deadline < today],
        "recommendations_due": [r for r in due_recommendations if r.deadline >= today],
    }


# Timelines ---------------------------------------------------------------------------------


def inspection_timeline(inspection: Inspection) -> list[dict]:
    """Dated entries of an inspection, oldest first (recommendations must be prefetched)."""
    entries = []
    if inspection.plan and inspection.plan.document_date:
        entries.append(
            {
                "on": inspection.plan.document_date,
                "label": _("Plan issued"),
                "text": str(inspection.plan),
            }
        )
    entries.append({"on": inspection.start_date, "label": _("Start"), "text": ""})
    if inspection.end_date:
        entries.append({"on": inspection.end_date, "label": _("End"), "text": ""})
    if inspection.concluded_on:
        entries.append(
            {
                "on": inspection.concluded_on,
                "label": _("Concluded"),
                "text": inspection.conclusion_number,
            }
        )
    for recommendation in inspection.recommendations.all():
        if recommendation.deadline:
            entries.append(
                {
                    "on": recommendation.deadline,
                    "label": _("Recommendation due"),
                    "text": recommendation.responsible_party,
                }
            )
        if recommendation.completed_on:
            entries.append(
                {
                    "on": recommendation.completed_on,
                    "label": _("Recommendation implemented"),
                    "text": recommendation.responsible_party,
                }
            )
    return sorted(entries, key=lambda entry: entry["on"])


# The dashboard's summary -------------------------------------------------------------------


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise ValueError("year or month out of range")
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last)


def inspection_summary_plan(
    batch: QueryBatch, *, user, year: int, month: int, today: datetime.date | None = None
) -> Callable[[], dict]:
    """``inspection_summary`` as a plan of ``vca_portal.batch``: its two aggregates join the
    batch, the returned function shapes them."""
    start, end = month_bounds(year, month)
    today = today or local_today()
    as_of = min(end, today)
    active = visible_to(user, Inspection.objects.all()).filter(
        Q(concluded_on__isnull=True) | Q(concluded_on__gte=start), start_date__lte=end
    )
    statuses = batch.add(active.order_by().values("status").annotate(n=Count("pk")))
    cases = visible_to(user, Complaint.objects.all())
    open_at_end = Q(received_on__lte=as_of) & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
    counts = {
        "open": Count("pk", filter=open_at_end),
        "overdue": Count("pk", filter=open_at_end & Q(due_on__lt=as_of)),
        "received": Count("pk", filter=Q(received_on__gte=start, received_on__lte=end)),
        "resolved": Count(
            "pk",
            filter=Q(status=ComplaintStatus.RESOLVED, closed_on__gte=start, closed_on__lte=end),
        ),
    }
    figures = batch.add(aggregate_values(cases, **counts))

    def shape() -> dict:
        by_status = dict.fromkeys(InspectionStatus.values, 0)
        for row in statuses.rows:
            by_status[row["status"]] = row["n"]
        return {
            "year": year,
            "month": month,
            "period_start": start,
            "period_end": end,
            "inspections": {"by_status": by_status, "total": sum(by_status.values())},
            "complaints": figures.first() or dict.fromkeys(counts, 0),
        }

    return shape


def inspection_summary(**arguments) -> dict:
    """The committee's figures for a month: the inspections under way in it by their current
    status, and the complaints open at its end (those overdue then, or today for the current
    month), received in it and resolved in it (one query; the arguments are
    ``inspection_summary_plan``'s)."""
    return run_plan(inspection_summary_plan, **arguments)


def oversight_of(*, user, cooperative) -> dict | None:
    """A cooperative's oversight history for its page: the inspections of it with their
    recommendations and follow-up (each with ``overdue``), and the cases concerning it, for
    those who may see the committee's casework (``None`` for the others). Complainants are
    shown through ``complainant_for``. Three queries."""
    if not has_capability(user, Capability.VIEW_INSPECTIONS):
        return None
    return _oversight(user, cooperative=cooperative)


def organisation_oversight(*, user, organisation: Organisation) -> dict:
    """An organisation record's oversight history, as ``oversight_of`` gives a cooperative's
    (its page is the committee's, so the caller has checked the capability)."""
    return _oversight(user, organisation=organisation)


def _oversight(user, **subject) -> dict:
    today = local_today()
    found = list(
        inspections(user=user)
        .filter(**subject)
        .prefetch_related("recommendations")
        .order_by("-start_date", "-pk")
    )
    for inspection in found:
        for recommendation in inspection.recommendations.all():
            recommendation.overdue = recommendation.is_overdue_on(today)
    cases = list(complaints(user=user, today=today).filter(**subject))
    return {
        "inspections": found,
        "complaints": [
            {"complaint": case, "complainant": complainant_for(user=user, complaint=case)}
            for case in cases
        ],
    }
