import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.validators import validate_office_file
from vca_portal import bounds, clock
from vca_portal.audit import audited

from .choices import CLOSED_STATUSES, TaskKind, TaskStatus, UnitKind


@audited()
class Unit(models.Model):
    """A department (ban) or attached unit (đơn vị trực thuộc) of the alliance."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        on_delete=models.SET_NULL,  # a unit outlives its head's account
        null=True,
        blank=True,
        related_name="headed_units",
    )
    head_name = models.CharField(_("head (name and title)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")), name="unit_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class WorkProgram(models.Model):
    """The alliance's yearly work programme (Chương trình công tác năm)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=bounds.year())
    title = models.CharField(_("title"), max_length=300)
    document = models.ForeignKey(
        "meetings.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_programmes",
    )

    class Meta:
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="work_program_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return self.title


def local_today(now: datetime.datetime | None = None) -> datetime.date:
    """Today's date in the portal's time zone (Asia/Ho_Chi_Minh), which decides lateness."""
    return timezone.localdate(now or clock.now())


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: datetime.date | None = None):
        """Open tasks whose due date has passed (in Asia/Ho_Chi_Minh)."""
        return self.open().filter(due_on__lt=today or local_today())

    def due_within(self, days: int, today: datetime.date | None = None):
        today = today or local_today()
        return self.open().filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days))


@audited()
class Task(models.Model):
    """One assigned task (đầu việc) or Standing Committee submission (tờ trình), led by a unit.
    Its source is a meeting conclusion, a document or the work programme."""

    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=TaskKind.choices, default=TaskKind.TASK
    )
    programme = models.ForeignKey(
        WorkProgram,
        verbose_name=_("work programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    conclusion = models.ForeignKey(
        "meetings.Conclusion",
        verbose_name=_("conclusion"),
        on_delete=models.PROTECT,  # a conclusion with tasks cannot be deleted
        null=True,
        blank=True,
        related_name="tasks",
    )
    document = models.ForeignKey(
        "meetings.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    # No index of its own: task_unit_due_idx starts with it.
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="led_tasks",
        db_index=False,
    )
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("supporting units"), blank=True, related_name="supported_tasks"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tasks",
    )
    assigned_on = models.DateField(_("assigned on"))
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_STARTED,
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=bounds.percent()
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    is_key = models.BooleanField(_("key task"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=TaskStatus.COMPLETED) & Q(completed_on__isnull=False))
                | (~Q(status=TaskStatus.COMPLETED) & Q(completed_on__isnull=True)),
                name="task_completed_on_iff_completed",
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("assigned_on")),
                name="task_due_after_assigned",
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="task_percent_at_most_100"
            ),
        ]
        indexes = [
            models.Index(fields=["lead_unit", "due_on"], name="task_unit_due_idx"),
            # A plain index: a status is matched whole, never with LIKE.
            models.Index(fields=["status"], name="task_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (
            self.status not in CLOSED_STATUSES
            and self.due_on is not None
            and self.due_on < (today or local_today())
        )

    @property
    def source(self):
        return self.conclusion or self.document or self.programme


def progress_upload_to(instance, filename: str) -> str:
    return f"tasks/{instance.task_id}/{filename}"


@audited()
class TaskProgress(models.Model):
    """A progress update on a task: how far it is, what was done, who reported it and when."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    percent = models.PositiveSmallIntegerField(_("percent complete"), validators=bounds.percent())
    note = models.TextField(_("note"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=progress_upload_to, blank=True, validators=[validate_office_file]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["task", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task}: {self.percent}%"
