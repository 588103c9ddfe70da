"""Quarterly and annual national figures, built from the months by the rule of a month
(``selectors.national_month``), so that a quarter never says something its months do not.

A period sums its months' flows (established and dissolved, by sector; each month counting what
that month counts: approved figures by default) and takes its stock, the active cooperatives,
from its last month, carried provinces included. A period still in progress runs to the last
closed month ("đến hết tháng 11/2026") and says so; one whose first month has not closed yet is
refused. It is provisional while any of its months is, and then claims no plan percentage.

Beside the national figures: the same months of the year before, and one row per province in
both geographies (``provinces``: as they were, the 63 until 06/2025 and the 34 after;
``provinces_current``: today's 34, each summing the provinces merged into it).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from vca_portal import clock

from .choices import (
    COUNTED_STATUSES,
    REPORTED_STATUSES,
    FiguresBasis,
    PeriodKind,
    SubmissionAction,
    SubmissionStatus,
)
from .models import (
    COUNT_FIELDS,
    MonthlySubmission,
    PlanTarget,
    Province,
    SubmissionEvent,
    month_end,
)
from .selectors import _figures, _plan, monthly_statistics, previous_month, statistics_series

FIRST_YEAR, LAST_YEAR = 2000, 2100
QUARTER_NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    """A quarter (``number`` 1-4) or a year (``number`` None) and how far it has run."""

    kind: str
    year: int
    number: int | None
    through_month: int  # the last month counted: the period's last, or the last closed one

    @property
    def first_month(self) -> int:
        return 1 if self.kind == PeriodKind.YEAR else 3 * self.number - 2

    @property
    def last_month(self) -> int:
        return 12 if self.kind == PeriodKind.YEAR else 3 * self.number

    @property
    def complete(self) -> bool:
        return self.through_month == self.last_month

    @property
    def months(self) -> list[int]:
        return list(range(self.first_month, self.through_month + 1))

    @property
    def label_vi(self) -> str:
        """'quý IV/2021', 'năm 2021': as the alliance's documents name a period."""
        if self.kind == PeriodKind.QUARTER:
            return f"quý {QUARTER_NUMERALS[self.number]}/{self.year}"
        return f"năm {self.year}"


def period_check(
    *, kind: str, year: int, quarter: int | None = None, today: datetime.date | None = None
) -> Period:
    """The period asked for, or a ``ValidationError`` naming the field in Vietnamese: a kind
    other than quarter or year, a year outside 2000-2100, a quarter other than 1-4, or a period
    none of whose months has closed yet."""
    if kind not in PeriodKind.values:
        raise ValidationError({"period": _("Choose a quarter or a year.")})
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("The year must be between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    number = None
    if kind == PeriodKind.QUARTER:
        if not isinstance(quarter, int) or not 1 <= quarter <= 4:
            raise ValidationError({"quarter": _("The quarter must be 1, 2, 3 or 4.")})
        number = quarter
    today = today or clock.today()
    closed = previous_month(today.year, today.month)
    period = Period(kind, year, number, 12)
    if (year, period.first_month) > closed:
        field = "quarter" if kind == PeriodKind.QUARTER else "year"
        raise ValidationError(
            {field: _("None of this period's months has ended yet: there are no figures for it.")}
        )
    through = period.last_month if year < closed[0] else min(period.last_month, closed[1])
    return Period(kind, year, number, through)


def _add(total: dict | None, figures: dict) -> dict | None:
    """Sum of two ``{"agricultural", "non_agricultural", "total"}`` splits; a month whose flows
    are unknown (nothing counted) adds nothing."""
    if figures.get("total") is None:
        return total
    if total is None:
        return dict(figures)
    return {key: total[key] + figures[key] for key in total}


_EMPTY_SPLIT = {"agricultural": None, "non_agricultural": None, "total": None}


def _national(months: list[dict]) -> dict:
    established = dissolved = None
    for row in months:
        established = _add(established, row["established"])
        dissolved = _add(dissolved, row["dissolved"])
    # The stock is the last month's; a month with nothing counted has none, so the latest month
    # that has one stands for it (``stock_month`` says which).
    stocked = [row for row in months if row["active_total"] is not None]
    last = stocked[-1] if stocked else {}
    return {
        "established": established or dict(_EMPTY_SPLIT),
        "dissolved": dissolved or dict(_EMPTY_SPLIT),
        "active_total": last.get("active_total"),
        # The stock by kind is the stock month's too (``selectors.national_month``).
        "active_by_kind": last.get("active_by_kind"),
        "stock_month": last.get("month"),
        "provisional": any(row["provisional"] for row in months),
        "months_provisional": sum(1 for row in months if row["provisional"]),
    }


def _month_point(row: dict) -> dict:
    return {
        "year": row["year"],
        "month": row["month"],
        "established": row["established"],
        "dissolved": row["dissolved"],
        "active_total": row["active_total"],
        "active_by_kind": row["active_by_kind"],
        "provisional": row["provisional"],
        "provinces_approved": row["provinces_approved"],
        "provinces_expected": row["provinces_expected"],
        "provinces_carried": row["provinces_carried"],
    }


def _delta(now, before):
    return None if now is None or before is None else now - before


def _valid_months(province: dict, year: int, months: list[int]) -> list[int]:
    """The months of ``year`` among ``months`` in which the province existed."""
    return [
        month
        for month in months
        if province["valid_from"] <= month_end(year, month)
        and (province["valid_to"] is None or datetime.date(year, month, 1) <= province["valid_to"])
    ]


class _ProvinceRow:
    """A province's period: its counted flows, the months it was expected and counted in, and
    its stock at the last month it existed in the period."""

    def __init__(self, code: str, name: str, valid_to: datetime.date | None = None):
        self.code, self.name, self.valid_to = code, name, valid_to
        self.flows = dict.fromkeys(COUNT_FIELDS[:4], 0)
        self.valid_months: set[int] = set()
        self.counted_months: set[int] = set()
        self.active_total: int | None = None
        self.carried = False

    def shape(self) -> dict:
        flows = self.flows if self.counted_months else dict.fromkeys(self.flows)
        return {
            "code": self.code,
            "name": self.name,
            "valid_to": self.valid_to,
            **_figures({**flows, "active_total": self.active_total}),
            "carried": self.carried,
            "months_expected": len(self.valid_months),
            "months_counted": len(self.counted_months),
        }


def _provinces(period: Period, basis: str, stock_month: int) -> tuple[list[dict], list[dict]]:
    """One row per province in both geographies (see the module docstring). Three queries,
    plus the cached month statistics of each month a province's stock is read from."""
    start = datetime.date(period.year, period.first_month, 1)
    end = month_end(period.year, period.through_month)
    provinces = list(
        Province.objects.filter(valid_from__lte=end)
        .exclude(valid_to__lt=start)
        .order_by("code", "valid_from")
        .values("pk", "code", "name", "valid_from", "valid_to", "successor_id")
    )
    current = {row["pk"]: row for row in Province.objects.current().values("pk", "code", "name")}
    counted = MonthlySubmission.objects.filter(
        year=period.year,
        month__gte=period.first_month,
        month__lte=period.through_month,
        status__in=COUNTED_STATUSES[FiguresBasis(basis)],
    ).values("province_id", "month", *COUNT_FIELDS[:4])
    by_province: dict[int, list[dict]] = defaultdict(list)
    for row in counted:
        by_province[row["province_id"]].append(row)

    historical: dict[int, _ProvinceRow] = {}
    read_at: dict[int, int] = {}  # province id -> the month its stock is read at
    for province in provinces:
        row = historical[province["pk"]] = _ProvinceRow(
            province["code"], province["name"], province["valid_to"]
        )
        valid_months = _valid_months(province, period.year, period.months)
        row.valid_months = set(valid_months)
        read_at[province["pk"]] = max(
            (month for month in valid_months if month <= stock_month), default=valid_months[-1]
        )
        for submission in by_province.get(province["pk"], ()):
            if submission["month"] in row.valid_months:
                row.counted_months.add(submission["month"])
                for name in row.flows:
                    row.flows[name] += submission[name]
    stocks = {}
    for month in sorted(set(read_at.values())):
        figures = monthly_statistics(year=period.year, month=month, basis=basis)
        valid_then = [p for p in provinces if read_at[p["pk"]] == month]
        by_code = {row["code"]: row for row in figures["provinces"]}
        for province in valid_then:
            if (found := by_code.get(province["code"])) is not None:
                stocks[province["pk"]] = found
    for pk, row in historical.items():
        if (found := stocks.get(pk)) is not None:
            row.active_total, row.carried = found["active_total"], found["carried"]

    grouped: dict[int, _ProvinceRow] = {}
    members: dict[int, list[_ProvinceRow]] = defaultdict(list)
    for province in provinces:
        key = province["pk"] if province["valid_to"] is None else province["successor_id"]
        if key not in current:
            continue
        group = grouped.get(key)
        if group is None:
            group = grouped[key] = _ProvinceRow(current[key]["code"], current[key]["name"])
        member = historical[province["pk"]]
        members[key].append(member)
        group.valid_months |= member.valid_months
        for name in group.flows:
            group.flows[name] += member.flows[name]
        if read_at[province["pk"]] == stock_month and member.active_total is not None:
            group.active_total = (group.active_total or 0) + member.active_total
            group.carried = group.carried or member.carried
    for key, group in grouped.items():
        # A month counts for today's province when every province that made it up then did.
        group.counted_months = {
            month
            for month in group.valid_months
            if all(
                month in member.counted_months
                for member in members[key]
                if month in member.valid_months
            )
        }
    return (
        [row.shape() for row in historical.values()],
        [grouped[key].shape() for key in sorted(grouped, key=lambda k: grouped[k].code)],
    )


def period_statistics(
    *,
    kind: str,
    year: int,
    quarter: int | None = None,
    basis: str = FiguresBasis.APPROVED,
    today: datetime.date | None = None,
) -> dict:
    """A quarter's or a year's national figures (see the module docstring): its flows and
    stock, against the year's plan, the same months of the year before and the change from
    them, month by month, and per province in both geographies. This is the body of
    ``GET /api/v1/statistics/period/``."""
    period = period_check(kind=kind, year=year, quarter=quarter, today=today)
    months = statistics_series(
        start=(year, period.first_month), end=(year, period.through_month), basis=basis
    )
    before = statistics_series(
        start=(year - 1, period.first_month), end=(year - 1, period.through_month), basis=basis
    )
    figures = _national(months)
    previous = _national(before)
    target = (
        PlanTarget.objects.filter(year=year, province__isnull=True)
        .values_list("active_target", flat=True)
        .first()
    )
    plan = _plan(figures["active_total"], target)
    if figures["provisional"]:
        plan["percent_of_target"] = plan["above_target_percent"] = None
    provinces, provinces_current = _provinces(
        period, basis, figures["stock_month"] or period.through_month
    )
    return {
        "period": period.kind,
        "year": year,
        "quarter": period.number,
        "label": period.label_vi,
        "first_month": period.first_month,
        "last_month": period.last_month,
        "through_month": period.through_month,
        "complete": period.complete,
        "basis": str(FiguresBasis(basis)),
        **figures,
        "plan": plan,
        "months": [_month_point(row) for row in months],
        "previous": {"year": year - 1, **previous},
        "change": {
            "established": _delta(
                figures["established"]["total"], previous["established"]["total"]
            ),
            "dissolved": _delta(figures["dissolved"]["total"], previous["dissolved"]["total"]),
            "active_total": _delta(figures["active_total"], previous["active_total"]),
        },
        "provinces": provinces,
        "provinces_current": provinces_current,
    }


def on_time_rates(*, year: int, today: datetime.date | None = None) -> dict:
    """Per province, how its months of ``year`` went (the closed ones): **on time** (sent by the
    deadline and approved without being returned), late, returned at least once, awaiting
    review, or not reported; the rate is on time over expected. Provinces as they were in each
    month (a province abolished on 1 July 2025 is expected for its six months). Three queries."""
    period = period_check(kind=PeriodKind.YEAR, year=year, today=today)
    start, end = datetime.date(year, 1, 1), month_end(year, period.through_month)
    provinces = list(
        Province.objects.filter(valid_from__lte=end)
        .exclude(valid_to__lt=start)
        .order_by("code", "valid_from")
        .values("pk", "code", "name", "valid_from", "valid_to")
    )
    returned = SubmissionEvent.objects.filter(
        submission=OuterRef("pk"), action=SubmissionAction.RETURNED
    )
    submissions = {
        (row["province_id"], row["month"]): row
        for row in MonthlySubmission.objects.filter(year=year, month__lte=period.through_month)
        .annotate(was_returned=Exists(returned))
        .values("province_id", "month", "status", "is_late", "was_returned")
    }
    rows = []
    for province in provinces:
        counts = dict.fromkeys(("on_time", "late", "returned", "awaiting", "missing"), 0)
        expected = 0
        for month in _valid_months(province, year, period.months):
            expected += 1
            submission = submissions.get((province["pk"], month))
            if submission is None or submission["status"] not in REPORTED_STATUSES:
                counts["missing"] += 1
            elif submission["was_returned"]:
                counts["returned"] += 1
            elif submission["is_late"]:
                counts["late"] += 1
            elif submission["status"] == SubmissionStatus.APPROVED:
                counts["on_time"] += 1
            else:
                counts["awaiting"] += 1
        rows.append(
            {
                "code": province["code"],
                "name": province["name"],
                "valid_to": province["valid_to"],
                "months_expected": expected,
                **counts,
                "percent": round(counts["on_time"] * 100 / expected, 1) if expected else None,
            }
        )
    expected = sum(row["months_expected"] for row in rows)
    on_time = sum(row["on_time"] for row in rows)
    return {
        "year": year,
        "through_month": period.through_month,
        "complete": period.complete,
        "months_expected": expected,
        "on_time": on_time,
        "national_percent": round(on_time * 100 / expected, 1) if expected else None,
        "provinces": rows,
    }
