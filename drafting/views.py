"""Browser pages for drafting and issuing official documents. Views are thin: the rules are
in ``services`` and the reads in ``selectors``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from accounts.access import Capability, CapabilityRequiredMixin, has_capability
from meetings.forms import add_service_errors

from . import selectors, services
from .choices import FileFormat
from .forms import DraftCreateForm, DraftForm
from .models import DraftedDocument

CONTENT_TYPES = {
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.PDF: "application/pdf",
}


def file_response(request, drafted: DraftedDocument, file_format: str, *, via_api=False):
    """A document's file as a download, checked against its checksum and recorded."""
    if file_format not in FileFormat.values:
        raise Http404
    data = services.checked_file(drafted, file_format)
    services.download_record(
        drafted=drafted,
        file_format=file_format,
        user=request.user,
        request_id=getattr(request, "request_id", ""),
        via_api=via_api,
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    name = getattr(drafted, file_format).name.rsplit("/", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-SHA256"] = getattr(drafted, f"{file_format}_sha256")
    response["Cache-Control"] = "private, no-store"
    return response


def _say(request, error: ValidationError) -> None:
    """A service's refusal as messages on the page it redirects to, one per reason."""
    for message in error.messages:
        messages.error(request, message)


class DraftMixin(CapabilityRequiredMixin):
    required_capability = Capability.VIEW_WORK

    def get_drafted(self) -> DraftedDocument:
        return get_object_or_404(
            selectors.drafted_list(user=self.request.user), pk=self.kwargs["pk"]
        )


class DraftListView(DraftMixin, ListView):
    template_name = "drafting/draft_list.html"
    context_object_name = "drafts"
    paginate_by = 50

    def get_queryset(self):
        return selectors.drafted_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_draft=has_capability(self.request.user, Capability.MANAGE_WORK),
            form=DraftCreateForm(initial=self.request.GET or None),
            **kwargs,
        )


class DraftCreateView(CapabilityRequiredMixin, FormView):
    """Draft a document from a meeting, a month or a plan (the buttons on those pages post
    here; the form on the list page too)."""

    required_capability = Capability.MANAGE_WORK
    template_name = "drafting/draft_create.html"
    form_class = DraftCreateForm

    def form_valid(self, form):
        try:
            drafted = services.draft_create(created_by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The draft was made; its Word file and PDF are being rendered.")
        )
        return redirect("drafting:draft-detail", pk=drafted.pk)


class DraftDetailView(DraftMixin, DetailView):
    template_name = "drafting/draft_detail.html"
    context_object_name = "drafted"

    def get_object(self, queryset=None):
        return self.get_drafted()

    def get_context_data(self, form=None, **kwargs):
        drafted = self.object
        user = self.request.user
        if form is None and not drafted.is_issued:
            form = DraftForm(
                kind=drafted.kind,
                initial={name: getattr(drafted, name) for name in services.EDITABLE_FIELDS},
            )
        return super().get_context_data(
            form=form,
            can_edit=has_capability(user, Capability.MANAGE_WORK) and not drafted.is_issued,
            can_issue=has_capability(user, Capability.ISSUE_DOCUMENTS) and not drafted.is_issued,
            can_correct=has_capability(user, Capability.MANAGE_WORK)
            and drafted.is_issued
            and not hasattr(drafted.document, "replaced_by"),
            problems=services.issue_problems(drafted) if not drafted.is_issued else {},
            downloads=selectors.downloads_of(user=user, drafted=drafted),
            **kwargs,
        )


class DraftUpdateView(DraftMixin, View):
    required_capability = Capability.MANAGE_WORK

    def post(self, request, pk):
        drafted = self.get_drafted()
        form = DraftForm(request.POST, kind=drafted.kind)
        if form.is_valid():
            try:
                services.draft_update(drafted=drafted, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The draft was saved; its files are being rendered."))
                return redirect("drafting:draft-detail", pk=pk)
        view = DraftDetailView(request=request, kwargs={"pk": pk})
        view.object = drafted
        context = view.get_context_data(form=form)
        return view.render_to_response(context, status=400)


class DraftIssueView(DraftMixin, View):
    required_capability = Capability.ISSUE_DOCUMENTS

    def post(self, request, pk):
        drafted = self.get_drafted()
        try:
            drafted = services.draft_issue(drafted=drafted, issued_by=request.user)
        except ValidationError as error:
            _say(request, error)
            return redirect("drafting:draft-detail", pk=pk)
        messages.success(
            request,
            _("Issued as %(number)s; its final files are being rendered.")
            % {"number": drafted.document.number},
        )
        return redirect("drafting:draft-detail", pk=pk)


class DraftRefreshView(DraftMixin, View):
    required_capability = Capability.MANAGE_WORK

    def post(self, request, pk):
        try:
            services.draft_refresh(drafted=self.get_drafted())
        except ValidationError as error:
            _say(request, error)
        else:
            messages.success(request, _("The draft was built again from the current data."))
        return redirect("drafting:draft-detail", pk=pk)


class CorrectionCreateView(DraftMixin, View):
    required_capability = Capability.MANAGE_WORK

    def post(self, request, pk):
        drafted = self.get_drafted()
        try:
            correction = services.correction_create(
                document=drafted.document, created_by=request.user
            )
        except ValidationError as error:
            _say(request, error)
            return redirect("drafting:draft-detail", pk=pk)
        messages.success(request, _("A correction was drafted; issued, it replaces the original."))
        return redirect("drafting:draft-detail", pk=correction.pk)


class DraftStatusView(DraftMixin, View):
    """The rendering's progress, read by the page while it waits."""

    def get(self, request, pk):
        drafted = self.get_drafted()
        return JsonResponse(
            {
                "state": drafted.render_state,
                "label": drafted.get_render_state_display(),
                "progress": drafted.render_progress,
                "ready": drafted.files_ready,
                "error": drafted.render_error,
            }
        )


class DraftFileView(DraftMixin, View):
    def get(self, request, pk, file_format):
        drafted = self.get_drafted()
        if not drafted.files_ready:
            raise Http404
        try:
            return file_response(request, drafted, file_format)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("drafting:draft-detail", pk=pk)
