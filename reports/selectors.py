"""Reads that shape data, and the access scopes of this app's models.

The report and the dashboard read the other apps only through their public selectors:
``cooperatives.selectors.monthly_statistics`` / ``statistics_series``,
``tasks.selectors.task_summary`` / ``overdue_tasks``, ``meetings.selectors.meetings_held`` /
``upcoming_meetings`` and ``inspections.selectors.inspection_summary`` / ``open_complaints``
(their ``_plan`` forms, so that a page or a report reads all its sections in one query,
``vca_portal.batch``). A section whose selector does not exist in this deployment is marked
``available: False`` and shown as "not available", never filled with made-up figures.

**Who reads.** The dashboard reads as the signed-in user, so each section is scoped by the
other apps' own rules. A report is a national document built by a system process: it reads as
``system_reader()``, an unsaved administrator that ``accounts.access`` lets see everything. It
is never saved, cannot sign in, and is only passed to selectors.
"""

import calendar
import datetime
import importlib
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from accounts.access import Capability, has_capability, scopes
from vca_portal import clock
from vca_portal.batch import QueryBatch, aggregate_values

from .choices import ReportKind, ReportStatus
from .models import Report

TREND_MONTHS = 24
LIST_LIMIT = 50  # rows of a list (overdue tasks, open complaints) kept in a snapshot


@scopes(Report)
def _report_scope(user, queryset: QuerySet) -> QuerySet:
    """Reports are national documents: whoever may read reports reads them all."""
    return queryset if has_capability(user, Capability.VIEW_REPORTS) else queryset.none()


def system_reader():
    """The reader a report is built as (see the module docstring)."""
    from accounts.choices import Role
    from accounts.models import User

    return User(
        username="system:reports", role=Role.ADMINISTRATOR, is_superuser=True, is_active=True
    )


# Periods ----------------------------------------------------------------------------------


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def previous_month(today: datetime.date | None = None) -> tuple[int, int]:
    today = today or clock.today()
    return shift_month(today.year, today.month, -1)


def as_of(year: int, month: int, today: datetime.date | None = None) -> datetime.date:
    """The day a month's "overdue" and "open" lists are taken on: its last day, or today for
    the month in progress."""
    today = today or clock.today()
    return min(month_end(year, month), today)


# Reports ----------------------------------------------------------------------------------


def report_list(*, user) -> QuerySet:
    from accounts.access import visible_to

    return visible_to(user, Report.objects.select_related("requested_by")).defer("snapshot")


def report_unfinished(*, year: int, month: int, kind: str = ReportKind.MONTH) -> Report | None:
    return (
        Report.objects.filter(
            kind=kind,
            year=year,
            month=month,
            status__in=[ReportStatus.PENDING, ReportStatus.RUNNING],
        )
        .order_by("-version")
        .first()
    )


def report_latest_ready(*, year: int, month: int, kind: str = ReportKind.MONTH) -> Report | None:
    return (
        Report.objects.filter(kind=kind, year=year, month=month, status=ReportStatus.READY)
        .defer("snapshot")
        .order_by("-version")
        .first()
    )


# Sections ---------------------------------------------------------------------------------


def _selector(module: str, name: str) -> Callable | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def plain(value):
    """JSON-ready: decimals to numbers, dates to ISO strings, containers walked."""
    if type(value) in _PLAIN_TYPES:  # most of a snapshot's values: nothing to do
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | QuerySet):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


UNAVAILABLE = {"available": False}


def _labels(model, field: str) -> dict:
    """The display labels of a choice field's values in the active language, as
    ``get_FOO_display`` gives them (made once per list, not once per row)."""
    return {key: str(label) for key, label in model._meta.get_field(field).flatchoices}


def statistics_section_plan(batch: QueryBatch, *, year: int, month: int) -> Callable[[], dict]:
    monthly_statistics_plan = _selector("cooperatives.selectors", "monthly_statistics_plan")
    if monthly_statistics_plan is None:
        return lambda: dict(UNAVAILABLE)
    statistics = monthly_statistics_plan(batch, year=year, month=month)
    return lambda: {"available": True, **plain(statistics())}


def late_count(statistics: dict) -> int:
    from .narrative import reported_late

    return reported_late(statistics)


def _trend_point(row: dict) -> dict:
    """A month of the trend; None (a gap in the chart) where no figures were approved; a
    provisional month says how many provinces are in, for the chart's tooltip and the table."""
    return {
        "year": row["year"],
        "month": row["month"],
        "established": row["established"]["total"],
        "dissolved": row["dissolved"]["total"],
        "active_total": row["active_total"],
        "provisional": row["provisional"],
        "provinces_approved": row["provinces_approved"],
        "provinces_expected": row["provinces_expected"],
        "provinces_carried": row["provinces_carried"],
    }


def trend_section_plan(
    batch: QueryBatch, *, year: int, month: int, months: int = TREND_MONTHS
) -> Callable[[], dict]:
    statistics_series_plan = _selector("cooperatives.selectors", "statistics_series_plan")
    if statistics_series_plan is None:
        return lambda: dict(UNAVAILABLE)
    start = shift_month(year, month, -(months - 1))
    series = statistics_series_plan(batch, start=start, end=(year, month))
    return lambda: {"available": True, "months": [_trend_point(plain(r)) for r in series()]}


def tasks_section_plan(
    batch: QueryBatch, *, user, year: int, month: int, today: datetime.date | None = None
) -> Callable[[], dict]:
    """Tasks due in the month ("80/122 completed"), per lead unit, and the tasks overdue at the
    month's end (today for the month in progress)."""
    task_summary_plan = _selector("tasks.selectors", "task_summary_plan")
    if task_summary_plan is None:
        return lambda: dict(UNAVAILABLE)
    day = as_of(year, month, today)
    summary = task_summary_plan(batch, user=user, year=year, month=month, today=day)
    overdue_tasks = _selector("tasks.selectors", "overdue_tasks")
    overdue = count = None
    if overdue_tasks is not None:
        tasks = overdue_tasks(user=user, today=day)
        count = batch.add(aggregate_values(tasks, n=Count("pk")))
        overdue = batch.add(
            tasks.values("id", "title", "lead_unit__name", "due_on", "status")[:LIST_LIMIT]
        )
        # Per lead unit: how many, and since when, so a page can summarise a long list.
        by_unit = batch.add(
            tasks.order_by()
            .values("lead_unit_id", "lead_unit__name")
            .annotate(n=Count("pk"), oldest=Min("due_on"))
            .order_by("-n", "lead_unit__name")
        )

    def shape() -> dict:
        section = {"available": True, "summary": plain(summary())}
        if overdue is not None:
            section["overdue_count"] = count.first()["n"]
            section["overdue_as_of"] = plain(day)
            status = _labels(tasks.model, "status")
            section["overdue"] = [_task_row(row, status) for row in overdue.rows]
            section["overdue_by_unit"] = [
                {
                    "unit_id": row["lead_unit_id"],
                    "unit": row["lead_unit__name"],
                    "count": row["n"],
                    "oldest_due_date": plain(row["oldest"]),
                }
                for row in by_unit.rows
            ]
        return section

    return shape


def _task_row(row: dict, status: dict) -> dict:
    return {
        "id": row["id"],
        "title": row["title"],
        "lead_unit": row["lead_unit__name"],
        "due_date": plain(row["due_on"]),
        "status": status.get(row["status"], row["status"]),
    }


def inspections_section_plan(
    batch: QueryBatch, *, user, year: int, month: int, today: datetime.date | None = None
) -> Callable[[], dict]:
    """The inspection committee's month: inspections under way by status, and complaints open
    and overdue at the month's end, received and resolved in it."""
    inspection_summary_plan = _selector("inspections.selectors", "inspection_summary_plan")
    if inspection_summary_plan is None:
        return lambda: dict(UNAVAILABLE)
    summary = inspection_summary_plan(batch, user=user, year=year, month=month, today=today)

    def shape() -> dict:
        figures = summary()
        return {
            "available": True,
            "inspections": plain(figures["inspections"]),
            "complaints": plain(figures["complaints"]),
        }

    return shape


def complaints_section_plan(
    batch: QueryBatch, *, user, year: int, month: int, today: datetime.date | None = None
) -> Callable[[], dict]:
    """The complaints still open, with those past their legal deadline at the month's end."""
    open_complaints = _selector("inspections.selectors", "open_complaints")
    if open_complaints is None:
        return lambda: dict(UNAVAILABLE)
    cases = open_complaints(user=user, today=as_of(year, month, today))
    figures = batch.add(
        aggregate_values(cases, open=Count("pk"), overdue=Count("pk", filter=Q(is_overdue=True)))
    )
    items = batch.add(cases.values(*_COMPLAINT_VALUES)[:LIST_LIMIT])

    def shape() -> dict:
        counts = figures.first()
        status = _labels(cases.model, "status")
        return {
            "available": True,
            "open_count": counts["open"],
            "overdue_count": counts["overdue"],
            "items": [_complaint_row(row, status) for row in items.rows],
        }

    return shape


# What a report may say about a complaint: its subject and handling, never who complained (that
# is ``inspections.selectors.complainant_for``'s decision, per reader).
_COMPLAINT_VALUES = (
    "id",
    "subject",
    "handling_unit__name",
    "received_on",
    "due_on",
    "is_overdue",
    "status",
)


def _complaint_row(row: dict, status: dict) -> dict:
    return {
        "id": row["id"],
        "subject": row["subject"],
        "handling_unit": row["handling_unit__name"] or "",
        "received_on": plain(row["received_on"]),
        "deadline": plain(row["due_on"]),
        "is_overdue": row["is_overdue"],
        "status": status.get(row["status"], row["status"]),
    }


_MEETING_VALUES = ("id", "title", "starts_at", "kind", "format")


def meetings_section_plan(
    batch: QueryBatch, *, user, year: int, month: int, limit: int = 10
) -> Callable[[], dict]:
    meetings_held = _selector("meetings.selectors", "meetings_held")
    upcoming_meetings = _selector("meetings.selectors", "upcoming_meetings")
    if meetings_held is None and upcoming_meetings is None:
        return lambda: dict(UNAVAILABLE)
    held = upcoming = model = None
    if meetings_held is not None:
        meetings = meetings_held(user=user, year=year, month=month)
        model = meetings.model
        held = batch.add(meetings.values(*_MEETING_VALUES))
    if upcoming_meetings is not None:
        # Meetings after the month (for a past month, the review meeting that follows it);
        # for the month in progress, from now on.
        after = min(
            clock.now(),
            timezone.make_aware(
                datetime.datetime.combine(month_end(year, month), datetime.time.max)
            ),
        )
        meetings = upcoming_meetings(user=user, after=after, limit=limit)
        model = meetings.model
        upcoming = batch.add(meetings.values(*_MEETING_VALUES))

    def shape() -> dict:
        section: dict = {"available": True}
        labels = _labels(model, "kind"), _labels(model, "format")
        if held is not None:
            rows = [_meeting_row(row, *labels) for row in held.rows]
            section.update(held_count=len(rows), held=rows)
        if upcoming is not None:
            section["upcoming"] = [_meeting_row(row, *labels) for row in upcoming.rows]
        return section

    return shape


def _meeting_row(row: dict, kind: dict, format_: dict) -> dict:
    return {
        "id": row["id"],
        "title": row["title"],
        "starts_at": plain(row["starts_at"]),
        "kind": kind.get(row["kind"], row["kind"]),
        "format": format_.get(row["format"], row["format"]),
    }


def _read_sections(
    names: tuple[str, ...], *, user, year: int, month: int, today: datetime.date | None = None
) -> dict:
    """The named sections of a month, read as ``user`` in one query (``vca_portal.batch``),
    less what the statistics cache already holds."""
    plans = {
        "statistics": lambda batch: statistics_section_plan(batch, year=year, month=month),
        "trend": lambda batch: trend_section_plan(batch, year=year, month=month),
        "tasks": lambda batch: tasks_section_plan(
            batch, user=user, year=year, month=month, today=today
        ),
        "inspections": lambda batch: inspections_section_plan(
            batch, user=user, year=year, month=month, today=today
        ),
        "complaints": lambda batch: complaints_section_plan(
            batch, user=user, year=year, month=month, today=today
        ),
        "meetings": lambda batch: meetings_section_plan(batch, user=user, year=year, month=month),
    }
    batch = QueryBatch()
    shapes = {name: plans[name](batch) for name in names}
    batch.run()
    return {name: shape() for name, shape in shapes.items()}


SNAPSHOT_SECTIONS = ("statistics", "trend", "tasks", "inspections", "complaints", "meetings")
DASHBOARD_SECTIONS = ("statistics", "trend", "tasks", "complaints", "meetings")


def snapshot_sections(*, year: int, month: int, today: datetime.date | None = None) -> dict:
    """The sections of a report's snapshot, read as ``system_reader()``."""
    return _read_sections(
        SNAPSHOT_SECTIONS, user=system_reader(), year=year, month=month, today=today
    )


def period_sections(*, kind: str, year: int, quarter: int | None = None) -> dict:
    """The sections of a quarterly or annual report: the period's figures
    (``cooperatives.periods.period_statistics``) and, for a year, the provinces' on-time
    rates."""
    period_statistics = _selector("cooperatives.periods", "period_statistics")
    if period_statistics is None:
        return {"statistics": dict(UNAVAILABLE)}
    sections = {
        "statistics": {
            "available": True,
            **plain(period_statistics(kind=kind, year=year, quarter=quarter)),
        }
    }
    on_time_rates = _selector("cooperatives.periods", "on_time_rates")
    if kind == ReportKind.YEAR and on_time_rates is not None:
        sections["on_time"] = {"available": True, **plain(on_time_rates(year=year))}
    return sections


# The dashboard ----------------------------------------------------------------------------


def dashboard_default_month(today: datetime.date | None = None) -> tuple[int, int]:
    """The month the dashboard opens on: the latest month with a finished report (its figures
    are complete: the schedule builds it after the submission deadline), else last month."""
    latest = (
        Report.objects.filter(status=ReportStatus.READY, kind=ReportKind.MONTH)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    return latest or previous_month(today)


def dashboard_data(*, user, year: int, month: int) -> dict:
    """Everything the leadership dashboard shows for a month, read as ``user``; served from the
    cache (``dashboard_cache``) while nothing it shows has changed."""
    from .dashboard_cache import cached_dashboard

    return cached_dashboard(
        user=user,
        year=year,
        month=month,
        compute=lambda: _dashboard_data(user=user, year=year, month=month),
    )


def _dashboard_data(*, user, year: int, month: int) -> dict:
    return {
        "year": year,
        "month": month,
        **_read_sections(DASHBOARD_SECTIONS, user=user, year=year, month=month),
    }
