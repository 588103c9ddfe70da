"""Reads that shape data, and the access scopes of this app's models.

Leadership, staff and inspectors (``VIEW_WORK``) see every task; who may *change* one is a
service rule (``tasks.services.can_update_task``)."""

import calendar
import datetime
from collections.abc import Callable

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth

from accounts.access import Capability, everyone_signed_in, has_capability, scopes, visible_to
from vca_portal.batch import QueryBatch, run_plan

from .choices import CLOSED_STATUSES, TaskKind, TaskStatus
from .models import Task, TaskProgress, Unit, WorkProgram, local_today

scopes(Unit)(everyone_signed_in)


@scopes(Task)
@scopes(TaskProgress)
@scopes(WorkProgram)
def work_scope(user, queryset: QuerySet) -> QuerySet:
    return queryset if has_capability(user, Capability.VIEW_WORK) else queryset.none()


def _id(value):
    return getattr(value, "pk", value)


def filter_tasks(
    queryset: QuerySet,
    *,
    year: int | None = None,
    month: int | None = None,
    programme=None,
    unit=None,
    kind: str | None = None,
    status: str | None = None,
) -> QuerySet:
    """The task list's filters, shared by the list, the summary and the board."""
    if year and month and year == int(year) and month in range(1, 13):
        # One range of the due-date index rather than a year's tasks tested month by month
        # (the filters give numbers, possibly as decimals).
        year, month = int(year), int(month)
        last = calendar.monthrange(year, month)[1]
        queryset = queryset.filter(
            due_on__gte=datetime.date(year, month, 1), due_on__lte=datetime.date(year, month, last)
        )
    else:
        if year:
            queryset = queryset.filter(due_on__year=year)
        if month:
            queryset = queryset.filter(due_on__month=month)
    if programme:
        queryset = queryset.filter(programme_id=_id(programme))
    if unit:
        queryset = queryset.filter(lead_unit_id=_id(unit))
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def _counts(today: datetime.date) -> dict:
    return {
        "total": Count("id"),
        "completed": Count("id", filter=Q(status=TaskStatus.COMPLETED)),
        "overdue": Count("id", filter=Q(due_on__lt=today) & ~Q(status__in=CLOSED_STATUSES)),
    }


def _percent(completed: int, total: int) -> float:
    return round(100 * completed / total, 1) if total else 0.0


def _figures(counts: dict) -> dict:
    """ "80/122 completed" of some tasks: their counts (``_counts``) and completion percentage."""
    return {
        "total": counts["total"],
        "completed": counts["completed"],
        "completion_percent": _percent(counts["completed"], counts["total"]),
        "overdue": counts["overdue"],
    }


def task_summary_plan(
    batch: QueryBatch,
    *,
    user,
    year: int | None = None,
    month: int | None = None,
    programme=None,
    unit=None,
    kind: str | None = None,
    status: str | None = None,
    today: datetime.date | None = None,
) -> Callable[[], dict]:
    """``task_summary`` as a plan of ``vca_portal.batch``: one aggregate per lead unit and kind
    joins the batch; the returned function adds it up into the totals, the units and the
    kinds."""
    today = today or local_today()
    tasks = filter_tasks(
        visible_to(user, Task.objects.all()),
        year=year,
        month=month,
        programme=programme,
        unit=unit,
        kind=kind,
        status=status,
    )
    counts = _counts(today)
    groups = batch.add(
        tasks.order_by()
        .values("lead_unit_id", "lead_unit__code", "lead_unit__name", "kind")
        .annotate(**counts)
        .order_by("lead_unit__name", "lead_unit_id", "kind")
    )

    def shape() -> dict:
        labels = dict(TaskKind.choices)
        total = dict.fromkeys(counts, 0)
        units: dict[int, dict] = {}
        kinds: dict[str, dict] = {}
        for row in groups.rows:
            unit_counts = units.setdefault(
                row["lead_unit_id"],
                {
                    "unit": row["lead_unit_id"],
                    "unit_code": row["lead_unit__code"],
                    "unit_name": row["lead_unit__name"],
                    **dict.fromkeys(counts, 0),
                },
            )
            kind_counts = kinds.setdefault(row["kind"], dict.fromkeys(counts, 0))
            for name in counts:
                total[name] += row[name]
                unit_counts[name] += row[name]
                kind_counts[name] += row[name]
        return {
            **_figures(total),
            "by_unit": [
                {
                    "unit": row["unit"],
                    "unit_code": row["unit_code"],
                    "unit_name": row["unit_name"],
                    **_figures(row),
                }
                for row in units.values()
            ],
            "by_kind": [
                {"kind": key, "label": str(labels.get(key, key)), **_figures(row)}
                for key, row in sorted(kinds.items())
            ],
        }

    return shape


def task_summary(**arguments) -> dict:
    """ "80/122 completed" for any period, programme, unit, kind or status: totals, completion
    percentage, overdue count, and the same per lead unit and per kind, in one query (the
    arguments are ``task_summary_plan``'s)."""
    return run_plan(task_summary_plan, **arguments)


def completion_by_unit_and_month(*, user, year: int, programme=None, kind=None) -> dict:
    """Tasks due in ``year`` per lead unit and month: ``{"months": [1..12], "rows": [{unit,
    cells: [{month, total, completed}]}]}`` from one aggregate query."""
    tasks = filter_tasks(
        visible_to(user, Task.objects.all()), year=year, programme=programme, kind=kind
    )
    counts = (
        tasks.order_by()
        .annotate(month=ExtractMonth("due_on"))
        .values("lead_unit_id", "lead_unit__name", "month")
        .annotate(total=Count("id"), completed=Count("id", filter=Q(status=TaskStatus.COMPLETED)))
        .order_by("lead_unit__name", "month")
    )
    rows: dict[int, dict] = {}
    for row in counts:
        entry = rows.setdefault(
            row["lead_unit_id"],
            {
                "unit": row["lead_unit_id"],
                "unit_name": row["lead_unit__name"],
                "months": {m: {"total": 0, "completed": 0} for m in range(1, 13)},
                "total": 0,
                "completed": 0,
            },
        )
        entry["months"][row["month"]] = {"total": row["total"], "completed": row["completed"]}
        entry["total"] += row["total"]
        entry["completed"] += row["completed"]
    result = []
    for entry in rows.values():
        entry["cells"] = [{"month": m, **entry["months"][m]} for m in range(1, 13)]
        entry["completion_percent"] = _percent(entry["completed"], entry["total"])
        del entry["months"]
        result.append(entry)
    return {"year": year, "months": list(range(1, 13)), "rows": result}


def overdue_tasks(*, user, today: datetime.date | None = None) -> QuerySet:
    """Open tasks past their due date (Asia/Ho_Chi_Minh), the most late first."""
    return (
        visible_to(user, Task.objects.all())
        .overdue(today)
        .select_related("lead_unit")
        .order_by("due_on", "id")
    )


def task_list(*, user) -> QuerySet:
    """Tasks with what their lists show, in a constant number of queries."""
    return (
        visible_to(user, Task.objects.all())
        .select_related("lead_unit", "programme", "conclusion__meeting", "document")
        .prefetch_related("supporting_units")
    )
