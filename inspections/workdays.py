"""The working-day calendar: which days the alliance's offices work, and how a legal period
counted in days or in working days ends. Every deadline of the inspection committee is counted
here.

A day is a working day unless it is a Saturday or Sunday, a public holiday, or a day off. The
public holidays, Tết Nguyên Đán included, come from the ``holidays`` package (Bộ luật Lao động
2019, art. 112, with the days off and compensatory Saturdays the Prime Minister moves around
each Tết, which the package follows). On top of that, an administrator records in ``DayOff``
(the Django admin) a day off the government announces that the package does not know, and a
compensatory working day (a Saturday worked in exchange for a day off), which counts as a
working day.

Two ways of counting (Bộ luật Dân sự 2015, arts. 147–148):

- a period in "ngày" (calendar days) starts on the day after the event and, when its last day
  is not a working day, ends on the next working day (``period_end``);
- a period in "ngày làm việc" (working days) counts only working days (``add_working_days``).
"""

import dataclasses
import datetime
import functools

import holidays

ONE_DAY = datetime.timedelta(days=1)


@functools.lru_cache(maxsize=64)
def _statutory(year: int) -> tuple[dict[datetime.date, str], frozenset[datetime.date]]:
    """The public holidays of ``year`` (date -> name) and its Saturdays worked in exchange."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    weekend_workdays = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return dict(calendar.items()), weekend_workdays


@dataclasses.dataclass(frozen=True)
class WorkingCalendar:
    """The public holidays plus the days off and working days an administrator recorded.

    Build it with ``working_calendar()`` (reads ``DayOff`` once); computing many deadlines with
    one calendar reads the database once."""

    days_off: frozenset[datetime.date] = frozenset()
    working_days: frozenset[datetime.date] = frozenset()

    def holiday_name(self, day: datetime.date) -> str:
        """The public holiday on ``day``, or an empty string."""
        return _statutory(day.year)[0].get(day, "")

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        holidays_, weekend_workdays = _statutory(day.year)
        if day in holidays_:
            return False
        return day.weekday() < 5 or day in weekend_workdays

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """``day`` itself when it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def period_end(self, start: datetime.date, days: int) -> datetime.date:
        """The last day of a period of ``days`` calendar days from the event on ``start``,
        moved to the next working day (Bộ luật Dân sự 2015, art. 148(5))."""
        return self.next_working_day(start + datetime.timedelta(days=days))

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
        day = start
        counted = 0
        while counted < days:
            day += ONE_DAY
            if self.is_working_day(day):
                counted += 1
        return day


def working_calendar() -> WorkingCalendar:
    """The calendar as it stands: public holidays and the administrator's ``DayOff`` rows."""
    from .choices import DayOffKind
    from .models import DayOff

    days_off: set[datetime.date] = set()
    working_days: set[datetime.date] = set()
    for on, kind in DayOff.objects.values_list("on", "kind"):
        (working_days if kind == DayOffKind.WORKING_DAY else days_off).add(on)
    return WorkingCalendar(days_off=frozenset(days_off), working_days=frozenset(working_days))
