"""The portal's one clock: it gives the day in Vietnam, tests can set it, and product code
reads the time nowhere else (ruff's banned-api rule covers the direct calls; this covers the
argument-less forms of Django's helpers, which read the clock too)."""

import datetime
import pathlib
import re

from vca_portal import clock as portal_clock

ROOT = pathlib.Path(__file__).resolve().parent.parent
PRODUCT = ["accounts", "cooperatives", "inspections", "meetings", "reports", "tasks", "vca_portal"]
UTC = datetime.UTC


def test_today_is_the_day_in_vietnam(clock):
    clock(datetime.datetime(2026, 12, 5, 16, 59, tzinfo=UTC))  # 23:59 in Hà Nội
    assert portal_clock.today() == datetime.date(2026, 12, 5)
    clock(datetime.datetime(2026, 12, 5, 17, 1, tzinfo=UTC))  # 00:01 on the 6th in Hà Nội
    assert portal_clock.today() == datetime.date(2026, 12, 6)
    assert portal_clock.current_month() == (2026, 12)
    assert portal_clock.last_closed_month() == (2026, 11)


def test_the_month_before_january_is_last_december(clock):
    clock(datetime.date(2027, 1, 1))
    assert portal_clock.last_closed_month() == (2026, 12)


def test_any_day_sets_every_reader_of_the_clock(any_day):
    from django.utils import timezone

    assert portal_clock.today() == any_day
    assert timezone.localdate(portal_clock.now()) == any_day
    assert abs(portal_clock.timestamp() - portal_clock.now().timestamp()) < 5


def test_product_code_reads_the_clock_only_through_the_clock_module():
    bare = re.compile(r"\b(?:timezone\.)?local(?:date|time)\(\)")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in PRODUCT
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path.name != "clock.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if bare.search(line)
    ]
    assert offenders == []
