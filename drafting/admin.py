from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm

from .models import DocumentTemplate, Download, DraftedDocument
from .template_check import check_template


class DocumentTemplateForm(ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["kind", "file", "is_active", "note"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "read"):
            try:
                check_template(upload)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return upload


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """An administrator replaces the Word template of the official documents here, without
    code: download ``drafting/document_templates/official.docx`` (the one in use when none is
    uploaded), change it in Word keeping its tags, upload it."""

    form = DocumentTemplateForm
    list_display = ["__str__", "is_active", "note", "uploaded_at"]
    list_filter = ["kind", "is_active"]


@admin.register(DraftedDocument)
class DraftedDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are drafted and issued on their pages, where the rules apply."""

    list_display = ["__str__", "kind", "render_state", "issued_at", "created_at"]
    list_filter = ["kind", "render_state"]
    search_fields = ["document__number", "document__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Download)
class DownloadAdmin(admin.ModelAdmin):
    list_display = ["drafted", "file_format", "user", "at", "via_api"]
    list_filter = ["file_format", "via_api"]
    readonly_fields = [f.name for f in Download._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
