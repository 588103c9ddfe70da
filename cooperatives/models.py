import calendar
import datetime

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vca_portal import bounds, clock
from vca_portal.audit import audited

from .choices import (
    AGRICULTURAL_SUB_SECTORS,
    ENDED_STATUSES,
    NON_AGRICULTURAL_SUB_SECTORS,
    CooperativeKind,
    CooperativeStatus,
    DivisionType,
    ReminderStep,
    Sector,
    SubmissionAction,
    SubmissionStatus,
    SubSector,
)

# The 63 provinces were in force from the Hà Tây merger until the 2025 reform; the 34 since.
LEGACY_VALID_FROM = datetime.date(2008, 8, 1)
LEGACY_VALID_TO = datetime.date(2025, 6, 30)
CURRENT_VALID_FROM = datetime.date(2025, 7, 1)


def gso_code(code: str | int) -> str:
    """A GSO province code in its two-digit form: ``1``, ``"1"`` and ``"01"`` are all ``"01"``.
    Raises ``ValueError`` or ``TypeError`` for what is not a whole number."""
    return f"{int(code):02d}"


class ProvinceQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "ProvinceQuerySet":
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def current(self) -> "ProvinceQuerySet":
        return self.filter(valid_to__isnull=True)

    def legacy(self) -> "ProvinceQuerySet":
        return self.filter(valid_to__isnull=False)

    def with_code(self, code: str | int) -> "ProvinceQuerySet":
        """Every province that has borne this GSO code (``1``, ``"1"`` and ``"01"`` alike; two
        provinces where the code was reused in 2025). Raises ``ValueError`` or ``TypeError``
        for what is not a number."""
        return self.filter(code=gso_code(code))

    def get_by_code(self, code: str | int, *, on: datetime.date) -> "Province":
        """The province that bore this GSO code on that day (codes were reused in 2025)."""
        return self.with_code(code).valid_on(on).get()


@audited()
class Province(models.Model):
    """A province or centrally run city, identified by its GSO code *and* its validity interval:
    nine codes were reused in 2025 (15 was Yên Bái, and is now the merged Lào Cai)."""

    code = models.CharField(_("GSO code"), max_length=2)
    name = models.CharField(_("name"), max_length=100)
    codename = models.SlugField(_("code name"), max_length=100)
    division_type = models.CharField(_("type"), max_length=10, choices=DivisionType.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("For a province abolished on 1 July 2025, the new province it became part of."),
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["valid_from", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="province_code_valid_from"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="province_interval_ordered",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2}$"), name="province_code_two_digits"
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_to__isnull=False),
                name="province_successor_only_when_abolished",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_history(self) -> bool:
        """Abolished by today (the 63 former provinces since 1 July 2025): its rows are
        history, to be shown as such, never as a current province's."""
        return self.valid_to is not None and clock.today() > self.valid_to

    @property
    def history_note(self) -> str:
        """ "until 30/06/2025, now part of Tỉnh Tuyên Quang" for a province that is history
        (read ``successor`` with ``select_related``); empty for one valid today."""
        if not self.is_history:
            return ""
        until = self.valid_to.strftime("%d/%m/%Y")
        if self.successor_id is None:
            return _("until %(until)s") % {"until": until}
        return _("until %(until)s, now part of %(successor)s") % {
            "until": until,
            "successor": self.successor.name,
        }

    @property
    def label(self) -> str:
        """The name, with the history note of a former province."""
        note = self.history_note
        return f"{self.name} ({note})" if note else self.name

    def lineage_ids(self) -> list[int]:
        """This province and, for a current one, the abolished provinces merged into it."""
        if not self.is_current:
            return [self.pk]
        return [self.pk, *self.predecessors.values_list("pk", flat=True)]


@audited()
class ProvincialUnion(models.Model):
    """The cooperative union of one province (Liên minh HTX tỉnh). Its charter is approved by the
    provincial People's Committee: the decision number and date make "21/63 provinces have an
    approved charter" a query."""

    province = models.OneToOneField(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="union",
    )
    name = models.CharField(_("name"), max_length=200)
    charter_decision_number = models.CharField(
        _("charter approval decision"), max_length=50, blank=True
    )
    charter_approved_on = models.DateField(_("charter approved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("provincial union")
        verbose_name_plural = _("provincial unions")
        ordering = ["province__valid_from", "province__code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(charter_approved_on__isnull=True, charter_decision_number="")
                    | (Q(charter_approved_on__isnull=False) & ~Q(charter_decision_number=""))
                ),
                name="union_charter_number_and_date_together",
            ),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class Cooperative(models.Model):
    """One entry of the cooperative register (HTX, union of cooperatives or cooperative group),
    kept by the provincial union of its province. The register and the monthly counts are two
    sources; ``selectors.register_discrepancies`` shows where they disagree."""

    name = models.CharField(_("name"), max_length=255)
    registration_code = models.CharField(_("registration code"), max_length=30, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=CooperativeKind.choices,
        default=CooperativeKind.COOPERATIVE,
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    sub_sector = models.CharField(_("sub-sector"), max_length=30, choices=SubSector.choices)
    # No index of its own: the register's two composite indexes both start with the province.
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="cooperatives",
        db_index=False,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CooperativeStatus.choices,
        default=CooperativeStatus.ACTIVE,
    )
    established_on = models.DateField(_("established on"))
    dissolved_on = models.DateField(
        _("dissolved on"),
        null=True,
        blank=True,
        help_text=_("The day it was dissolved or declared bankrupt."),
    )
    members = models.PositiveIntegerField(
        _("members"), default=0, validators=bounds.count(bounds.MEMBERS_MAX)
    )
    # Mã số HTX, which is its tax code: 10 digits, or a branch's 13 written 0101234567-001
    # (``services.register.normalise_tax_code``). Empty for entries registered without one.
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True, db_default="")
    registering_authority = models.CharField(
        _("registering authority"),
        max_length=255,
        blank=True,
        db_default="",
        help_text=_("The business registration office that registered it."),
    )
    charter_capital = models.DecimalField(
        _("charter capital (VND)"),
        max_digits=18,
        decimal_places=0,
        default=0,
        validators=[MinValueValidator(0)],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["province__code", "name"]
        indexes = [
            models.Index(fields=["province", "established_on", "dissolved_on"]),
            # The register filtered by province and sector, a page at a time in name order.
            models.Index(fields=["province", "sector", "name", "id"], name="cooperative_list_idx"),
            # The whole register's page, in name order: read from the index, however large.
            models.Index(fields=["name", "id"], name="cooperative_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gte=models.F("established_on")),
                name="cooperative_dissolved_after_established",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=ENDED_STATUSES, dissolved_on__isnull=False)
                    | (~Q(status__in=ENDED_STATUSES) & Q(dissolved_on__isnull=True))
                ),
                name="cooperative_ended_status_has_date",
            ),
            models.CheckConstraint(
                condition=Q(tax_code="") | Q(tax_code__regex=r"^[0-9]{10}(-[0-9]{3})?$"),
                name="cooperative_tax_code_10_or_13_digits",
            ),
            models.UniqueConstraint(
                fields=["tax_code"], condition=~Q(tax_code=""), name="cooperative_tax_code_unique"
            ),
            models.CheckConstraint(
                condition=(
                    Q(sector=Sector.AGRICULTURAL, sub_sector__in=AGRICULTURAL_SUB_SECTORS)
                    | Q(sector=Sector.NON_AGRICULTURAL, sub_sector__in=NON_AGRICULTURAL_SUB_SECTORS)
                ),
                name="cooperative_sub_sector_in_sector",
            ),
            models.CheckConstraint(
                condition=Q(charter_capital__gte=0), name="cooperative_capital_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.registration_code})"


@audited()
class CooperativeStatusChange(models.Model):
    """A register entry's status from a day on (suspended on 1/3, active again on 1/9, ...):
    the register counts a cooperative as active at a month's end by the status it had then."""

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        related_name="status_changes",
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=20, choices=CooperativeStatus.choices)
    on = models.DateField(_("from"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["cooperative", "on", "pk"]
        indexes = [models.Index(fields=["cooperative", "on"], name="cooperative_status_on_idx")]

    def __str__(self) -> str:
        return f"{self.cooperative_id} {self.status} {self.on}"


@audited()
class CooperativeMemberCount(models.Model):
    """A cooperative's members on a day, by the 2023 Law's types: official members and
    associate members who contribute capital (thành viên liên kết góp vốn); of all of them, how
    many are legal persons (pháp nhân). ``Cooperative.members`` is the latest total."""

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        related_name="member_counts",
        db_index=False,
    )
    on = models.DateField(_("on"))
    official = models.PositiveIntegerField(
        _("official members"), default=0, validators=bounds.count(bounds.MEMBERS_MAX)
    )
    associate = models.PositiveIntegerField(
        _("associate members contributing capital"),
        default=0,
        validators=bounds.count(bounds.MEMBERS_MAX),
    )
    legal_persons = models.PositiveIntegerField(
        _("of which legal persons"), default=0, validators=bounds.count(bounds.MEMBERS_MAX)
    )

    class Meta:
        verbose_name = _("member count")
        verbose_name_plural = _("member counts")
        ordering = ["cooperative", "on"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "on"], name="member_count_one_per_day"),
            models.CheckConstraint(
                condition=Q(legal_persons__lte=models.F("official") + models.F("associate")),
                name="member_count_legal_persons_within_members",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative_id} {self.on}: {self.total}"

    @property
    def total(self) -> int:
        return self.official + self.associate


@audited()
class CooperativeFormerName(models.Model):
    """A name a register entry had before, and the last day it bore it (recorded when the
    name is changed), so that older documents and complaints can still be matched to it."""

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        related_name="former_names",
        db_index=False,
    )
    name = models.CharField(_("name"), max_length=255)
    used_until = models.DateField(_("used until"))

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["cooperative", "used_until", "pk"]
        indexes = [models.Index(fields=["cooperative", "used_until"], name="former_name_idx")]

    def __str__(self) -> str:
        return self.name


COUNT_FIELDS = (
    "established_agricultural",
    "established_non_agricultural",
    "dissolved_agricultural",
    "dissolved_non_agricultural",
    "active_total",
)
# The active total by kind: of ``active_total``, the unions of cooperatives; and beside it (not
# in it) the cooperative groups, reported from July 2024 (``None`` before, or not reported).
KIND_FIELDS = ("active_unions", "active_groups")
FIGURE_FIELDS = (*COUNT_FIELDS, *KIND_FIELDS, "nil_report", "explanation")


@audited()
class MonthlySubmission(models.Model):
    """A provincial union's cooperative counts for one month: one row per province and month.

    Workflow: draft → submitted → approved, or returned (with a reason) → corrected → submitted.
    Approved figures are locked until staff reopen them. ``version`` grows with every change so
    that an edit started from an older version is refused; every change is kept as a
    ``SubmissionEvent``. All writes go through ``cooperatives.services.submissions``."""

    # No index of its own: the one-per-province-and-month constraint's index starts with it.
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="submissions",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=bounds.year(bounds.FIRST_REPORTING_YEAR)
    )
    month = models.PositiveSmallIntegerField(_("month"), validators=bounds.month())
    established_agricultural = models.PositiveIntegerField(
        _("established, agricultural"), default=0, validators=bounds.count()
    )
    established_non_agricultural = models.PositiveIntegerField(
        _("established, non-agricultural"), default=0, validators=bounds.count()
    )
    dissolved_agricultural = models.PositiveIntegerField(
        _("dissolved, agricultural"), default=0, validators=bounds.count()
    )
    dissolved_non_agricultural = models.PositiveIntegerField(
        _("dissolved, non-agricultural"), default=0, validators=bounds.count()
    )
    active_total = models.PositiveIntegerField(_("active at month end"), validators=bounds.count())
    active_unions = models.PositiveIntegerField(
        _("of which unions of cooperatives"),
        default=0,
        db_default=0,
        validators=bounds.count(),
        help_text=_("Of the cooperatives active at month end, the unions of cooperatives."),
    )
    active_groups = models.PositiveIntegerField(
        _("cooperative groups active at month end"),
        null=True,
        blank=True,
        validators=bounds.count(),
        help_text=_("Reported from 07/2024 (2023 Cooperative Law); not part of the active total."),
    )
    nil_report = models.BooleanField(
        _("nothing to report"),
        default=False,
        help_text=_("No cooperative was established or dissolved this month."),
    )
    explanation = models.TextField(_("explanation"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    version = models.PositiveIntegerField(
        # "version" alone is Django's auth catalogue's, left untranslated there.
        pgettext_lazy("record", "version"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(bounds.VERSION_MAX)],
    )
    is_late = models.BooleanField(_("late"), default=False)
    return_reason = models.TextField(_("reason for return"), blank=True)

    created_at = models.DateTimeField(_("created at"), default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), default=clock.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("monthly submission")
        verbose_name_plural = _("monthly submissions")
        ordering = ["-year", "-month", "province__code"]
        indexes = [models.Index(fields=["year", "month", "status"])]
        triggers = [
            # Approved figures are locked in the database itself: not even a direct SQL UPDATE
            # or DELETE changes an approved row. Only the reopen service, which lifts this
            # trigger for its one statement, moves an approved submission on.
            pgtrigger.Protect(
                name="approved_submission_locked",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="approved"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "month"], name="submission_one_per_province_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="submission_month_1_to_12"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="submission_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(
                    established_agricultural__gte=0,
                    established_non_agricultural__gte=0,
                    dissolved_agricultural__gte=0,
                    dissolved_non_agricultural__gte=0,
                    active_total__gte=0,
                ),
                name="submission_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(active_unions__gte=0, active_unions__lte=models.F("active_total")),
                name="submission_unions_within_active",
            ),
            models.CheckConstraint(
                condition=Q(active_groups__isnull=True)
                | Q(active_groups__gte=0, year__gt=2024)
                | Q(active_groups__gte=0, year=2024, month__gte=7),
                name="submission_groups_from_july_2024",
            ),
            models.CheckConstraint(
                condition=Q(nil_report=False)
                | Q(
                    established_agricultural=0,
                    established_non_agricultural=0,
                    dissolved_agricultural=0,
                    dissolved_non_agricultural=0,
                ),
                name="submission_nil_report_has_no_movements",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="submission_version_positive"),
            models.CheckConstraint(
                condition=Q(status=SubmissionStatus.DRAFT) | Q(first_submitted_at__isnull=False),
                name="submission_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=SubmissionStatus.APPROVED) | Q(reviewed_at__isnull=False),
                name="submission_approved_has_review_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.month:02d}/{self.year}"

    @property
    def established_total(self) -> int:
        return self.established_agricultural + self.established_non_agricultural

    @property
    def dissolved_total(self) -> int:
        return self.dissolved_agricultural + self.dissolved_non_agricultural

    @property
    def period_end(self) -> datetime.date:
        return month_end(self.year, self.month)

    def figures(self) -> dict:
        """The reported figures, as kept before and after each change in the history."""
        return {field: getattr(self, field) for field in FIGURE_FIELDS}


class SubmissionEvent(models.Model):
    """One step in a submission's life (created, edited, submitted, approved, returned,
    reopened): who, when, the version it produced, the figures before and after, and the reason
    where one is required. This is the history users read. It is append-only (rows are never
    changed), so unlike the other models it needs no trigger audit of its own; the submission's
    own changes are in the pghistory audit as well."""

    # No index of its own: the one-event-per-version constraint's index starts with it.
    submission = models.ForeignKey(
        MonthlySubmission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="history",
        db_index=False,
    )
    action = models.CharField(_("action"), max_length=10, choices=SubmissionAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=clock.now)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"))
    status_before = models.CharField(
        _("status before"), max_length=10, choices=SubmissionStatus.choices, blank=True
    )
    status_after = models.CharField(
        _("status after"), max_length=10, choices=SubmissionStatus.choices
    )
    before = models.JSONField(_("figures before"), null=True, blank=True)
    after = models.JSONField(_("figures after"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["submission", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "version"], name="submission_event_one_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.version} {self.action}"


@audited()
class PlanTarget(models.Model):
    """The year's target for active cooperatives: national (no province) or for one province.
    The report states the active count against it ("vượt 15,5% kế hoạch")."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=bounds.year(bounds.FIRST_REPORTING_YEAR)
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_targets",
    )
    active_target = models.PositiveIntegerField(
        _("target of active cooperatives"),
        validators=[MinValueValidator(1), MaxValueValidator(bounds.COUNT_MAX)],
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["-year", "province__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(province__isnull=True),
                name="plan_target_one_national_per_year",
            ),
            models.UniqueConstraint(
                fields=["year", "province"],
                condition=Q(province__isnull=False),
                name="plan_target_one_per_province_year",
            ),
            models.CheckConstraint(condition=Q(active_target__gt=0), name="plan_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.active_target}"


class SubmissionReminder(models.Model):
    """A reminder to a province that had not reported a month, at one step
    (``ReminderStep``): recorded when the run decides to send it, ``sent_at`` set once its
    e-mail has gone. One per province, month and step, so a run repeated (a retried Celery
    task, two workers) sends nothing twice. The province's officers also see it in the portal,
    on their submissions page, until the month is reported."""

    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="reminders",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=bounds.year(bounds.FIRST_REPORTING_YEAR)
    )
    month = models.PositiveSmallIntegerField(_("month"), validators=bounds.month())
    step = models.CharField(_("step"), max_length=10, choices=ReminderStep.choices)
    deadline = models.DateField(_("deadline"))
    recipients = models.JSONField(_("e-mailed to"), default=list, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=clock.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission reminder")
        verbose_name_plural = _("submission reminders")
        ordering = ["-year", "-month", "province__code", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "month", "step"], name="reminder_one_per_step"
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="reminder_month"),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.period_label} {self.step}"

    @property
    def period_label(self) -> str:
        return f"{self.month:02d}/{self.year}"


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])
