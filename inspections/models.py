"""The inspection committee's casework: plans, inspections with their recommendations, and
complaints with their legal handling deadline.

An inspection's or a complaint's subject links to the register where it is in it (a
cooperative, a provincial union by its province), else to an ``Organisation`` record (the
alliance's enterprises and schools); a subject in neither is still named in ``subject_name``,
which a link fills in.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vca_portal import bounds, clock
from vca_portal.audit import audited

from .choices import (
    COMPLAINT_CLOSED,
    COMPLAINT_OPEN,
    RECOMMENDATION_CLOSED,
    ComplainantKind,
    ComplaintChannel,
    ComplaintKind,
    ComplaintStatus,
    DayOffKind,
    InspectionKind,
    InspectionStatus,
    RecommendationStatus,
    SubjectKind,
)

DOCUMENT_NUMBER_HELP = _("In the form serial/TYPE-ISSUER, e.g. 758/KH-LMHTX.")


ORGANISATION_KINDS = (SubjectKind.ENTERPRISE, SubjectKind.SCHOOL, SubjectKind.OTHER)


@audited()
class Organisation(models.Model):
    """An organisation the committee inspects, or receives complaints about, that is not in the
    cooperative register: an enterprise or a school owned by the alliance, or another body."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=[(kind.value, kind.label) for kind in ORGANISATION_KINDS],
    )
    province = models.ForeignKey(
        "cooperatives.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:organisation-detail", args=[self.pk])


def _subject_links(instance, *, kind_field: str | None) -> dict:
    """The rules of a subject's links, shared by inspections and complaints: at most one of a
    register entry and an organisation record; an inspection's link fits its subject kind; a
    link names the subject."""
    errors = {}
    if instance.cooperative_id and instance.organisation_id:
        errors["organisation"] = _(
            "Link the subject to a cooperative or an organisation, not both."
        )
    kind = getattr(instance, kind_field) if kind_field else None
    if kind_field and instance.cooperative_id and kind != SubjectKind.COOPERATIVE:
        errors["cooperative"] = _("Only a cooperative subject links to the register.")
    if kind_field and instance.organisation_id and kind not in ORGANISATION_KINDS:
        errors["organisation"] = _(
            "Only an enterprise, a school or another organisation links here."
        )
    return errors


class InspectionPlanManager(models.Manager):
    """Plans come with their document: a plan is shown by its document's number."""

    def get_queryset(self):
        return super().get_queryset().select_related("document")


@audited()
class InspectionPlan(models.Model):
    """A plan of inspections or supervision for a year, issued as a document (Kế hoạch), e.g.
    758/KH-LMHTX of 26/10/2021 on supervising thrift and anti-waste practice."""

    year = models.PositiveSmallIntegerField(_("year"), validators=bounds.year())
    title = models.CharField(_("title"), max_length=500)
    # The plan as issued, in the document register (its number and date live there once).
    document = models.OneToOneField(
        "meetings.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_plan",
    )
    themes = models.TextField(_("subjects and themes"), blank=True)

    objects = InspectionPlanManager()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="inspection_plan_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} — {self.title}" if self.document_number else self.title

    @property
    def document_number(self) -> str:
        return self.document.number if self.document_id else ""

    @property
    def document_date(self) -> datetime.date | None:
        return self.document.issued_on if self.document_id else None


@audited()
class Inspection(models.Model):
    """An inspection, supervision or other activity of the committee, of one subject: a
    provincial union (by its province) or an organisation by name (a cooperative, an enterprise
    or a school owned by the alliance). Training sessions and surveys the committee runs are
    recorded here too, with their own kind, so the month's work is one list."""

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    subject_kind = models.CharField(_("subject kind"), max_length=20, choices=SubjectKind.choices)
    subject_name = models.CharField(_("subject"), max_length=300, blank=True)
    subject_province = models.ForeignKey(
        "cooperatives.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        verbose_name=_("cooperative in the register"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team lead"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_inspections",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team members"),
        blank=True,
        related_name="inspection_memberships",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    findings = models.TextField(_("findings"), blank=True)
    conclusion_number = models.CharField(
        _("conclusion document number"),
        max_length=50,
        blank=True,
        help_text=DOCUMENT_NUMBER_HELP,
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="inspection_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(subject_kind=SubjectKind.PROVINCIAL_UNION)
                | Q(subject_province__isnull=False),
                name="inspection_union_has_province",
            ),
            models.CheckConstraint(
                condition=Q(subject_kind=SubjectKind.PROVINCIAL_UNION) | ~Q(subject_name=""),
                name="inspection_organisation_has_name",
            ),
            models.CheckConstraint(
                condition=Q(status=InspectionStatus.CONCLUDED, concluded_on__isnull=False)
                | (~Q(status=InspectionStatus.CONCLUDED) & Q(concluded_on__isnull=True)),
                name="inspection_concluded_on_iff_concluded",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True)
                | Q(concluded_on__gte=models.F("start_date")),
                name="inspection_concluded_after_start",
            ),
            models.CheckConstraint(
                condition=Q(cooperative__isnull=True) | Q(subject_kind=SubjectKind.COOPERATIVE),
                name="inspection_cooperative_link_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(subject_kind__in=ORGANISATION_KINDS),
                name="inspection_organisation_link_fits_kind",
            ),
        ]
        indexes = [models.Index(fields=["status", "start_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection-detail", args=[self.pk])

    @property
    def subject_display(self) -> str:
        if self.subject_kind == SubjectKind.PROVINCIAL_UNION and self.subject_province_id:
            return _("Cooperative union of %(province)s") % {"province": self.subject_province.name}
        return self.subject_name

    def clean(self) -> None:
        errors = _subject_links(self, kind_field="subject_kind")
        if not errors and self.cooperative_id:
            self.subject_name = self.cooperative.name
        elif not errors and self.organisation_id:
            self.subject_name = self.organisation.name
        if self.subject_kind == SubjectKind.PROVINCIAL_UNION and not self.subject_province_id:
            errors["subject_province"] = _("Choose the province of the union.")
        organisation = self.subject_kind and self.subject_kind != SubjectKind.PROVINCIAL_UNION
        if organisation and not self.subject_name.strip():
            errors["subject_name"] = _("Enter the name of the organisation.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.status == InspectionStatus.CONCLUDED and not self.concluded_on:
            errors["concluded_on"] = _("A concluded inspection needs its conclusion date.")
        if self.status != InspectionStatus.CONCLUDED and self.concluded_on:
            errors["concluded_on"] = _("Only a concluded inspection has a conclusion date.")
        if self.concluded_on and self.start_date and self.concluded_on < self.start_date:
            errors["concluded_on"] = _("The conclusion cannot be before the start date.")
        if errors:
            raise ValidationError(errors)


@audited()
class Recommendation(models.Model):
    """A recommendation of an inspection's conclusion: who must act, by when, and the evidence
    that they did."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    text = models.TextField(_("recommendation"))
    responsible_party = models.CharField(_("responsible party"), max_length=300)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PENDING,
    )
    follow_up = models.TextField(_("follow-up evidence"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=RecommendationStatus.DONE) | Q(completed_on__isnull=False),
                name="recommendation_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue_on(self, today: datetime.date) -> bool:
        return (
            self.status not in RECOMMENDATION_CLOSED
            and self.deadline is not None
            and self.deadline < today
        )

    def clean(self) -> None:
        if self.status == RecommendationStatus.DONE and not self.completed_on:
            raise ValidationError(
                {"completed_on": _("Enter the date the recommendation was implemented.")}
            )


@audited()
class Complaint(models.Model):
    """A complaint (khiếu nại), denunciation (tố cáo) or petition received by the committee.

    ``acceptance_due_on`` is the last day to accept the case (thụ lý) and ``due_on`` the legal
    deadline to resolve it, both set by ``services.complaint_deadlines`` from the receipt date,
    the acceptance date, the kind, whether the case is complex and whether the complainant is in
    a remote area; whether a case is overdue is derived from ``due_on``. The complainant's
    contact details are confidential: read them only through ``selectors.complainant_for``."""

    received_on = models.DateField(_("received on"))
    accepted_on = models.DateField(
        _("accepted on"),
        null=True,
        blank=True,
        help_text=_("The day the case was accepted for handling (thụ lý)."),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=ComplaintChannel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=ComplaintKind.choices)
    complainant_kind = models.CharField(
        _("complainant is"), max_length=20, choices=ComplainantKind.choices
    )
    complainant_name = models.CharField(_("complainant"), max_length=300)
    complainant_province = models.ForeignKey(
        "cooperatives.Province",
        verbose_name=_("complainant's province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Confidential: inspectors and administrators only (selectors.complainant_for).
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    contact_address = models.CharField(_("address"), max_length=500, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)

    subject = models.CharField(_("matter"), max_length=500)
    # The register entry or organisation the case concerns (it complains, or is complained
    # about), where there is one; the cooperative's page lists its cases.
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        verbose_name=_("cooperative concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    summary = models.TextField(_("summary"))
    handling_unit = models.ForeignKey(
        "tasks.Unit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    handling_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handling officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_complaints",
    )
    is_complex = models.BooleanField(
        _("complex case"),
        default=False,
        help_text=_("A complex case has the longer legal handling period."),
    )
    is_remote_area = models.BooleanField(
        _("remote area"),
        default=False,
        help_text=_(
            "The complainant lives in a remote area where travel is difficult: a complaint "
            "then has a longer legal handling period."
        ),
    )
    acceptance_due_on = models.DateField(_("acceptance deadline"), null=True, blank=True)
    due_on = models.DateField(_("legal deadline"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("received_on")),
                name="complaint_due_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(status__in=COMPLAINT_OPEN, closed_on__isnull=True)
                | Q(status__in=COMPLAINT_CLOSED, closed_on__isnull=False),
                name="complaint_closed_on_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("received_on")),
                name="complaint_closed_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | Q(accepted_on__gte=models.F("received_on")),
                name="complaint_accepted_after_receipt",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:complaint-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in COMPLAINT_OPEN

    def is_overdue_on(self, today: datetime.date) -> bool:
        return self.is_open and self.due_on < today

    def is_acceptance_overdue_on(self, today: datetime.date) -> bool:
        return (
            self.status == ComplaintStatus.RECEIVED
            and self.acceptance_due_on is not None
            and self.acceptance_due_on < today
        )

    def clean(self) -> None:
        if errors := _subject_links(self, kind_field=None):
            raise ValidationError(errors)
        if self.accepted_on and self.received_on and self.accepted_on < self.received_on:
            raise ValidationError(
                {"accepted_on": _("The case cannot be accepted before it was received.")}
            )
        if self.accepted_on and self.accepted_on > clock.today():
            raise ValidationError(
                {"accepted_on": _("The acceptance date cannot be in the future.")}
            )


@audited()
class ComplaintStep(models.Model):
    """One step in handling a complaint (received, accepted, resolved…), with who took it and a
    note: the case's timeline."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(_("status"), max_length=20, choices=ComplaintStatus.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint steps")
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.on:%d/%m/%Y}"


@audited()
class DayOff(models.Model):
    """A day the government announces as a day off, or a weekend day worked in exchange for one
    (ngày làm bù), beyond the public holidays the calendar already knows
    (``inspections.workdays``). Each day is in the calendar once."""

    on = models.DateField(
        _("date"),
        unique=True,
        error_messages={"unique": _("This day is already in the calendar.")},
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DayOffKind.choices, default=DayOffKind.DAY_OFF
    )
    reason = models.CharField(
        _("reason"),
        max_length=300,
        help_text=_("The government's announcement it follows, with its number and date."),
    )

    class Meta:
        verbose_name = _("day off or working day")
        verbose_name_plural = _("days off and working days")
        ordering = ["-on"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_kind_display()}"

    def clean(self) -> None:
        from .workdays import WorkingCalendar

        if not self.on:
            return
        calendar = WorkingCalendar()
        working = calendar.is_working_day(self.on)
        if self.kind == DayOffKind.DAY_OFF and not working:
            holiday = calendar.holiday_name(self.on)
            message = (
                _("%(date)s is already a public holiday (%(holiday)s).")
                if holiday
                else _("%(date)s is already a day off (a Saturday or Sunday).")
            )
            raise ValidationError(
                {"on": message % {"date": self.on.strftime("%d/%m/%Y"), "holiday": holiday}}
            )
        if self.kind == DayOffKind.WORKING_DAY and working:
            raise ValidationError(
                {
                    "on": _("%(date)s is already a working day.")
                    % {"date": self.on.strftime("%d/%m/%Y")}
                }
            )
