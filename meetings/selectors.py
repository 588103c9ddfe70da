"""Reads that shape data, and the access scopes of this app's models."""

import datetime

from django.db.models import Count, Prefetch, QuerySet

from accounts.access import Capability, has_capability, scopes, visible_to
from tasks.models import Task
from vca_portal import clock

from .models import AgendaItem, Agreement, Conclusion, Document, Meeting, VoteResult


@scopes(Meeting)
@scopes(Conclusion)
@scopes(Document)
@scopes(Agreement)
@scopes(AgendaItem)
@scopes(VoteResult)
def work_scope(user, queryset: QuerySet) -> QuerySet:
    """Meetings and documents are read by everyone who follows the alliance's work."""
    return queryset if has_capability(user, Capability.VIEW_WORK) else queryset.none()


def meeting_list(*, user) -> QuerySet:
    return (
        visible_to(user, Meeting.objects.all())
        .select_related("chaired_by")
        .annotate(conclusion_count=Count("conclusions", distinct=True))
        .order_by("-starts_at", "-id")
    )


def meeting_detail(*, user) -> QuerySet:
    """Meetings with everything the detail and minutes pages show."""
    return visible_to(user, Meeting.objects.all()).prefetch_related(
        "agenda_items",
        "participants__user",
        "votes",
        "documents",
        Prefetch(
            "conclusions",
            queryset=Conclusion.objects.prefetch_related(
                Prefetch("tasks", queryset=Task.objects.select_related("lead_unit"))
            ),
        ),
    )


def upcoming_meetings(*, user, after: datetime.datetime, limit: int = 10) -> QuerySet:
    """The next meetings and events starting at or after ``after``, soonest first."""
    return (
        visible_to(user, Meeting.objects.all())
        .filter(starts_at__gte=after)
        .select_related("chaired_by")
        .order_by("starts_at", "id")[:limit]
    )


def meetings_held(*, user, year: int, month: int) -> QuerySet:
    """Meetings that started in a month (Asia/Ho_Chi_Minh) and have already started."""
    return (
        visible_to(user, Meeting.objects.all())
        .filter(starts_at__year=year, starts_at__month=month, starts_at__lte=clock.now())
        .select_related("chaired_by")
        .order_by("starts_at", "id")
    )


def document_list(*, user) -> QuerySet:
    return visible_to(user, Document.objects.all()).select_related("agreement")


def agreement_list(*, user) -> QuerySet:
    return visible_to(user, Agreement.objects.all()).select_related("document")


def meetings_in_month(*, user, year: int, month: int) -> QuerySet:
    """Every meeting starting in a month (Asia/Ho_Chi_Minh), held or still to come."""
    return (
        visible_to(user, Meeting.objects.all())
        .filter(starts_at__year=year, starts_at__month=month)
        .order_by("starts_at", "id")
    )
