"""A plain recomputation of the statistics straight from the submission rows, to check that the
fast paths (cache, rollups) return the same figures."""

import calendar
import datetime

from django.db.models import Q

from cooperatives.models import COUNT_FIELDS, MonthlySubmission, Province


def _last_approved(province: Province, year: int, month: int) -> int | None:
    """The province's last approved active total before the month, else its predecessors'."""
    earlier = (
        MonthlySubmission.objects.filter(province=province, status="approved")
        .filter(Q(year__lt=year) | Q(year=year, month__lt=month))
        .order_by("-year", "-month")
        .first()
    )
    if earlier is not None:
        return earlier.active_total
    found = [
        total
        for predecessor in Province.objects.filter(successor=province)
        if (total := _last_approved(predecessor, year, month)) is not None
    ]
    return sum(found) if found else None


def recompute_monthly(*, year: int, month: int) -> dict:
    """National and per-province figures of a month, the slow obvious way: approved figures
    counted, a province not in carrying its last approved active total."""
    end = datetime.date(year, month, calendar.monthrange(year, month)[1])
    provinces = Province.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=end), valid_from__lte=end
    ).order_by("code")
    rows = {s.province_id: s for s in MonthlySubmission.objects.filter(year=year, month=month)}
    national = dict.fromkeys(COUNT_FIELDS, 0)
    approved = reported = carried = 0
    per_province = []
    for province in provinces:
        submission = rows.get(province.pk)
        status = submission.status if submission else "missing"
        if status in ("submitted", "approved"):
            reported += 1
        figures = None
        if status == "approved":
            approved += 1
            figures = {name: getattr(submission, name) for name in COUNT_FIELDS}
            for name in COUNT_FIELDS:
                national[name] += figures[name]
        elif (total := _last_approved(province, year, month)) is not None:
            carried += total
            figures = {**dict.fromkeys(COUNT_FIELDS), "active_total": total}
        per_province.append((province.code, status, figures))
    national["active_total"] += carried
    return {
        "national": national if approved else dict.fromkeys(COUNT_FIELDS),
        "reported": reported,
        "approved": approved,
        "expected": len(per_province),
        "provisional": approved < len(per_province),
        "provinces": per_province,
    }


def summarise(statistics: dict) -> dict:
    """The same shape from ``monthly_statistics`` (or the API's JSON)."""

    def figures(row: dict) -> dict | None:
        if row["active_total"] is None:
            return None
        return {
            "established_agricultural": row["established"]["agricultural"],
            "established_non_agricultural": row["established"]["non_agricultural"],
            "dissolved_agricultural": row["dissolved"]["agricultural"],
            "dissolved_non_agricultural": row["dissolved"]["non_agricultural"],
            "active_total": row["active_total"],
        }

    return {
        "national": figures(statistics) or dict.fromkeys(COUNT_FIELDS),
        "reported": statistics["provinces_reported"],
        "approved": statistics["provinces_approved"],
        "expected": statistics["provinces_expected"],
        "provisional": statistics["provisional"],
        "provinces": [
            (row["code"], row["status"], figures(row)) for row in statistics["provinces"]
        ],
    }


def verify_statistics(*, months: list[tuple[int, int]]) -> dict:
    from cooperatives.selectors import monthly_statistics

    mismatches = []
    for year, month in months:
        for attempt in ("first", "again"):  # the second read may come from a cache
            fast = summarise(monthly_statistics(year=year, month=month))
            slow = recompute_monthly(year=year, month=month)
            if fast != slow:
                mismatches.append(f"{month:02d}/{year} ({attempt})")
    return {"agree": not mismatches, "checked": len(months) * 2, "mismatches": mismatches}
