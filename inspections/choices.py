from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    """What the committee does. Besides inspections proper, the committee's other recorded
    activities (training its provincial counterparts, surveys) are kept in the same register so
    that the month's work reads as one list."""

    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")
    THEMATIC = "thematic", _("Thematic inspection")
    TRAINING = "training", _("Training")
    SURVEY = "survey", _("Survey")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded")


class SubjectKind(models.TextChoices):
    """Who an inspection looks at. A provincial union is identified by its province; the
    others by name (a cooperative will also link to the register)."""

    PROVINCIAL_UNION = "provincial_union", _("Provincial cooperative union")
    COOPERATIVE = "cooperative", _("Cooperative")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other organisation")


class RecommendationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Implemented")
    CANCELLED = "cancelled", _("Cancelled")


RECOMMENDATION_CLOSED = (RecommendationStatus.DONE, RecommendationStatus.CANCELLED)


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")  # khiếu nại
    DENUNCIATION = "denunciation", _("Denunciation")  # tố cáo
    PETITION = "petition", _("Petition")  # kiến nghị, phản ánh


class ComplaintChannel(models.TextChoices):
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    TRANSFERRED = "transferred", _("Transferred by another agency")


class ComplainantKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Person")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")
    TRANSFERRED = "transferred", _("Transferred")


COMPLAINT_OPEN = (
    ComplaintStatus.RECEIVED,
    ComplaintStatus.ACCEPTED,
    ComplaintStatus.UNDER_INVESTIGATION,
)
COMPLAINT_CLOSED = (
    ComplaintStatus.RESOLVED,
    ComplaintStatus.REJECTED,
    ComplaintStatus.TRANSFERRED,
)


class DayOffKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")  # ngày nghỉ
    WORKING_DAY = "working_day", _("Compensatory working day")  # ngày làm bù
