from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionType(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("Centrally run city")


class CooperativeKind(models.TextChoices):
    """The three kinds of the 2023 Cooperative Law (Luật HTX 2023, in force 1 July 2024).
    Cooperatives and unions of cooperatives are the monthly counts' cooperatives; cooperative
    groups are not legal entities and are counted beside them, never in them."""

    COOPERATIVE = "cooperative", _("Cooperative")
    UNION_OF_COOPERATIVES = "union_of_cooperatives", _("Union of cooperatives")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")


# The day the 2023 Cooperative Law took effect: from this month the provincial unions report
# their cooperative groups (tổ hợp tác) beside the cooperatives.
COOPERATIVE_LAW_2023_IN_FORCE = (2024, 7)


class Sector(models.TextChoices):
    AGRICULTURAL = "agricultural", _("Agricultural")
    NON_AGRICULTURAL = "non_agricultural", _("Non-agricultural")


class SubSector(models.TextChoices):
    # Agricultural
    CROPS = "crops", _("Crops")
    LIVESTOCK = "livestock", _("Livestock")
    AQUACULTURE = "aquaculture", _("Fisheries and aquaculture")
    FORESTRY = "forestry", _("Forestry")
    SALT = "salt", _("Salt production")
    IRRIGATION = "irrigation", _("Irrigation and agricultural services")
    # Non-agricultural
    INDUSTRY_HANDICRAFT = "industry_handicraft", _("Industry and handicraft")
    TRADE_SERVICES = "trade_services", _("Trade and services")
    TRANSPORT = "transport", _("Transport")
    CONSTRUCTION = "construction", _("Construction")
    PEOPLES_CREDIT_FUND = "peoples_credit_fund", _("People's credit fund")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


AGRICULTURAL_SUB_SECTORS = [
    SubSector.CROPS,
    SubSector.LIVESTOCK,
    SubSector.AQUACULTURE,
    SubSector.FORESTRY,
    SubSector.SALT,
    SubSector.IRRIGATION,
]
NON_AGRICULTURAL_SUB_SECTORS = [
    SubSector.INDUSTRY_HANDICRAFT,
    SubSector.TRADE_SERVICES,
    SubSector.TRANSPORT,
    SubSector.CONSTRUCTION,
    SubSector.PEOPLES_CREDIT_FUND,
    SubSector.ENVIRONMENT,
    SubSector.OTHER,
]


class CooperativeStatus(models.TextChoices):
    """A register entry's legal status. Suspended (tạm ngừng hoạt động) is not active; one being
    dissolved (đang giải thể) still exists and counts as active until it is dissolved; dissolved
    and bankrupt end it (``ENDED_STATUSES``, with the date it ended)."""

    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVING = "dissolving", _("Being dissolved")
    DISSOLVED = "dissolved", _("Dissolved")
    BANKRUPT = "bankrupt", _("Bankrupt")


ENDED_STATUSES = (CooperativeStatus.DISSOLVED, CooperativeStatus.BANKRUPT)


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


# A province-month without any submission row, as shown in completeness views and statistics.
STATUS_MISSING = "missing"

EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
REPORTED_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


class SubmissionAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    REOPENED = "reopened", _("Reopened")


class Geography(models.TextChoices):
    HISTORICAL = "historical", _("Provinces as they were in each month")
    CURRENT = "current", _("Today's 34 provinces")


class PeriodKind(models.TextChoices):
    """The periods the alliance reports on to the government besides the month."""

    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class FiguresBasis(models.TextChoices):
    """Which provinces' figures a month's national statistics count; a province whose figures
    are not counted carries its last approved active total forward."""

    APPROVED = "approved", _("Approved figures only")
    SUBMITTED = "submitted", _("Submitted figures too, before review")


COUNTED_STATUSES = {
    FiguresBasis.APPROVED: (SubmissionStatus.APPROVED,),
    FiguresBasis.SUBMITTED: (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED),
}


class ReminderStep(models.TextChoices):
    """When a province that has not reported a month is reminded: before the deadline, the day
    after it, and a week after it (``SUBMISSION_REMINDER_DAYS``)."""

    BEFORE = "before", _("Before the deadline")
    AFTER = "after", _("After the deadline")
    FINAL = "final", _("A week after the deadline")
