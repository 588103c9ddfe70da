from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspections.models import (
    Complaint,
    ComplaintStep,
    Inspection,
    InspectionPlan,
    Organisation,
    Recommendation,
)
from inspections.selectors import complainant_for, local_today
from inspections.services import COMPLAINANT_FIELDS, COMPLAINT_FIELDS


class OrganisationSerializer(serializers.ModelSerializer):
    """An enterprise, school or other body outside the register, with how many inspections of
    it and complaints about it there are."""

    province_code = serializers.CharField(source="province.code", default=None, read_only=True)
    province_name = serializers.CharField(source="province.name", default=None, read_only=True)
    inspection_count = serializers.IntegerField(read_only=True)
    complaint_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "province",
            "province_code",
            "province_name",
            "note",
            "inspection_count",
            "complaint_count",
        ]
        read_only_fields = fields


class InspectionPlanSerializer(serializers.ModelSerializer):
    """The plan's document is read and written by its number and date; the plan is linked to
    that document in the register (``services.inspection_plan_create``)."""

    document_number = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="e.g. 758/KH-LMHTX"
    )
    document_date = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = InspectionPlan
        fields = ["id", "year", "title", "document", "document_number", "document_date", "themes"]
        read_only_fields = ["document"]


class RecommendationSerializer(serializers.ModelSerializer):
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "inspection",
            "text",
            "responsible_party",
            "deadline",
            "status",
            "follow_up",
            "completed_on",
            "is_overdue",
        ]

    def get_is_overdue(self, recommendation) -> bool:
        return recommendation.is_overdue_on(local_today())


class InspectionSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="subject_display", read_only=True)
    recommendations = RecommendationSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "title",
            "kind",
            "plan",
            "subject",
            "subject_kind",
            "subject_name",
            "subject_province",
            "cooperative",
            "organisation",
            "lead",
            "members",
            "start_date",
            "end_date",
            "status",
            "findings",
            "conclusion_number",
            "concluded_on",
            "recommendations",
        ]


class ContactSerializer(serializers.Serializer):
    contact_person = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_address = serializers.CharField()
    contact_email = serializers.CharField()


class ComplainantSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    province = serializers.CharField()
    details_visible = serializers.BooleanField()
    contact = ContactSerializer(allow_null=True)


class ComplaintStepSerializer(serializers.ModelSerializer):
    # Plain text here: each choice set appears in one schema component only.
    status = serializers.CharField(read_only=True)
    by = serializers.StringRelatedField()

    class Meta:
        model = ComplaintStep
        fields = ["status", "on", "by", "note"]


class ComplaintSerializer(serializers.ModelSerializer):
    """The complainant is shown through ``selectors.complainant_for``: its personal details are
    null for those who may not see them. The particulars are written through the write-only
    fields."""

    complainant = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()
    is_acceptance_overdue = serializers.SerializerMethodField()
    steps = ComplaintStepSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            *COMPLAINT_FIELDS,
            "complainant",
            "acceptance_due_on",
            "is_acceptance_overdue",
            "due_on",
            "is_overdue",
            "status",
            "outcome",
            "closed_on",
            "steps",
        ]
        read_only_fields = ["acceptance_due_on", "due_on", "status", "outcome", "closed_on"]
        extra_kwargs = {name: {"write_only": True} for name in COMPLAINANT_FIELDS}

    @extend_schema_field(ComplainantSerializer)
    def get_complainant(self, complaint) -> dict:
        who = complainant_for(user=self.context["request"].user, complaint=complaint)
        return {
            "kind": who.kind,
            "name": who.name,
            "province": who.province,
            "details_visible": who.details_visible,
            "contact": who.contact,
        }

    def get_is_overdue(self, complaint) -> bool:
        annotated = getattr(complaint, "is_overdue", None)
        return annotated if annotated is not None else complaint.is_overdue_on(local_today())

    def get_is_acceptance_overdue(self, complaint) -> bool:
        annotated = getattr(complaint, "is_acceptance_overdue", None)
        if annotated is not None:
            return annotated
        return complaint.is_acceptance_overdue_on(local_today())


class ComplaintTransitionSerializer(serializers.Serializer):
    status = serializers.CharField(
        help_text="accepted, under_investigation, resolved, rejected or transferred"
    )
    on = serializers.DateField()
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    inspections = serializers.DictField()
    complaints = serializers.DictField()
