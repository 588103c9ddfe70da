import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _

from vca_portal import bounds
from vca_portal.audit import audited

from .choices import (
    AgreementKind,
    Attendance,
    DocumentStatus,
    DocumentType,
    MeetingFormat,
    MeetingKind,
    ParticipantRole,
    QuorumRule,
    VoteThreshold,
)
from .validators import validate_office_file


@audited()
class Meeting(models.Model):
    """A meeting, conference or workshop of the alliance, e.g. the monthly leadership review
    that looks back on one month (``reviews_month``) and plans the next."""

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=MeetingFormat.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chaired by"),
        on_delete=models.SET_NULL,  # the meeting stays on record when an account is removed
        null=True,
        blank=True,
        related_name="chaired_meetings",
    )
    chair_name = models.CharField(
        _("chair (name and title)"),
        max_length=200,
        blank=True,
        help_text=_("As printed in the minutes, e.g. for a chair without an account."),
    )
    reviews_month = models.DateField(
        _("month reviewed"),
        null=True,
        blank=True,
        help_text=_("The first day of the month this meeting reviews."),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    quorum_rule = models.CharField(
        _("quorum"), max_length=20, choices=QuorumRule.choices, default=QuorumRule.MORE_THAN_HALF
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(reviews_month__isnull=True) | Q(reviews_month__day=1),
                name="meeting_reviews_whole_month",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def chair_display(self) -> str:
        return self.chair_name or (str(self.chaired_by) if self.chaired_by else "")

    def quorum(self) -> dict:
        """Who of the voting members attends, and whether that is a quorum under the
        meeting's rule (more than half, or two thirds). ``None`` when no attendance is kept."""
        members = [p for p in self.participants.all() if p.is_voting_member]
        if not members:
            return None
        attending = sum(p.attendance in (Attendance.PRESENT, Attendance.ONLINE) for p in members)
        total = len(members)
        if self.quorum_rule == QuorumRule.TWO_THIRDS:
            required = -(-2 * total // 3)  # at least two thirds, rounded up
        else:
            required = total // 2 + 1  # more than half
        return {
            "members": total,
            "attending": attending,
            "online": sum(p.attendance == Attendance.ONLINE for p in members),
            "absent": sum(p.attendance == Attendance.ABSENT for p in members),
            "required": required,
            "reached": attending >= required,
        }


@audited()
class Participant(models.Model):
    """A speaker or attendee of a meeting: a user of the portal or a named guest."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_participations",
    )
    name = models.CharField(_("name and title"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.PRESENT
    )
    absence_reason = models.CharField(_("reason for absence"), max_length=300, blank=True)
    is_voting_member = models.BooleanField(
        _("voting member"),
        default=True,
        help_text=_("Counts towards the quorum; guests and staff in attendance do not."),
    )
    agenda_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("speaks on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""), name="participant_is_named"
            ),
            models.CheckConstraint(
                condition=~Q(attendance="absent") | ~Q(absence_reason=""),
                name="participant_absence_has_reason",
            ),
            # One line per person: a user once, a named guest once (whatever the case).
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="participant_user_once",
            ),
            models.UniqueConstraint(
                "meeting",
                Lower("name"),
                condition=Q(user__isnull=True),
                name="participant_name_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.user)


@audited()
class AgendaItem(models.Model):
    """One item of a meeting's ordered agenda."""

    # No index of its own: agenda_position_unique's index starts with it.
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
        db_index=False,
    )
    position = models.PositiveSmallIntegerField(
        _("position"), validators=[MaxValueValidator(bounds.POSITION_MAX)]
    )
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    discussion = models.TextField(_("discussion"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


@audited()
class Conclusion(models.Model):
    """A numbered conclusion of a meeting; conclusions become tasks for the units."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        # Tasks point at conclusions (PROTECT there), so a meeting whose conclusions were
        # already assigned cannot disappear with them.
        on_delete=models.CASCADE,
        related_name="conclusions",
        db_index=False,  # conclusion_number_unique's index starts with it
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(bounds.POSITION_MAX)]
    )
    text = models.TextField(_("text"))
    notice = models.ForeignKey(
        "Document",
        verbose_name=_("announced in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announced_conclusions",
        help_text=_("The conclusion notice (thông báo kết luận) that announced it."),
    )

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="conclusion_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="conclusion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


@audited()
class VoteResult(models.Model):
    """The result of a vote held or reported at a meeting, e.g. 200 of 226 votes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="votes"
    )
    question = models.CharField(_("question"), max_length=300)
    votes_for = models.PositiveIntegerField(
        _("votes for"), validators=bounds.count(bounds.VOTES_MAX)
    )
    votes_cast = models.PositiveIntegerField(
        _("votes cast"), validators=bounds.count(bounds.VOTES_MAX)
    )
    votes_against = models.PositiveIntegerField(
        _("votes against"), null=True, blank=True, validators=bounds.count(bounds.VOTES_MAX)
    )
    votes_abstain = models.PositiveIntegerField(
        _("abstentions"), null=True, blank=True, validators=bounds.count(bounds.VOTES_MAX)
    )
    voters = models.PositiveIntegerField(
        _("entitled to vote"),
        null=True,
        blank=True,
        validators=bounds.count(bounds.VOTES_MAX),
        help_text=_("Those entitled to vote; those who did not vote are the rest."),
    )
    is_secret = models.BooleanField(_("secret ballot"), default=False)
    threshold = models.CharField(
        _("passes with"),
        max_length=20,
        choices=VoteThreshold.choices,
        default=VoteThreshold.MAJORITY_OF_CAST,
    )

    class Meta:
        verbose_name = _("vote result")
        verbose_name_plural = _("vote results")
        ordering = ["meeting", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_for__lte=F("votes_cast")), name="vote_for_within_cast"
            ),
            models.CheckConstraint(
                condition=Q(
                    votes_cast__gte=F("votes_for")
                    + Coalesce(F("votes_against"), 0)
                    + Coalesce(F("votes_abstain"), 0)
                ),
                name="vote_parts_within_cast",
            ),
            models.CheckConstraint(
                condition=Q(voters__isnull=True) | Q(votes_cast__lte=F("voters")),
                name="vote_cast_within_voters",
            ),
            models.CheckConstraint(
                condition=Q(voters__isnull=False) | Q(threshold="cast_majority"),
                name="vote_threshold_of_voters_knows_them",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.votes_for}/{self.votes_cast}"

    @property
    def percent_for(self) -> float | None:
        return round(100 * self.votes_for / self.votes_cast, 1) if self.votes_cast else None

    @property
    def not_voting(self) -> int | None:
        return self.voters - self.votes_cast if self.voters is not None else None

    @property
    def passed(self) -> bool:
        """The result by the vote's threshold (the one rule, used by every page and file)."""
        if self.threshold == VoteThreshold.MAJORITY_OF_VOTERS:
            return 2 * self.votes_for > self.voters
        if self.threshold == VoteThreshold.TWO_THIRDS_OF_VOTERS:
            return 3 * self.votes_for >= 2 * self.voters
        return 2 * self.votes_for > self.votes_cast


def _changed(*fields: str) -> pgtrigger.Q:
    """A trigger condition: any of ``fields`` differs between the old and the new row."""
    condition = pgtrigger.Q()
    for name in fields:
        condition |= pgtrigger.Q(**{f"old__{name}__df": pgtrigger.F(f"new__{name}")})
    return condition


def document_upload_to(instance, filename: str) -> str:
    return f"documents/{instance.year}/{filename}"


@audited()
class Document(models.Model):
    """An official document (văn bản) in the register. ``number`` is kept as written; its
    parts are filled when the number could be parsed, otherwise ``number_parsed`` is False."""

    number = models.CharField(_("number"), max_length=100, blank=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.RECORDED,
    )
    number_parsed = models.BooleanField(_("number recognised"), default=False)
    serial = models.CharField(_("serial"), max_length=20, blank=True)
    serial_value = models.PositiveIntegerField(
        _("serial (numeric)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(bounds.SERIAL_MAX)],
    )
    doc_type = models.CharField(
        _("type"), max_length=10, choices=DocumentType.choices, blank=True, db_index=True
    )
    issuer_code = models.CharField(_("issuer code"), max_length=30, blank=True, db_index=True)
    department_code = models.CharField(_("department code"), max_length=30, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True, validators=bounds.year())
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer_name = models.CharField(_("issuing organisation"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        blank=True,
        validators=[validate_office_file],
    )
    cites = models.ManyToManyField(
        "self",
        verbose_name=_("cites"),
        symmetrical=False,
        blank=True,
        related_name="cited_by",
    )
    meetings = models.ManyToManyField(
        Meeting, verbose_name=_("produced by meetings"), blank=True, related_name="documents"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-year", "-issued_on", "-id"]
        triggers = [
            # What the portal issued is fixed in the database itself: its number, date, title
            # and file cannot change, and it cannot be deleted (a correction replaces it).
            pgtrigger.Protect(
                name="issued_document_fixed",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status="issued")
                & _changed(
                    "status",
                    "number",
                    "serial_value",
                    "doc_type",
                    "issuer_code",
                    "year",
                    "issued_on",
                    "title",
                    "file",
                ),
            ),
            pgtrigger.Protect(
                name="issued_document_kept",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="issued"),
            ),
        ]
        constraints = [
            # One serial per issuer, type and year: 784/TB-LMHTXVN exists once in 2021.
            models.UniqueConstraint(
                fields=["issuer_code", "doc_type", "year", "serial_value"],
                condition=Q(number_parsed=True),
                name="document_number_unique_per_issuer_type_year",
            ),
            # What the portal issues takes one sequence per issuing body and year, whatever
            # the type (Decree 30/2020/NĐ-CP, art. 15): 843/KH follows 842/TB.
            models.UniqueConstraint(
                fields=["issuer_code", "year", "serial_value"],
                condition=Q(status="issued"),
                name="document_issued_serial_unique_per_body_year",
            ),
            models.CheckConstraint(
                condition=~Q(status="issued")
                | (Q(number_parsed=True) & Q(issued_on__isnull=False)),
                name="document_issued_has_number_and_date",
            ),
            models.UniqueConstraint(
                fields=["number", "year"],
                condition=Q(number_parsed=False) & ~Q(number=""),
                name="document_unparsed_number_unique_per_year",
            ),
            models.CheckConstraint(
                condition=Q(number_parsed=False) | Q(serial_value__isnull=False),
                name="document_parsed_has_serial",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100), name="document_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(issued_on__year=F("year")),
                name="document_issued_in_its_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentStatus.ISSUED


@audited()
class Agreement(models.Model):
    """An international cooperation agreement: a document signed with a foreign partner."""

    document = models.OneToOneField(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="agreement"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    partner = models.CharField(_("partner"), max_length=200)
    country = models.CharField(_("country"), max_length=100)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("international agreement")
        verbose_name_plural = _("international agreements")
        ordering = ["-signed_on", "partner"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "partner", "signed_on"], name="agreement_unique_per_partner_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.partner} ({self.country})"
