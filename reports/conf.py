"""The reports app's settings, each with its default here so that the project settings only
name what a deployment changes."""

import os

from django.conf import settings

# The schedule builds the previous month's report on this day of the month: after the
# submission deadline (SUBMISSION_DEADLINE_DAY, 5 by default) so that late provinces count.
DEFAULT_BUILD_DAY = 6
DEFAULT_BUILD_HOUR = 2


def build_day() -> int:
    day = int(getattr(settings, "REPORTS_BUILD_DAY", None) or DEFAULT_BUILD_DAY)
    if not 1 <= day <= 28:
        # Every month has a 28th; a later day would skip February.
        raise ValueError("REPORTS_BUILD_DAY must be between 1 and 28.")
    return day


def build_hour() -> int:
    return int(getattr(settings, "REPORTS_BUILD_HOUR", None) or DEFAULT_BUILD_HOUR)


def build_step_delay() -> float:
    """Seconds to wait between the steps of a build. Zero in normal use; the worker tests set
    ``REPORTS_BUILD_STEP_DELAY`` in the worker's environment to stop a build half-way."""
    value = getattr(settings, "REPORTS_BUILD_STEP_DELAY", None)
    if value is None:
        value = os.environ.get("REPORTS_BUILD_STEP_DELAY") or 0
    return float(value)


def build_max_retries() -> int:
    return int(getattr(settings, "REPORTS_BUILD_MAX_RETRIES", 5))
