"""Thin translations between JSON and the services: input serializers only check shapes and
resolve GSO codes; every rule is in ``cooperatives.services``."""

import datetime
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperatives import selectors
from cooperatives.choices import (
    CooperativeKind,
    CooperativeStatus,
    FiguresBasis,
    Geography,
    PeriodKind,
    Sector,
    SubmissionAction,
    SubmissionStatus,
    SubSector,
)
from cooperatives.models import (
    Cooperative,
    CooperativeMemberCount,
    MonthlySubmission,
    PlanTarget,
    Province,
    ProvincialUnion,
    SubmissionEvent,
)
from cooperatives.periods import period_check
from vca_portal import bounds, clock
from vca_portal.filters import FIRST_YEAR, LAST_YEAR


def enum_field(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented by its values rather than as a named enum: several models
    have a ``status`` or ``kind`` with different choices, and named enum components of the same
    field name would collide in the schema."""
    values = ", ".join(choices.values)
    field_class = extend_schema_field(
        {"type": "string", "description": f"One of: {values}.", "example": choices.values[0]}
    )(type(f"{choices.__name__}Field", (serializers.ChoiceField,), {}))
    return field_class(choices.choices, **kwargs)


class MergedIntoSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProvinceHistorySerializer(serializers.Serializer):
    """How a listed province is labelled (``selectors.province_history``, the pages' rule)."""

    is_current = serializers.BooleanField(
        help_text=_(
            "False for a province abolished by today (the 63 former ones since 1 July 2025):"
            " its rows are history."
        )
    )
    merged_into = MergedIntoSerializer(
        allow_null=True, help_text=_("The province it is now part of, once it is history.")
    )
    history_note = serializers.CharField(
        help_text=_("As the pages say it: “until 30/06/2025, now part of …”; empty if current.")
    )


class LabelledProvinceSerializer(serializers.ModelSerializer):
    """A province with how it is labelled where it is listed (``selectors.province_history``,
    the pages' rule), read once per response (``selectors.province_history_by_id``)."""

    is_current = serializers.SerializerMethodField(
        help_text=ProvinceHistorySerializer().fields["is_current"].help_text
    )
    merged_into = serializers.SerializerMethodField()
    history_note = serializers.SerializerMethodField(
        help_text=ProvinceHistorySerializer().fields["history_note"].help_text
    )

    def _history(self, province) -> dict:
        root = self.root
        labels = getattr(root, "_province_history", None)
        if labels is None:
            labels = root._province_history = selectors.province_history_by_id()
        return labels[province.pk]

    def get_is_current(self, province) -> bool:
        return self._history(province)["is_current"]

    @extend_schema_field(MergedIntoSerializer(allow_null=True))
    def get_merged_into(self, province) -> dict | None:
        return self._history(province)["merged_into"]

    def get_history_note(self, province) -> str:
        return self._history(province)["history_note"]


class ProvinceSerializer(LabelledProvinceSerializer):
    successor = serializers.SerializerMethodField()

    class Meta:
        model = Province
        fields = [
            "id",
            "code",
            "name",
            "codename",
            "division_type",
            "valid_from",
            "valid_to",
            "successor",
            "is_current",
            "merged_into",
            "history_note",
        ]
        read_only_fields = fields

    def get_successor(self, province) -> dict | None:
        if province.successor is None:
            return None
        return {
            "id": province.successor.pk,
            "code": province.successor.code,
            "name": province.successor.name,
        }


class ProvinceBriefSerializer(LabelledProvinceSerializer):
    """A province named inside another object (a cooperative's, a submission's)."""

    class Meta:
        model = Province
        fields = [
            "id",
            "code",
            "name",
            "valid_from",
            "valid_to",
            "is_current",
            "merged_into",
            "history_note",
        ]
        read_only_fields = fields


class GsoCodeField(serializers.CharField):
    """A province's two-digit GSO code; which province it means depends on a date."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("help_text", _("GSO code, resolved with the period's date"))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not re.fullmatch(r"[0-9]{1,2}", value):
            raise serializers.ValidationError(_("Enter the two-digit GSO code of a province."))
        return f"{int(value):02d}"


def province_on(code: str, day: datetime.date, field: str = "province") -> Province:
    try:
        return Province.objects.get_by_code(code, on=day)
    except Province.DoesNotExist:
        raise serializers.ValidationError(
            {
                field: _("No province had the code “%(code)s” on %(date)s.")
                % {"code": code, "date": day.strftime("%d/%m/%Y")}
            }
        ) from None


# Provincial unions -------------------------------------------------------------------------


class ProvincialUnionSerializer(serializers.ModelSerializer):
    province = ProvinceBriefSerializer(read_only=True)
    charter_approved = serializers.SerializerMethodField()

    class Meta:
        model = ProvincialUnion
        fields = [
            "id",
            "name",
            "province",
            "charter_decision_number",
            "charter_approved_on",
            "charter_approved",
        ]
        read_only_fields = ["id", "name", "province", "charter_approved"]

    def get_charter_approved(self, union) -> bool:
        return union.charter_approved_on is not None


class CharterInputSerializer(serializers.Serializer):
    charter_decision_number = serializers.CharField(allow_blank=True, max_length=50)
    charter_approved_on = serializers.DateField(allow_null=True)


class CharterSummaryQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("Default: today"))


class CharterSummarySerializer(serializers.Serializer):
    approved = serializers.IntegerField()
    total = serializers.IntegerField()


# Cooperatives -------------------------------------------------------------------------------


class CooperativeSerializer(serializers.ModelSerializer):
    province = ProvinceBriefSerializer(read_only=True)
    kind = enum_field(CooperativeKind, read_only=True)
    sector = serializers.ChoiceField(Sector.choices, read_only=True)
    sub_sector = serializers.ChoiceField(SubSector.choices, read_only=True)
    status = enum_field(CooperativeStatus, read_only=True)

    class Meta:
        model = Cooperative
        fields = [
            "id",
            "name",
            "registration_code",
            "kind",
            "sector",
            "sub_sector",
            "province",
            "status",
            "established_on",
            "dissolved_on",
            "members",
            "charter_capital",
            "tax_code",
            "registering_authority",
            "updated_at",
        ]
        read_only_fields = fields


COOPERATIVE_LIST_VALUES = (
    "id",
    "name",
    "registration_code",
    "kind",
    "sector",
    "sub_sector",
    "province_id",
    "province__code",
    "province__name",
    "province__valid_from",
    "province__valid_to",
    "status",
    "established_on",
    "dissolved_on",
    "members",
    "charter_capital",
    "tax_code",
    "registering_authority",
    "updated_at",
)
_CAPITAL = CooperativeSerializer().fields["charter_capital"]
_UPDATED_AT = CooperativeSerializer().fields["updated_at"]


def _iso(day):
    return day.isoformat() if day is not None else None


def cooperative_row(row: dict, history: dict[int, dict]) -> dict:
    """One ``.values(*COOPERATIVE_LIST_VALUES)`` row in exactly the shape (and field
    representations) of ``CooperativeSerializer``; ``history`` is
    ``selectors.province_history_by_id()``, read once for the page."""
    return {
        "id": row["id"],
        "name": row["name"],
        "registration_code": row["registration_code"],
        "kind": row["kind"],
        "sector": row["sector"],
        "sub_sector": row["sub_sector"],
        "province": {
            "id": row["province_id"],
            "code": row["province__code"],
            "name": row["province__name"],
            "valid_from": _iso(row["province__valid_from"]),
            "valid_to": _iso(row["province__valid_to"]),
            **history[row["province_id"]],
        },
        "status": row["status"],
        "established_on": _iso(row["established_on"]),
        "dissolved_on": _iso(row["dissolved_on"]),
        "members": row["members"],
        "charter_capital": _CAPITAL.to_representation(row["charter_capital"]),
        "tax_code": row["tax_code"],
        "registering_authority": row["registering_authority"],
        "updated_at": _UPDATED_AT.to_representation(row["updated_at"]),
    }


class CooperativeMemberCountSerializer(serializers.Serializer):
    """A cooperative's members on a day by the 2023 Law's types."""

    on = serializers.DateField()
    official = bounds.serializer_field(CooperativeMemberCount, "official")
    associate = bounds.serializer_field(CooperativeMemberCount, "associate", default=0)
    legal_persons = bounds.serializer_field(CooperativeMemberCount, "legal_persons", default=0)
    total = serializers.IntegerField(read_only=True)


class CooperativeInputSerializer(serializers.Serializer):
    """``province`` is a GSO code, read with the date of establishment (a cooperative founded
    in 2015 with ``15`` belongs to Yên Bái's register)."""

    name = serializers.CharField(max_length=255)
    registration_code = serializers.CharField(max_length=30)
    kind = enum_field(CooperativeKind, default=CooperativeKind.COOPERATIVE)
    sector = serializers.ChoiceField(Sector.choices)
    sub_sector = serializers.ChoiceField(SubSector.choices)
    province = GsoCodeField()
    status = enum_field(CooperativeStatus, default=CooperativeStatus.ACTIVE)
    established_on = serializers.DateField()
    dissolved_on = serializers.DateField(allow_null=True, required=False, default=None)
    members = bounds.serializer_field(Cooperative, "members", default=0)
    charter_capital = bounds.serializer_field(Cooperative, "charter_capital", default=0)
    tax_code = serializers.CharField(
        max_length=30,
        allow_blank=True,
        default="",
        help_text=_("10 digits, or 13 written 0101234567-001 (the dash may be left out)."),
    )
    registering_authority = serializers.CharField(max_length=255, allow_blank=True, default="")
    status_on = serializers.DateField(
        allow_null=True,
        required=False,
        default=None,
        help_text=_("The day a new status took effect (default today)."),
    )

    def validate(self, attrs):
        if "province" in attrs:
            established = attrs.get("established_on") or getattr(
                self.instance, "established_on", None
            )
            attrs["province"] = province_on(attrs["province"], established or clock.today())
        return attrs


# Plan targets -------------------------------------------------------------------------------


class PlanTargetSerializer(serializers.ModelSerializer):
    province = ProvinceBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PlanTarget
        fields = ["id", "year", "province", "active_target", "note"]
        read_only_fields = fields


class PlanTargetInputSerializer(serializers.Serializer):
    """``province`` (optional) is the GSO code of a province at the end of ``year``."""

    year = bounds.serializer_field(PlanTarget, "year")
    province = GsoCodeField(required=False, allow_null=True, default=None)
    active_target = bounds.serializer_field(PlanTarget, "active_target")
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=255)

    def validate(self, attrs):
        if attrs.get("province"):
            attrs["province"] = province_on(attrs["province"], datetime.date(attrs["year"], 12, 31))
        return attrs


# Submissions --------------------------------------------------------------------------------


class SplitSerializer(serializers.Serializer):
    agricultural = serializers.IntegerField(allow_null=True)
    non_agricultural = serializers.IntegerField(allow_null=True)
    total = serializers.IntegerField(allow_null=True)


class ByKindSerializer(serializers.Serializer):
    """The active cooperatives by the 2023 Cooperative Law's kinds."""

    cooperative = serializers.IntegerField(allow_null=True, help_text=_("Cooperatives (HTX)."))
    union_of_cooperatives = serializers.IntegerField(
        allow_null=True,
        help_text=_("Unions of cooperatives; with the cooperatives they add up to the total."),
    )
    cooperative_group = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "Cooperative groups, counted beside the cooperatives (not in the active total);"
            " null before 07/2024 or when not every province counted reported them."
        ),
    )
    all_kinds = serializers.IntegerField(
        allow_null=True, help_text=_("The three kinds together; null when the groups are.")
    )


class StockFlowSerializer(serializers.Serializer):
    previous_active = serializers.IntegerField(allow_null=True)
    expected_active = serializers.IntegerField(allow_null=True)
    difference = serializers.IntegerField(allow_null=True)
    matches = serializers.BooleanField()


class MonthlySubmissionSerializer(serializers.ModelSerializer):
    province = ProvinceBriefSerializer(read_only=True)
    established_total = serializers.IntegerField(read_only=True)
    dissolved_total = serializers.IntegerField(read_only=True)
    status = enum_field(SubmissionStatus, read_only=True)

    class Meta:
        model = MonthlySubmission
        fields = [
            "id",
            "province",
            "year",
            "month",
            "established_agricultural",
            "established_non_agricultural",
            "established_total",
            "dissolved_agricultural",
            "dissolved_non_agricultural",
            "dissolved_total",
            "active_total",
            "active_unions",
            "active_groups",
            "nil_report",
            "explanation",
            "status",
            "version",
            "is_late",
            "return_reason",
            "created_at",
            "updated_at",
            "first_submitted_at",
            "submitted_at",
            "reviewed_at",
        ]
        read_only_fields = fields


class MonthlySubmissionDetailSerializer(MonthlySubmissionSerializer):
    """One submission, with the stock-flow check against the previous month."""

    stock_flow = serializers.SerializerMethodField()

    class Meta(MonthlySubmissionSerializer.Meta):
        fields = [*MonthlySubmissionSerializer.Meta.fields, "stock_flow"]
        read_only_fields = fields

    def get_stock_flow(self, submission) -> StockFlowSerializer:
        from cooperatives.selectors import stock_flow_check

        check = stock_flow_check(
            province=submission.province,
            year=submission.year,
            month=submission.month,
            established=submission.established_total,
            dissolved=submission.dissolved_total,
            active_total=submission.active_total,
        )
        return StockFlowSerializer(
            {
                "previous_active": check.previous_active,
                "expected_active": check.expected_active,
                "difference": check.difference,
                "matches": check.matches,
            }
        ).data


class FiguresInputSerializer(serializers.Serializer):
    established_agricultural = bounds.serializer_field(
        MonthlySubmission, "established_agricultural", default=0
    )
    established_non_agricultural = bounds.serializer_field(
        MonthlySubmission, "established_non_agricultural", default=0
    )
    dissolved_agricultural = bounds.serializer_field(
        MonthlySubmission, "dissolved_agricultural", default=0
    )
    dissolved_non_agricultural = bounds.serializer_field(
        MonthlySubmission, "dissolved_non_agricultural", default=0
    )
    active_total = bounds.serializer_field(MonthlySubmission, "active_total")
    active_unions = bounds.serializer_field(MonthlySubmission, "active_unions", default=0)
    active_groups = bounds.serializer_field(
        MonthlySubmission, "active_groups", allow_null=True, default=None
    )
    nil_report = serializers.BooleanField(default=False)
    explanation = serializers.CharField(allow_blank=True, required=False, default="")


class SubmissionCreateSerializer(FiguresInputSerializer):
    """``province`` is the GSO code of the province in that month: ``15`` is Yên Bái for 2021
    and the merged Lào Cai for 2026; ``02`` is refused for 2026."""

    province = GsoCodeField()
    year = bounds.serializer_field(MonthlySubmission, "year")
    month = bounds.serializer_field(MonthlySubmission, "month")


class SubmissionUpdateSerializer(FiguresInputSerializer):
    """Any of the figures; the version the edit started from comes as ``version`` or in the
    ``If-Match`` header."""

    version = bounds.serializer_field(MonthlySubmission, "version", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if hasattr(field, "default"):
                field.default = serializers.empty


class TransitionSerializer(serializers.Serializer):
    version = bounds.serializer_field(MonthlySubmission, "version", required=False)


class ReasonTransitionSerializer(TransitionSerializer):
    reason = serializers.CharField(allow_blank=True, default="")


class SubmissionEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    action = serializers.ChoiceField(SubmissionAction.choices, read_only=True)
    status_before = enum_field(SubmissionStatus, read_only=True, allow_blank=True)
    status_after = enum_field(SubmissionStatus, read_only=True)

    class Meta:
        model = SubmissionEvent
        fields = [
            "version",
            "action",
            "actor",
            "at",
            "status_before",
            "status_after",
            "before",
            "after",
            "reason",
        ]
        read_only_fields = fields

    def get_actor(self, event) -> dict | None:
        if event.actor is None:
            return None
        return {
            "id": event.actor.pk,
            "username": event.actor.username,
            "name": event.actor.get_full_name() or event.actor.username,
        }


# Statistics ---------------------------------------------------------------------------------

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class MonthlyQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)


class BasisQuerySerializer(serializers.Serializer):
    basis = serializers.ChoiceField(
        FiguresBasis.choices,
        default=FiguresBasis.APPROVED,
        help_text=_(
            "approved (default): count approved figures only; submitted: count submitted "
            "figures too, before review. Provinces not counted carry their last approved "
            "active total forward."
        ),
    )


class MonthlyStatisticsQuerySerializer(MonthlyQuerySerializer, BasisQuerySerializer):
    pass


class MonthField(serializers.CharField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        match = MONTH_PATTERN.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise serializers.ValidationError(_("Enter a month as YYYY-MM, e.g. 2021-11."))
        return int(match[1]), int(match[2])


class SeriesQuerySerializer(BasisQuerySerializer):
    from_ = MonthField(label="from")
    to = MonthField()
    province = GsoCodeField(required=False)
    geography = serializers.ChoiceField(Geography.choices, default=Geography.HISTORICAL)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields

    def validate(self, attrs):
        if attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": _("The end month is before the start month.")})
        span = (attrs["to"][0] - attrs["from"][0]) * 12 + attrs["to"][1] - attrs["from"][1]
        if span >= 240:
            raise serializers.ValidationError({"to": _("Ask for at most 240 months at a time.")})
        return attrs


class PeriodSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()


class PlanFiguresSerializer(serializers.Serializer):
    target = serializers.IntegerField(allow_null=True)
    percent_of_target = serializers.FloatField(allow_null=True)
    above_target_percent = serializers.FloatField(allow_null=True)


class ProvinceStatisticsSerializer(ProvinceHistorySerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    established = SplitSerializer()
    dissolved = SplitSerializer()
    active_total = serializers.IntegerField(allow_null=True)
    active_by_kind = ByKindSerializer()
    nil_report = serializers.BooleanField()
    status = serializers.CharField()
    is_late = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    carried = serializers.BooleanField(
        help_text=_("The province is not in: its active total is its last approved one.")
    )
    carried_from = PeriodSerializer(allow_null=True)


class SeriesPointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    established = SplitSerializer()
    dissolved = SplitSerializer()
    active_total = serializers.IntegerField(allow_null=True)
    active_by_kind = ByKindSerializer()
    plan = PlanFiguresSerializer()
    basis = serializers.ChoiceField(FiguresBasis.choices)
    provisional = serializers.BooleanField(
        help_text=_(
            "Not every province's figures are approved yet: the totals may change and the "
            "plan percentage is not given."
        )
    )
    provinces_expected = serializers.IntegerField()
    provinces_approved = serializers.IntegerField()
    provinces_submitted = serializers.IntegerField(help_text=_("Submitted, awaiting review."))
    provinces_missing = serializers.IntegerField(help_text=_("Not submitted (or returned)."))
    provinces_reported = serializers.IntegerField(help_text=_("Approved or submitted."))
    provinces_counted = serializers.IntegerField(
        help_text=_("Provinces whose figures the totals count, by the basis.")
    )
    provinces_carried = serializers.IntegerField(
        help_text=_("Provinces not counted whose last approved active total is carried.")
    )
    carried_active_total = serializers.IntegerField()


class MonthlyStatisticsSerializer(SeriesPointSerializer):
    provinces = ProvinceStatisticsSerializer(many=True)


class RegisterCountsSerializer(serializers.Serializer):
    established = serializers.IntegerField()
    dissolved = serializers.IntegerField()
    active = serializers.IntegerField()
    active_unions = serializers.IntegerField(allow_null=True)
    active_groups = serializers.IntegerField(allow_null=True)


class RegisterDiscrepancySerializer(ProvinceHistorySerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    register = RegisterCountsSerializer()
    reported = RegisterCountsSerializer(allow_null=True)
    difference = RegisterCountsSerializer(allow_null=True)
    agrees = serializers.BooleanField()


class PeriodStatisticsQuerySerializer(BasisQuerySerializer):
    period = serializers.ChoiceField(PeriodKind.choices, help_text=_("quarter or year"))
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    quarter = serializers.IntegerField(
        min_value=1, max_value=4, required=False, help_text=_("1-4; required for a quarter.")
    )

    def validate(self, attrs):
        if attrs["period"] == PeriodKind.QUARTER and "quarter" not in attrs:
            raise serializers.ValidationError({"quarter": _("Choose the quarter, 1 to 4.")})
        try:
            period_check(kind=attrs["period"], year=attrs["year"], quarter=attrs.get("quarter"))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


class PeriodMonthSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    established = SplitSerializer()
    dissolved = SplitSerializer()
    active_total = serializers.IntegerField(allow_null=True)
    active_by_kind = ByKindSerializer()
    provisional = serializers.BooleanField()
    provinces_approved = serializers.IntegerField()
    provinces_expected = serializers.IntegerField()
    provinces_carried = serializers.IntegerField()


class PeriodFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    established = SplitSerializer()
    dissolved = SplitSerializer()
    active_total = serializers.IntegerField(allow_null=True)
    active_by_kind = ByKindSerializer(allow_null=True)
    stock_month = serializers.IntegerField(
        allow_null=True, help_text=_("The month the active total is taken from.")
    )
    provisional = serializers.BooleanField()
    months_provisional = serializers.IntegerField()


class PeriodChangeSerializer(serializers.Serializer):
    established = serializers.IntegerField(allow_null=True)
    dissolved = serializers.IntegerField(allow_null=True)
    active_total = serializers.IntegerField(allow_null=True)


class PeriodProvinceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    valid_to = serializers.DateField(allow_null=True)
    established = SplitSerializer()
    dissolved = SplitSerializer()
    active_total = serializers.IntegerField(allow_null=True)
    carried = serializers.BooleanField()
    months_expected = serializers.IntegerField()
    months_counted = serializers.IntegerField()


class PeriodHistoricProvinceSerializer(ProvinceHistorySerializer, PeriodProvinceSerializer):
    pass


class PeriodStatisticsSerializer(serializers.Serializer):
    period = serializers.ChoiceField(PeriodKind.choices)
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(allow_null=True)
    label = serializers.CharField(help_text=_("As the alliance names it: quý IV/2021, năm 2021."))
    first_month = serializers.IntegerField()
    last_month = serializers.IntegerField()
    through_month = serializers.IntegerField(
        help_text=_("The last month counted: the period's last, or the last closed month.")
    )
    complete = serializers.BooleanField(help_text=_("Every month of the period has closed."))
    basis = serializers.ChoiceField(FiguresBasis.choices)
    established = SplitSerializer(help_text=_("The months' flows, summed."))
    dissolved = SplitSerializer()
    active_total = serializers.IntegerField(
        allow_null=True, help_text=_("The stock of the last month with figures.")
    )
    active_by_kind = ByKindSerializer(allow_null=True)
    stock_month = serializers.IntegerField(allow_null=True)
    provisional = serializers.BooleanField(
        help_text=_("A month of the period is provisional; the plan percentage is not given.")
    )
    months_provisional = serializers.IntegerField()
    plan = PlanFiguresSerializer()
    months = PeriodMonthSerializer(many=True)
    previous = PeriodFiguresSerializer(help_text=_("The same months of the year before."))
    change = PeriodChangeSerializer()
    provinces = PeriodHistoricProvinceSerializer(
        many=True, help_text=_("Provinces as they were in the period's months.")
    )
    provinces_current = PeriodProvinceSerializer(
        many=True, help_text=_("Today's 34 provinces, each summing those merged into it.")
    )


class OnTimeQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def validate(self, attrs):
        try:
            period_check(kind=PeriodKind.YEAR, year=attrs["year"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


class OnTimeProvinceSerializer(ProvinceHistorySerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    valid_to = serializers.DateField(allow_null=True)
    months_expected = serializers.IntegerField()
    on_time = serializers.IntegerField(
        help_text=_("Sent by the deadline and approved without being returned.")
    )
    late = serializers.IntegerField()
    returned = serializers.IntegerField()
    awaiting = serializers.IntegerField()
    missing = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class OnTimeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    through_month = serializers.IntegerField()
    complete = serializers.BooleanField()
    months_expected = serializers.IntegerField()
    on_time = serializers.IntegerField()
    national_percent = serializers.FloatField(allow_null=True)
    provinces = OnTimeProvinceSerializer(many=True)
