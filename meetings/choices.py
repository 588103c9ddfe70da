from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    MONTHLY_REVIEW = "monthly_review", _("Monthly leadership review")
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")
    OTHER = "other", _("Other")


class MeetingFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class ParticipantRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    ATTENDEE = "attendee", _("Attendee")
    GUEST = "guest", _("Guest")


class Attendance(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", _("Present")
    ONLINE = "online", _("Attending online")
    ABSENT = "absent", _("Absent")


class QuorumRule(models.TextChoices):
    """How many of the voting members must attend for the meeting to decide."""

    MORE_THAN_HALF = "half", _("More than half of the voting members")
    TWO_THIRDS = "two_thirds", _("At least two thirds of the voting members")


class VoteThreshold(models.TextChoices):
    """What a motion needs to pass."""

    MAJORITY_OF_CAST = "cast_majority", _("More than half of the votes cast")
    MAJORITY_OF_VOTERS = "voters_majority", _("More than half of those entitled to vote")
    TWO_THIRDS_OF_VOTERS = "voters_two_thirds", _("At least two thirds of those entitled to vote")


class DocumentType(models.TextChoices):
    """Type codes of Vietnamese administrative documents (the part before the issuer)."""

    NOTICE = "TB", _("Notice (TB)")
    PLAN = "KH", _("Plan (KH)")
    PROGRAMME = "CTr", _("Programme (CTr)")
    RESOLUTION = "NQ", _("Resolution (NQ)")
    DECISION = "QĐ", _("Decision (QĐ)")
    SUBMISSION = "TTr", _("Submission (TTr)")
    OFFICIAL_LETTER = "CV", _("Official letter (CV)")
    REPORT = "BC", _("Report (BC)")
    DIRECTIVE = "CT", _("Directive (CT)")
    DECREE = "NĐ", _("Decree (NĐ)")
    CIRCULAR = "TT", _("Circular (TT)")
    REGULATION = "QC", _("Regulation (QC)")
    GUIDANCE = "HD", _("Guidance (HD)")
    CONCLUSION = "KL", _("Conclusion (KL)")
    MINUTES = "BB", _("Minutes (BB)")
    MEMORANDUM = "BBGN", _("Memorandum (BBGN)")
    AGREEMENT = "TTHT", _("Agreement (TTHT)")
    OTHER = "", _("Not recognised")


class DocumentStatus(models.TextChoices):
    """Where a register entry comes from: recorded as it was written elsewhere (editable),
    drafted here and not yet issued (no number), or issued here (number, date and files fixed)."""

    RECORDED = "recorded", _("Recorded")
    DRAFT = "draft", pgettext_lazy("document", "Draft")
    ISSUED = "issued", _("Issued")


class AgreementKind(models.TextChoices):
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    COOPERATION = "cooperation", _("Cooperation agreement")
