"""Builders for the reporting domain: submissions in any status without going through the
workflow, and helpers to make a province's previous month consistent."""

import datetime
import itertools

from django.utils import timezone

from cooperatives.choices import CooperativeStatus, Sector, SubmissionStatus, SubSector
from cooperatives.models import (
    Cooperative,
    MonthlySubmission,
    PlanTarget,
    Province,
    ProvincialUnion,
    month_end,
)

_counter = itertools.count(1)


def province(code: str, year: int = 2021, month: int = 11) -> Province:
    """The province bearing ``code`` in that month."""
    return Province.objects.get_by_code(code, on=month_end(year, month))


def make_submission(
    province_or_code: Province | str = "01",
    year: int = 2021,
    month: int = 11,
    *,
    status: str = SubmissionStatus.DRAFT,
    **fields,
) -> MonthlySubmission:
    if isinstance(province_or_code, str):
        province_or_code = province(province_or_code, year, month)
    now = timezone.now()
    fields.setdefault("active_total", 100)
    if status != SubmissionStatus.DRAFT:
        fields.setdefault("first_submitted_at", now)
        fields.setdefault("submitted_at", now)
    if status in (SubmissionStatus.APPROVED, SubmissionStatus.RETURNED):
        fields.setdefault("reviewed_at", now)
    return MonthlySubmission.objects.create(
        province=province_or_code, year=year, month=month, status=status, **fields
    )


def make_cooperative(province_or_code: Province | str = "01", **fields) -> Cooperative:
    if isinstance(province_or_code, str):
        province_or_code = province(province_or_code)
    number = next(_counter)
    fields.setdefault("name", f"HTX thử nghiệm {number}")
    fields.setdefault("registration_code", f"T{number:08d}")
    fields.setdefault("sector", Sector.AGRICULTURAL)
    fields.setdefault(
        "sub_sector",
        SubSector.CROPS if fields["sector"] == Sector.AGRICULTURAL else SubSector.TRANSPORT,
    )
    fields.setdefault("established_on", datetime.date(2020, 1, 15))
    if fields.get("dissolved_on"):
        fields.setdefault("status", CooperativeStatus.DISSOLVED)
    return Cooperative.objects.create(province=province_or_code, **fields)


def make_union(province_obj: Province, **fields) -> ProvincialUnion:
    fields.setdefault("name", f"Liên minh HTX {province_obj.name}")
    return ProvincialUnion.objects.create(province=province_obj, **fields)


def make_plan(year: int, active_target: int, province_obj: Province | None = None) -> PlanTarget:
    return PlanTarget.objects.create(year=year, province=province_obj, active_target=active_target)
