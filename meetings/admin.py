from django.contrib import admin

from .models import AgendaItem, Agreement, Conclusion, Document, Meeting, Participant, VoteResult


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ["user"]


class ConclusionInline(admin.StackedInline):
    model = Conclusion
    extra = 0


class VoteResultInline(admin.TabularInline):
    model = VoteResult
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "format", "chaired_by"]
    list_filter = ["kind", "format"]
    search_fields = ["title", "chair_name"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["chaired_by", "created_by"]
    list_select_related = ["chaired_by"]
    inlines = [AgendaItemInline, ParticipantInline, ConclusionInline, VoteResultInline]


class AgreementInline(admin.StackedInline):
    model = Agreement
    extra = 0


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    # Documents are registered through the service (number parsing and uniqueness); the admin
    # corrects their other fields.
    list_display = [
        "number",
        "number_parsed",
        "doc_type",
        "issuer_code",
        "year",
        "issued_on",
        "title",
    ]
    list_filter = ["doc_type", "number_parsed", "year"]
    search_fields = ["number", "title", "issuer_name"]
    readonly_fields = [
        "number",
        "number_parsed",
        "serial",
        "serial_value",
        "doc_type",
        "issuer_code",
        "department_code",
    ]
    filter_horizontal = ["cites", "meetings"]
    raw_id_fields = ["created_by"]
    inlines = [AgreementInline]

    def has_add_permission(self, request) -> bool:
        return False
