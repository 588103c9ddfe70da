"""Reads that shape data, and the access scopes of this app's models.

The statistics functions are the public reads other apps (dashboards, reports) call; each runs a
fixed number of aggregate queries whatever the number of provinces or months.
"""

import calendar
import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from accounts.access import (
    Capability,
    everyone_signed_in,
    has_capability,
    is_provincial_officer,
    officer_province_ids,
    scopes,
)
from accounts.choices import Role
from vca_portal import clock
from vca_portal.batch import QueryBatch, Rows, run_plan

from . import statistics_cache
from .choices import (
    COOPERATIVE_LAW_2023_IN_FORCE,
    COUNTED_STATUSES,
    REPORTED_STATUSES,
    STATUS_MISSING,
    CooperativeKind,
    CooperativeStatus,
    FiguresBasis,
    Geography,
    SubmissionStatus,
)
from .models import (
    COUNT_FIELDS,
    CURRENT_VALID_FROM,
    KIND_FIELDS,
    Cooperative,
    CooperativeStatusChange,
    MonthlySubmission,
    PlanTarget,
    Province,
    ProvincialUnion,
    SubmissionEvent,
    SubmissionReminder,
    gso_code,
    month_end,
)

# Access scopes ------------------------------------------------------------------------------

scopes(Province)(everyone_signed_in)


def _own_provinces_or_all(user, queryset: QuerySet, province_field: str = "province") -> QuerySet:
    if is_provincial_officer(user):
        return queryset.filter(**{f"{province_field}__in": officer_province_ids(user)})
    return queryset


@scopes(MonthlySubmission)
def submissions_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Staff and administrators see every submission; a provincial officer their own province's
    (drafts included); leadership what has been submitted or approved; an API client only
    approved figures; anyone else nothing."""
    if has_capability(user, Capability.REVIEW_SUBMISSIONS):
        return queryset
    if is_provincial_officer(user):
        return queryset.filter(province__in=officer_province_ids(user))
    if has_capability(user, Capability.VIEW_ALL_SUBMISSIONS):
        if user.role == Role.LEADERSHIP:
            return queryset.filter(status__in=REPORTED_STATUSES)
        return queryset.filter(status=SubmissionStatus.APPROVED)
    return queryset.none()


@scopes(SubmissionEvent)
def submission_events_visible_to(user, queryset: QuerySet) -> QuerySet:
    visible = submissions_visible_to(user, MonthlySubmission.objects.all())
    return queryset.filter(submission__in=visible.values("pk"))


@scopes(Cooperative)
def cooperatives_visible_to(user, queryset: QuerySet) -> QuerySet:
    """The register is public to signed-in users, except that a provincial officer works only
    with their own province's."""
    return _own_provinces_or_all(user, queryset)


@scopes(ProvincialUnion)
def unions_visible_to(user, queryset: QuerySet) -> QuerySet:
    return _own_provinces_or_all(user, queryset)


@scopes(PlanTarget)
def plan_targets_visible_to(user, queryset: QuerySet) -> QuerySet:
    """National targets for everyone; a provincial officer sees provincial targets of their own
    province only."""
    if is_provincial_officer(user):
        return queryset.filter(
            Q(province__isnull=True) | Q(province__in=officer_province_ids(user))
        )
    return queryset


# A province as history ----------------------------------------------------------------------


def province_history(province: Province) -> dict:
    """How a province is labelled wherever it is listed: by the rule of its pages
    (``Province.is_history``, ``history_note``), a province abolished by today is history,
    never a current one, and names the province it is now part of (``successor`` read with
    ``select_related``)."""
    merged = province.successor if province.is_history else None
    return {
        "is_current": not province.is_history,
        "merged_into": {"code": merged.code, "name": merged.name} if merged else None,
        "history_note": str(province.history_note),
    }


_labelled_in_process: dict[str, list[tuple[Province, dict]]] = {}


def _labelled_provinces() -> list[tuple[Province, dict]]:
    """Every province, current and former, with its ``province_history``: computed once per
    day and language while no province changes, kept in the cache beside the statistics and,
    under the same key, in the process. The key carries the statistics' generation, which any
    change to a province moves on in every process alike (``statistics_cache``)."""
    key = ":".join(
        (
            "cooperatives:province-history",
            str(statistics_cache.generation()),
            clock.today().isoformat(),
            translation.get_language() or "",
        )
    )
    labelled = _labelled_in_process.get(key)
    if labelled is None:
        labelled = cache.get(key)
    if labelled is None:
        labelled = [
            (province, province_history(province))
            for province in Province.objects.select_related("successor").order_by("pk")
        ]
        cache.set(key, labelled, statistics_cache.TIMEOUT)
    if len(_labelled_in_process) > 8:  # keys of past days, languages or generations
        _labelled_in_process.clear()
    _labelled_in_process[key] = labelled
    return labelled


def province_history_by_id() -> dict[int, dict]:
    """``province_history`` of every province, by id (from ``_labelled_provinces``)."""
    return {province.pk: label for province, label in _labelled_provinces()}


def with_province_history(rows: list[dict], *, on: datetime.date | None = None) -> list[dict]:
    """The rows (each naming a province by ``code``) with ``province_history`` added. Codes
    were reused, so a row's province is the one of its code valid ``on`` that day, or, without
    a day, the one of its code that ended on the row's ``valid_to`` (``None``: still valid).
    Read from the cache (``_labelled_provinces``); at most one query."""
    labelled = _labelled_provinces()
    if on is not None:
        by_key = {(p.code, None): label for p, label in labelled if p.is_valid_on(on)}
    else:
        by_key = {(p.code, p.valid_to): label for p, label in labelled}
    return [{**row, **by_key[row["code"], None if on else row["valid_to"]]} for row in rows]


# Periods and lateness -----------------------------------------------------------------------


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def submission_deadline(*, year: int, month: int) -> datetime.date:
    """The last day on which the counts of ``month`` are on time: the deadline day
    (``SUBMISSION_DEADLINE_DAY``, default 5) of the following month."""
    due_year, due_month = next_month(year, month)
    day = min(settings.SUBMISSION_DEADLINE_DAY, calendar.monthrange(due_year, due_month)[1])
    return datetime.date(due_year, due_month, day)


def is_submission_late(*, year: int, month: int, at: datetime.datetime | None = None) -> bool:
    """Whether a submission made at ``at`` (default now) is late, by the date in Vietnam."""
    at = at or clock.now()
    return timezone.localtime(at).date() > submission_deadline(year=year, month=month)


# Stock-flow identity ------------------------------------------------------------------------


@dataclass(frozen=True)
class StockFlow:
    """previous month's active + established − dissolved = active."""

    previous_active: int | None
    expected_active: int | None
    active_total: int

    @property
    def matches(self) -> bool:
        """True when the identity holds or cannot be checked (no previous month on file)."""
        return self.expected_active is None or self.expected_active == self.active_total

    @property
    def difference(self) -> int | None:
        if self.expected_active is None:
            return None
        return self.active_total - self.expected_active


def previous_active_total(*, province: Province, year: int, month: int) -> int | None:
    """Active cooperatives at the end of the month before, for the same territory: the province
    itself, or, for a province created on 1 July 2025, the sum of its predecessors' June 2025
    figures. ``None`` when any of them has no submission for that month."""
    prev_year, prev_month = previous_month(year, month)
    prev_end = month_end(prev_year, prev_month)
    if province.is_valid_on(prev_end):
        province_ids = [province.pk]
    else:
        province_ids = list(
            Province.objects.valid_on(prev_end)
            .filter(successor=province)
            .values_list("pk", flat=True)
        )
    if not province_ids:
        return None
    totals = MonthlySubmission.objects.filter(
        province__in=province_ids, year=prev_year, month=prev_month
    ).aggregate(rows=Count("pk"), active=Sum("active_total"))
    if totals["rows"] != len(province_ids):
        return None
    return totals["active"]


def stock_flow_check(
    *,
    province: Province,
    year: int,
    month: int,
    established: int,
    dissolved: int,
    active_total: int,
) -> StockFlow:
    previous = previous_active_total(province=province, year=year, month=month)
    expected = None if previous is None else previous + established - dissolved
    return StockFlow(previous_active=previous, expected_active=expected, active_total=active_total)


# Statistics ---------------------------------------------------------------------------------


def _split(agricultural: int | None, non_agricultural: int | None) -> dict:
    if agricultural is None or non_agricultural is None:
        return {"agricultural": None, "non_agricultural": None, "total": None}
    return {
        "agricultural": agricultural,
        "non_agricultural": non_agricultural,
        "total": agricultural + non_agricultural,
    }


def _plan(active_total: int | None, target: int | None) -> dict:
    if not target or active_total is None:
        return {"target": target, "percent_of_target": None, "above_target_percent": None}
    percent = round(active_total * 100 / target, 1)
    return {
        "target": target,
        "percent_of_target": percent,
        "above_target_percent": round(percent - 100, 1),
    }


def _figures(row: dict) -> dict:
    return {
        "established": _split(row["established_agricultural"], row["established_non_agricultural"]),
        "dissolved": _split(row["dissolved_agricultural"], row["dissolved_non_agricultural"]),
        "active_total": row["active_total"],
        "active_by_kind": _by_kind(row),
    }


def _by_kind(row: dict) -> dict:
    """The active cooperatives by the 2023 Law's kinds: cooperatives and unions of cooperatives
    add up to ``active_total``; cooperative groups are counted beside it (``None`` when not
    reported: before 07/2024, or by some province), and ``all_kinds`` is the sum of the
    three."""
    total, unions, groups = row["active_total"], row.get("active_unions"), row.get("active_groups")
    if total is None:
        return {
            CooperativeKind.COOPERATIVE.value: None,
            CooperativeKind.UNION_OF_COOPERATIVES.value: None,
            CooperativeKind.COOPERATIVE_GROUP.value: None,
            "all_kinds": None,
        }
    unions = unions or 0
    return {
        CooperativeKind.COOPERATIVE.value: total - unions,
        CooperativeKind.UNION_OF_COOPERATIVES.value: unions,
        CooperativeKind.COOPERATIVE_GROUP.value: groups,
        "all_kinds": None if groups is None else total + groups,
    }


STOCK_FIELDS = ("active_total", *KIND_FIELDS)


def _add_stocks(stocks: list[dict]) -> dict:
    """Stocks summed field by field; cooperative groups are ``None`` unless every part has
    them."""
    total = {"active_total": 0, "active_unions": 0, "active_groups": 0}
    for stock in stocks:
        total["active_total"] += stock["active_total"]
        total["active_unions"] += stock.get("active_unions") or 0
        if total["active_groups"] is not None:
            groups = stock.get("active_groups")
            total["active_groups"] = None if groups is None else total["active_groups"] + groups
    if not stocks:
        total["active_groups"] = None
    return total


def monthly_statistics_plan(
    batch: QueryBatch, *, year: int, month: int, basis: str = FiguresBasis.APPROVED
) -> Callable[[], dict]:
    """``monthly_statistics`` as a plan of ``vca_portal.batch``: nothing joins the batch when
    the figures are in the cache."""
    late_if_missing = is_submission_late(year=year, month=month)
    return statistics_cache.cached_plan(
        batch,
        "monthly",
        (year, month, late_if_missing, basis),
        lambda batch: _monthly_statistics_plan(
            batch, year=year, month=month, late_if_missing=late_if_missing, basis=basis
        ),
    )


def monthly_statistics(*, year: int, month: int, basis: str = FiguresBasis.APPROVED) -> dict:
    """The national figures of a month against the year's plan, how many provinces are in, and
    one row per province valid that month, by the rule of ``national_month``. This is exactly
    the body of ``GET /api/v1/statistics/monthly/``. Served from the cache
    (``statistics_cache``, which any change to submissions, targets or provinces invalidates);
    computing it takes one query."""
    return run_plan(monthly_statistics_plan, year=year, month=month, basis=basis)


def _monthly_statistics(
    *, year: int, month: int, late_if_missing: bool, basis: str = FiguresBasis.APPROVED
) -> dict:
    """The figures computed afresh, past the cache (the fast paths are checked against it)."""
    return run_plan(
        _monthly_statistics_plan,
        year=year,
        month=month,
        late_if_missing=late_if_missing,
        basis=basis,
    )


_SUBMISSION_VALUES = (
    "status",
    "is_late",
    "submitted_at",
    "nil_report",
    *COUNT_FIELDS,
    *KIND_FIELDS,
)
_PROVINCE_VALUES = ("pk", "code", "name", "valid_from", "valid_to", "successor_id")


# The stock fields (``STOCK_FIELDS``) of each province's last approved month before a month.
_LAST_APPROVED_SQL = (
    "SELECT s.province_id, s.year, s.month, s.active_total, s.active_unions, s.active_groups"
    " FROM cooperatives_province p CROSS JOIN LATERAL ("
    " SELECT * FROM cooperatives_monthlysubmission s"
    " WHERE s.province_id = p.id AND s.status = %s AND (s.year, s.month) < (%s, %s)"
    " ORDER BY s.year DESC, s.month DESC LIMIT 1) s"
)


def _last_approved(
    batch: QueryBatch, before: tuple[int, int], provinces: QuerySet | None = None
) -> Rows:
    """Each province's last approved submission before the month ``before`` (``provinces``:
    only these): its active total is what the province carries forward while a later month is
    not in. One row per province that has one, each found by a step backwards through the
    province's own (province, year, month) index (a ``LATERAL`` join), so the cost is the
    number of provinces, not the years of history before the month."""
    sql = _LAST_APPROVED_SQL
    params = [SubmissionStatus.APPROVED, *before]
    if provinces is not None:
        subquery, subparams = provinces.order_by().values("pk").query.sql_with_params()
        sql += f" WHERE p.id IN ({subquery})"
        params += list(subparams)
    return batch.add_sql(sql, params)


def _monthly_statistics_plan(
    batch: QueryBatch, *, year: int, month: int, late_if_missing: bool, basis: str
) -> Callable[[], dict]:
    day = month_end(year, month)
    provinces = batch.add(Province.objects.valid_on(day).order_by("code").values(*_PROVINCE_VALUES))
    month_rows = batch.add(
        MonthlySubmission.objects.filter(year=year, month=month)
        .order_by()
        .values("province_id", *_SUBMISSION_VALUES)
    )
    # Predecessors too: a province formed in the merger carries theirs until its first approval.
    history = batch.add(Province.objects.order_by().values("pk", "successor_id"))
    last = _last_approved(batch, (year, month))
    targets = batch.add(
        PlanTarget.objects.filter(year=year, province__isnull=True).values("active_target")[:1]
    )

    def shape() -> dict:
        carry = _Carry(history.rows, last.rows)
        valid = provinces.rows
        valid_ids = {row["pk"] for row in valid}
        submissions = {
            row["province_id"]: row for row in month_rows.rows if row["province_id"] in valid_ids
        }
        figures = national_month(
            provinces=valid,
            submissions=submissions,
            carry=carry,
            basis=basis,
            target=(targets.first() or {}).get("active_target"),
        )
        rows = []
        for province, entry in zip(valid, figures.pop("rows"), strict=True):
            submission = submissions.get(province["pk"])
            submitted_at = submission["submitted_at"] if submission else None
            rows.append(
                {
                    "code": province["code"],
                    "name": province["name"],
                    **entry,
                    "nil_report": bool(submission and submission["nil_report"]),
                    "is_late": bool(submission and submission["is_late"])
                    or (submitted_at is None and late_if_missing),
                    "submitted_at": submitted_at,
                }
            )
        return {"year": year, "month": month, **figures, "provinces": rows}

    return shape


class _Carry:
    """What a province not in for a month carries forward: its own last approved stock (active
    total, and of it the unions; the cooperative groups), or, for a province formed in the
    merger that has none yet, the sum of its predecessors' last ones. ``seen`` moves the
    history on as a series walks its months."""

    def __init__(self, provinces: list[dict], last_approved: list[dict]):
        self.predecessors: dict[int, list[int]] = defaultdict(list)
        for row in provinces:
            if row["successor_id"] is not None:
                self.predecessors[row["successor_id"]].append(row["pk"])
        self.last = {
            row["province_id"]: (
                {name: row[name] for name in STOCK_FIELDS},
                (row["year"], row["month"]),
            )
            for row in last_approved
        }

    def seen(self, province_id: int, year: int, month: int, row: dict) -> None:
        self.last[province_id] = ({name: row[name] for name in STOCK_FIELDS}, (year, month))

    def __call__(self, province_id: int, _depth: int = 0) -> tuple[dict, tuple[int, int]] | None:
        if province_id in self.last:
            return self.last[province_id]
        if _depth > 3:
            return None
        found = [
            carried
            for pk in self.predecessors.get(province_id, ())
            if (carried := self(pk, _depth + 1)) is not None
        ]
        if not found:
            return None
        return _add_stocks([stock for stock, _ in found]), max(period for _, period in found)


def national_month(
    *,
    provinces: list[dict],
    submissions: dict[int, dict],
    carry: Callable[[int], tuple[dict, tuple[int, int]] | None],
    basis: str = FiguresBasis.APPROVED,
    target: int | None = None,
) -> dict:
    """The one rule of a month's national figures, for the API, the dashboard, the report's
    narrative and workbook alike.

    ``provinces`` are those valid that month, ``submissions`` their rows by province id. A
    province is *in* when its figures are approved (``basis="submitted"`` counts submitted ones
    too); its flows and active total are counted. A province not in carries its last approved
    active total forward, marked ``carried`` (with the month it comes from), so that a month
    with provinces missing never shows a fall that is only missing data; its flows are unknown
    and not counted. The active total is split by kind the same way (``active_by_kind``, whose
    cooperatives and unions add up to it). Until every province is approved the month is
    ``provisional`` and the plan percentage is not claimed. Returns the national figures, the
    provinces' counts and one ``rows`` entry per province, in order."""
    counted_statuses = COUNTED_STATUSES[FiguresBasis(basis)]
    flows = dict.fromkeys(COUNT_FIELDS[:4], 0)
    approved = submitted = counted = carried = carried_total = 0
    stocks = []
    rows = []
    for province in provinces:
        submission = submissions.get(province["pk"])
        status = submission["status"] if submission else STATUS_MISSING
        approved += status == SubmissionStatus.APPROVED
        submitted += status == SubmissionStatus.SUBMITTED
        if submission is not None and status in counted_statuses:
            counted += 1
            for name in flows:
                flows[name] += submission[name]
            stocks.append(submission)
            rows.append(
                {
                    **_figures(submission),
                    "status": status,
                    "carried": False,
                    "carried_from": None,
                }
            )
            continue
        figures = dict.fromkeys((*COUNT_FIELDS, *KIND_FIELDS))
        carried_from = None
        if (found := carry(province["pk"])) is not None:
            stock, (from_year, from_month) = found
            figures.update(stock)
            stocks.append(stock)
            carried_from = {"year": from_year, "month": from_month}
            carried += 1
            carried_total += figures["active_total"]
        rows.append(
            {
                **_figures(figures),
                "status": status,
                "carried": carried_from is not None,
                "carried_from": carried_from,
            }
        )
    expected = len(provinces)
    provisional = approved < expected
    if counted:
        figures = {**flows, **_add_stocks(stocks)}
    else:
        figures = dict.fromkeys((*COUNT_FIELDS, *KIND_FIELDS))
    plan = _plan(figures["active_total"], target)
    if provisional:
        plan["percent_of_target"] = plan["above_target_percent"] = None
    return {
        **_figures(figures),
        "plan": plan,
        "basis": str(FiguresBasis(basis)),
        "provisional": provisional,
        "provinces_expected": expected,
        "provinces_approved": approved,
        "provinces_submitted": submitted,
        "provinces_missing": expected - approved - submitted,
        "provinces_reported": approved + submitted,
        "provinces_counted": counted,
        "provinces_carried": carried,
        "carried_active_total": carried_total,
        "rows": rows,
    }


def _months(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    year, month = start
    while (year, month) <= end:
        months.append((year, month))
        year, month = next_month(year, month)
    return months


def statistics_series_plan(
    batch: QueryBatch,
    *,
    start: tuple[int, int],
    end: tuple[int, int],
    province_code: str | None = None,
    geography: str = Geography.HISTORICAL,
    basis: str = FiguresBasis.APPROVED,
) -> Callable[[], list[dict]]:
    """``statistics_series`` as a plan of ``vca_portal.batch``, served from the cache when it
    can be."""
    start, end = tuple(start), tuple(end)
    province_code = gso_code(province_code) if province_code is not None else None
    return statistics_cache.cached_plan(
        batch,
        "series",
        (
            f"{start[0]}-{start[1]:02d}",
            f"{end[0]}-{end[1]:02d}",
            province_code or "-",
            geography,
            basis,
        ),
        lambda batch: _statistics_series_plan(
            batch,
            start=start,
            end=end,
            province_code=province_code,
            geography=geography,
            basis=basis,
        ),
    )


def statistics_series(**arguments) -> list[dict]:
    """Month by month, the national figures (or one province's) by the rule of
    ``national_month``; served from the cache like ``monthly_statistics`` (see
    ``_statistics_series_plan``; the arguments are ``statistics_series_plan``'s)."""
    return run_plan(statistics_series_plan, **arguments)


def _statistics_series(**arguments) -> list[dict]:
    """The series computed afresh, past the cache."""
    return run_plan(_statistics_series_plan, **arguments)


def _statistics_series_plan(
    batch: QueryBatch,
    *,
    start: tuple[int, int],
    end: tuple[int, int],
    province_code: str | None = None,
    geography: str = Geography.HISTORICAL,
    basis: str = FiguresBasis.APPROVED,
) -> Callable[[], list[dict]]:
    """Month by month, the national figures (or one province's), each month by the rule of
    ``national_month``.

    ``historical``: a province code means the province that bore it in each month (``15`` is Yên
    Bái until 06/2025, the merged Lào Cai after). ``current``: the code is one of today's 34
    provinces, and months before 07/2025 sum its predecessors, so the series runs unbroken across
    the merger. Nationally both give the same totals. One query."""
    months = _months(start, end)
    if not months:
        return lambda: []
    first, last = months[0], months[-1]
    submissions = MonthlySubmission.objects.annotate(period=F("year") * 12 + F("month")).filter(
        period__gte=first[0] * 12 + first[1], period__lte=last[0] * 12 + last[1]
    )
    provinces = Province.objects.all()
    targets = PlanTarget.objects.filter(year__gte=first[0], year__lte=last[0])
    if province_code is None:
        targets = targets.filter(province__isnull=True)
    else:
        code = gso_code(province_code)
        if geography == Geography.CURRENT:
            provinces = provinces.filter(
                Q(code=code, valid_to__isnull=True)
                | Q(successor__code=code, successor__valid_to__isnull=True)
            )
            targets = targets.filter(province__in=provinces)
        else:
            provinces = provinces.filter(code=code)
            targets = targets.filter(province__code=code)
        submissions = submissions.filter(province__in=provinces.values("pk"))
    intervals = batch.add(provinces.order_by("code", "valid_from").values(*_PROVINCE_VALUES))
    rows = batch.add(
        submissions.order_by().values(
            "province_id", "year", "month", *_SUBMISSION_VALUES[:1], *COUNT_FIELDS, *KIND_FIELDS
        )
    )
    seeds = _last_approved(batch, first, provinces if province_code is not None else None)
    plan_targets = batch.add(targets.order_by().values("year", "active_target"))
    return lambda: _shape_series(
        months, intervals.rows, rows.rows, seeds.rows, plan_targets.rows, basis
    )


def _shape_series(
    months: list[tuple[int, int]],
    provinces: list[dict],
    submissions: list[dict],
    seeds: list[dict],
    targets: list[dict],
    basis: str,
) -> list[dict]:
    by_month: dict[tuple[int, int], dict[int, dict]] = defaultdict(dict)
    for row in submissions:
        by_month[row["year"], row["month"]][row["province_id"]] = row
    target_by_year: dict[int, int] = defaultdict(int)
    for row in targets:
        target_by_year[row["year"]] += row["active_target"]
    carry = _Carry(provinces, seeds)
    series = []
    for year, month in months:
        day = month_end(year, month)
        valid = [
            province
            for province in provinces
            if province["valid_from"] <= day
            and (province["valid_to"] is None or day <= province["valid_to"])
        ]
        month_rows = by_month.get((year, month), {})
        figures = national_month(
            provinces=valid,
            submissions=month_rows,
            carry=carry,
            basis=basis,
            target=target_by_year.get(year),
        )
        figures.pop("rows")
        series.append({"year": year, "month": month, **figures})
        for province_id, row in month_rows.items():
            if row["status"] == SubmissionStatus.APPROVED:
                carry.seen(province_id, year, month, row)
    return series


def charter_approval_summary(*, on: datetime.date | None = None) -> dict:
    """How many of the provinces valid on ``on`` (default today) had a provincial union whose
    charter was approved by then, e.g. ``{"approved": 21, "total": 63}`` on 2021-11-30."""
    on = on or clock.today()
    result = Province.objects.valid_on(on).aggregate(
        total=Count("pk"),
        approved=Count("pk", filter=Q(union__charter_approved_on__lte=on)),
    )
    return {"approved": result["approved"], "total": result["total"]}


def status_on_day(day: datetime.date):
    """A cooperative's status on ``day`` as a query expression: the last status change on or
    before it; before its first change, active; an entry without any history (registered
    before the history was kept) has its current status."""
    changes = CooperativeStatusChange.objects.filter(cooperative=OuterRef("pk"))
    return Coalesce(
        Subquery(changes.filter(on__lte=day).order_by("-on", "-pk").values("status")[:1]),
        Case(
            When(Exists(changes), then=Value(CooperativeStatus.ACTIVE)),
            default=F("status"),
        ),
    )


def active_on_day(day: datetime.date) -> Q:
    """The register's active cooperatives on ``day``: established by then, not dissolved or
    bankrupt by then, and not suspended then (one being dissolved still counts)."""
    return (
        Q(established_on__lte=day)
        & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))
        & ~Q(status_then=CooperativeStatus.SUSPENDED)
    )


REGISTER_KEYS = ("established", "dissolved", "active", "active_unions", "active_groups")


def register_discrepancies(*, year: int, month: int) -> list[dict]:
    """Per province valid that month: the cooperative register's counts (established and
    dissolved in the month, active at its end, of them the unions of cooperatives, and beside
    them the cooperative groups) next to the submitted figures, and the differences. A current
    province's register includes its predecessors' cooperatives. Suspended cooperatives are not
    active. Cooperative groups are not cooperatives: they are only compared from 07/2024, when
    the unions began to report them (``active_groups`` is ``None`` before, and where a
    submission does not give them). ``reported_*`` are ``None`` when the province has no
    submission. Three queries."""
    start, end = datetime.date(year, month, 1), month_end(year, month)
    groups_reported = (year, month) >= COOPERATIVE_LAW_2023_IN_FORCE
    provinces = list(Province.objects.valid_on(end).order_by("code").values("pk", "code", "name"))
    territory = {}
    for pk, successor_id, valid_to in Province.objects.values_list(
        "pk", "successor_id", "valid_to"
    ):
        territory[pk] = successor_id if (end >= CURRENT_VALID_FROM and valid_to) else pk
    register: dict[int, dict] = defaultdict(lambda: dict.fromkeys(REGISTER_KEYS, 0))
    is_group = Q(kind=CooperativeKind.COOPERATIVE_GROUP)
    active = active_on_day(end)
    for row in (
        Cooperative.objects.filter(established_on__lte=end)
        .annotate(status_then=status_on_day(end))
        .values("province_id")
        .annotate(
            established=Count("pk", filter=Q(established_on__gte=start) & ~is_group),
            dissolved=Count(
                "pk", filter=Q(dissolved_on__gte=start, dissolved_on__lte=end) & ~is_group
            ),
            active=Count("pk", filter=active & ~is_group),
            active_unions=Count(
                "pk", filter=active & Q(kind=CooperativeKind.UNION_OF_COOPERATIVES)
            ),
            active_groups=Count("pk", filter=active & is_group),
        )
    ):
        counts = register[territory[row["province_id"]]]
        for key in REGISTER_KEYS:
            counts[key] += row[key]
    reported = {
        row["province_id"]: row
        for row in MonthlySubmission.objects.filter(year=year, month=month).values(
            "province_id", "status", *COUNT_FIELDS, *KIND_FIELDS
        )
    }
    rows = []
    for province in provinces:
        counts = dict(register[province["pk"]])
        if not groups_reported:
            counts["active_groups"] = None
        submission = reported.get(province["pk"])
        figures = (
            {
                "established": submission["established_agricultural"]
                + submission["established_non_agricultural"],
                "dissolved": submission["dissolved_agricultural"]
                + submission["dissolved_non_agricultural"],
                "active": submission["active_total"],
                "active_unions": submission["active_unions"],
                "active_groups": submission["active_groups"] if groups_reported else None,
            }
            if submission
            else None
        )
        differences = (
            {
                key: None
                if counts[key] is None or figures[key] is None
                else counts[key] - figures[key]
                for key in REGISTER_KEYS
            }
            if figures
            else None
        )
        rows.append(
            {
                "code": province["code"],
                "name": province["name"],
                "status": submission["status"] if submission else STATUS_MISSING,
                "register": counts,
                "reported": figures,
                "difference": differences,
                "agrees": differences is not None and not any(differences.values()),
            }
        )
    return rows


# Completeness -------------------------------------------------------------------------------


def submission_completeness(*, year: int, province_ids: list[int] | None = None) -> list[dict]:
    """The provinces × months matrix of a year: one row per province valid in any month of it,
    with ``months[1..12]`` each ``None`` (province not valid that month, or a future month) or
    ``{"status", "is_late", "submission_id", "version"}``; ``status`` is ``missing`` when
    nothing was entered. The staff's completeness matrix; with ``province_ids`` (e.g.
    ``officer_province_ids(user)``) an officer's year grid, where a year across the merger has
    the former provinces' rows until June and the current one's from July. Two queries."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    provinces = Province.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start), valid_from__lte=end
    )
    submissions = MonthlySubmission.objects.filter(year=year)
    if province_ids is not None:
        provinces = provinces.filter(pk__in=province_ids)
        submissions = submissions.filter(province__in=province_ids)
    provinces = list(
        provinces.order_by("valid_from", "code").values(
            "pk", "code", "name", "valid_from", "valid_to"
        )
    )
    cells = {
        (row["province_id"], row["month"]): row
        for row in submissions.values(
            "pk", "province_id", "month", "status", "is_late", "first_submitted_at", "version"
        )
    }
    today = clock.today()
    rows = []
    for province in provinces:
        months = {}
        for month in range(1, 13):
            day = month_end(year, month)
            valid = province["valid_from"] <= day and (
                province["valid_to"] is None or day <= province["valid_to"]
            )
            if not valid or (year, month) > (today.year, today.month):
                months[month] = None
                continue
            cell = cells.get((province["pk"], month))
            overdue = today > submission_deadline(year=year, month=month)
            if cell is None:
                months[month] = {
                    "status": STATUS_MISSING,
                    "is_late": overdue,
                    "submission_id": None,
                    "version": None,
                }
            else:
                months[month] = {
                    "status": cell["status"],
                    "is_late": cell["is_late"] or (cell["first_submitted_at"] is None and overdue),
                    "submission_id": cell["pk"],
                    "version": cell["version"],
                }
        rows.append(
            {
                "province_id": province["pk"],
                "code": province["code"],
                "name": province["name"],
                "months": months,
            }
        )
    return rows


def provinces_not_reported(*, year: int, month: int) -> QuerySet:
    """Provinces valid in the month with no submitted or approved figures (the reminders
    list): no submission, a draft, or one returned and not yet resubmitted."""
    reported = MonthlySubmission.objects.filter(
        year=year, month=month, status__in=REPORTED_STATUSES
    ).values("province_id")
    return (
        Province.objects.valid_on(month_end(year, month)).exclude(pk__in=reported).order_by("code")
    )


def reminders_open(*, province_ids: list[int]) -> QuerySet:
    """The reminders sent to these provinces whose month is still not reported (an officer's
    submissions page shows them), the latest step of each month first."""
    reported = MonthlySubmission.objects.filter(
        province=OuterRef("province"),
        year=OuterRef("year"),
        month=OuterRef("month"),
        status__in=REPORTED_STATUSES,
    )
    return (
        SubmissionReminder.objects.filter(province__in=province_ids, sent_at__isnull=False)
        .exclude(Exists(reported))
        .select_related("province")
        .order_by("province_id", "year", "month", "-sent_at")
        .distinct("province_id", "year", "month")
    )


def reminders_sent(*, year: int, month: int) -> dict[int, list[SubmissionReminder]]:
    """The reminders of a month by province id, for the staff's reminders page."""
    sent: dict[int, list[SubmissionReminder]] = defaultdict(list)
    for reminder in SubmissionReminder.objects.filter(year=year, month=month).order_by(
        "created_at"
    ):
        sent[reminder.province_id].append(reminder)
    return sent
