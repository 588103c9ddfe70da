from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from meetings.choices import AgreementKind, DocumentType, ParticipantRole
from meetings.models import (
    AgendaItem,
    Agreement,
    Conclusion,
    Document,
    Meeting,
    Participant,
    VoteResult,
)
from meetings.services import MEETING_PARTICULARS
from tasks.models import Unit
from vca_portal import bounds


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "presenter"]
        read_only_fields = ["position"]


class ParticipantSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(
        choices=ParticipantRole.choices, default=ParticipantRole.ATTENDEE, label=_("Role")
    )

    class Meta:
        model = Participant
        fields = [
            "id",
            "role",
            "user",
            "name",
            "topic",
            "attendance",
            "absence_reason",
            "is_voting_member",
            "agenda_item",
        ]
        read_only_fields = ["id"]
        # A person listed twice is the service's rule (with a Vietnamese message).
        validators: list = []


class VoteResultSerializer(serializers.ModelSerializer):
    passed = serializers.BooleanField(read_only=True)
    not_voting = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = VoteResult
        fields = [
            "id",
            "question",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "votes_cast",
            "voters",
            "not_voting",
            "is_secret",
            "threshold",
            "percent_for",
            "passed",
        ]
        read_only_fields = ["id", "percent_for", "passed", "not_voting"]


class ConclusionSerializer(serializers.ModelSerializer):
    tasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Conclusion
        fields = ["id", "meeting", "number", "text", "tasks", "notice"]
        read_only_fields = ["id", "meeting", "number", "tasks", "notice"]


class MeetingSerializer(serializers.ModelSerializer):
    chair = serializers.CharField(source="chair_display", read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", *MEETING_PARTICULARS, "chair"]


class MeetingDetailSerializer(MeetingSerializer):
    agenda = AgendaItemSerializer(source="agenda_items", many=True, required=False)
    participants = ParticipantSerializer(many=True, read_only=True)
    conclusions = ConclusionSerializer(many=True, read_only=True)
    votes = VoteResultSerializer(many=True, read_only=True)
    documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    quorum = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "minutes",
            "agenda",
            "participants",
            "conclusions",
            "votes",
            "documents",
            "quorum",
        ]

    def get_quorum(self, meeting) -> dict | None:
        """Voting members, how many attend, how many are needed, and whether they suffice."""
        return meeting.quorum()


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField(allow_blank=True)


class AssignmentSerializer(serializers.Serializer):
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))
    due_on = serializers.DateField(allow_null=True, required=False)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    supporting_units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), many=True, required=False, default=list
    )
    is_key = serializers.BooleanField(required=False, default=False)


class CreateTasksSerializer(serializers.Serializer):
    assignments = AssignmentSerializer(many=True, allow_empty=False)


class AgreementSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="document.number", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "document", "number", "title", "kind", "partner", "country", "signed_on"]
        read_only_fields = fields


class AgreementCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AgreementKind.choices)
    partner = serializers.CharField(max_length=200)
    country = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=500)
    signed_on = serializers.DateField(required=False, allow_null=True)
    year = bounds.serializer_field(Document, "year", required=False)
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class DocumentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(max_length=100, label=_("Number"))
    year = bounds.serializer_field(Document, "year", required=False)
    agreement = AgreementSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "number",
            "status",
            "number_parsed",
            "serial",
            "doc_type",
            "issuer_code",
            "department_code",
            "year",
            "issued_on",
            "issuer_name",
            "title",
            "summary",
            "file",
            "cites",
            "meetings",
            "agreement",
        ]
        read_only_fields = [
            "status",
            "number_parsed",
            "serial",
            "doc_type",
            "issuer_code",
            "department_code",
            "agreement",
        ]
        # Uniqueness is the service's rule (with a Vietnamese message) and the database's.
        validators: list = []


class NextNumberQuerySerializer(serializers.Serializer):
    doc_type = serializers.ChoiceField(
        choices=[c for c in DocumentType.choices if c[0]], label=_("Type")
    )
    year = bounds.serializer_field(Document, "year", label=_("Year"))
    issuer = serializers.CharField(required=False, default="LMHTXVN", label=_("Issuer code"))
    department = serializers.CharField(required=False, default="", allow_blank=True)


class NextNumberSerializer(serializers.Serializer):
    doc_type = serializers.CharField()
    year = serializers.IntegerField()
    issuer = serializers.CharField()
    serial = serializers.IntegerField()
    number = serializers.CharField()
