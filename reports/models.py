import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vca_portal import bounds
from vca_portal.audit import audited

from .choices import ReportKind, ReportStatus


def workbook_path(report: "Report", filename: str) -> str:
    return f"reports/{report.year}/{filename}"


# The build writes progress many times and the snapshot is immutable once ready: the audit
# trail records who asked for a report and how its status changed, not every progress tick.
@audited(exclude=["progress", "snapshot"])
class Report(models.Model):
    """One version of a statistical report: for a month, a snapshot of the figures, tasks,
    inspections, complaints and meetings taken when it was built; for a quarter or a year
    (``kind``), the period's figures (``cooperatives.periods``). Each has its narrative and its
    Excel workbook. Building a period again adds a version and keeps the earlier ones.

    ``month`` is the month of a monthly report and the last month of a quarter (3, 6, 9, 12) or
    a year (12), so that one (kind, year, month) names a period."""

    kind = models.CharField(
        _("period"), max_length=10, choices=ReportKind.choices, default=ReportKind.MONTH
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=bounds.year(bounds.FIRST_REPORTING_YEAR)
    )
    month = models.PositiveSmallIntegerField(_("month"), validators=bounds.month())
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=bounds.percent()
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("build attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,  # the report outlives the account; the audit keeps who
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the scheduled monthly build."),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(
        _("data read at"),
        null=True,
        blank=True,
        help_text=_("When the build that produced this version started reading the data."),
    )
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    inputs_changed_at = models.DateTimeField(
        _("inputs changed at"),
        null=True,
        blank=True,
        help_text=_("The last time figures this report uses changed (an approval or reopening)."),
    )
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)
    workbook = models.FileField(_("Excel workbook"), upload_to=workbook_path, blank=True)

    class Meta:
        verbose_name = _("statistical report")
        verbose_name_plural = _("statistical reports")
        ordering = ["-year", "-month", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "month", "version"], name="report_one_per_period_version"
            ),
            models.CheckConstraint(
                condition=Q(kind=ReportKind.MONTH)
                | Q(kind=ReportKind.QUARTER, month__in=[3, 6, 9, 12])
                | Q(kind=ReportKind.YEAR, month=12),
                name="report_period_ends_its_month",
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="report_month"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="report_year"),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_version_positive"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max"),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.READY)
                | Q(built_at__isnull=False, started_at__isnull=False, progress=100),
                name="report_ready_is_built",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "month", "kind", "status"], name="report_period_status")
        ]

    def __str__(self) -> str:
        return _("Report %(period)s, version %(version)d") % {
            "period": self.period_label,
            "version": self.version,
        }

    @property
    def quarter(self) -> int | None:
        return self.month // 3 if self.kind == ReportKind.QUARTER else None

    @property
    def period_label(self) -> str:
        """'11/2021', 'Q4/2021' ('Quý 4/2021'), '2021'."""
        if self.kind == ReportKind.QUARTER:
            return _("Q%(quarter)d/%(year)d") % {"quarter": self.quarter, "year": self.year}
        if self.kind == ReportKind.YEAR:
            return str(self.year)
        return f"{self.month:02d}/{self.year}"

    @property
    def is_monthly(self) -> bool:
        return self.kind == ReportKind.MONTH

    @property
    def period(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.READY, ReportStatus.FAILED)

    @property
    def is_out_of_date(self) -> bool:
        """The figures it uses changed after this version read them."""
        return bool(
            self.is_ready
            and self.inputs_changed_at
            and self.started_at
            and self.inputs_changed_at > self.started_at
        )

    @property
    def narrative(self) -> str:
        return (self.snapshot or {}).get("narrative", "")
