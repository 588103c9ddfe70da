from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """Where a report's build stands."""

    PENDING = "pending", _("Waiting to be built")
    RUNNING = "running", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ReportKind(models.TextChoices):
    """The periods reports are built for: the month, and the quarter and year the alliance
    reports on to the government."""

    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Annual")
