"""The portal's one clock. Product code asks here for "now" and "today" and never reads the
system clock itself (ruff's banned-api rule holds the line), so that a test sets the date in one
place and every rule that depends on it (deadlines, the current month, what is in the future)
sees the same day.

"Today" is the calendar day in the portal's time zone, Asia/Ho_Chi_Minh: a submission at
23:30 on the 5th in Hà Nội is on time even though it is already the 6th nowhere and the 5th in
UTC."""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """The current moment, time-zone aware."""
    return timezone.now()


def today() -> datetime.date:
    """The current calendar day in the portal's time zone."""
    return timezone.localdate(now())


def local(moment: datetime.datetime) -> datetime.datetime:
    """A moment in the portal's time zone."""
    return timezone.localtime(moment)


def local_date(moment: datetime.datetime) -> datetime.date:
    """The portal-time-zone calendar day of a moment."""
    return timezone.localdate(moment)


def timestamp() -> float:
    """Seconds since the epoch, for session and rate-limit windows."""
    return now().timestamp()


def current_month() -> tuple[int, int]:
    """(year, month) of today: the month in progress, which is not yet due."""
    day = today()
    return day.year, day.month


def last_closed_month() -> tuple[int, int]:
    """(year, month) of the month before today's: the latest month provinces can have finished."""
    year, month = current_month()
    return (year, month - 1) if month > 1 else (year - 1, 12)
