import datetime

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.choices import STATUS_MISSING, SubmissionStatus

register = template.Library()


@register.filter
def iso_date(value):
    """A date or date-time kept as ISO text in a snapshot, shown day first in local time."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            if len(value) == 10:
                value = datetime.date.fromisoformat(value)
            else:
                value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def figure(value):
    """A count with thousands grouped (26.661), or a dash where there is no figure."""
    if value is None or value == "":
        return "—"
    return intcomma(value)


SUBMISSION_STATUS_LABELS = {**dict(SubmissionStatus.choices), STATUS_MISSING: _("Not reported")}


@register.filter
def submission_status(value):
    return SUBMISSION_STATUS_LABELS.get(value, value)


@register.filter
def percent(value):
    """15.5 -> '15,5%' in Vietnamese, '15.5%' in English; a dash where there is none."""
    if value is None or value == "":
        return "—"
    return f"{formats.number_format(value, 1)}%"


@register.filter
def period_geographies(statistics: dict) -> list[tuple[list, str, str]]:
    """A period's province tables: as the provinces were, then today's 34 (the same table
    twice for a period after the 2025 merger is shown once)."""
    historical = statistics.get("provinces") or []
    current = statistics.get("provinces_current") or []
    tables = [(historical, _("Provinces as they were in the period"), "period-provinces")]
    if [p["code"] for p in historical] != [p["code"] for p in current] or any(
        p.get("valid_to") for p in historical
    ):
        tables.append((current, _("Today's 34 provinces"), "period-provinces-current"))
    return tables
