"""Browser pages for meetings and the document register. Views are thin: the rules are in
``services`` and the reads in ``selectors``."""

import calendar
import datetime
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from accounts.access import Capability, CapabilityRequiredMixin, has_capability, visible_to
from tasks.models import Task
from vca_portal import clock

from . import selectors, services
from .choices import DocumentStatus
from .filtersets import DocumentFilterSet, MeetingFilterSet
from .forms import (
    AttendanceForm,
    ConclusionForm,
    ConclusionTasksForm,
    DocumentForm,
    MeetingForm,
    MeetingParticularsForm,
    MinutesForm,
    NextNumberForm,
    VoteForm,
    add_service_errors,
    style_form,
)
from .models import Conclusion, Document, Meeting


class WorkMixin(CapabilityRequiredMixin):
    required_capability = Capability.VIEW_WORK

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = has_capability(self.request.user, Capability.MANAGE_WORK)
        return context


class MeetingListView(WorkMixin, ListView):
    template_name = "meetings/meeting_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = MeetingFilterSet(
            self.request.GET, queryset=selectors.meeting_list(user=self.request.user)
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        style_form(self.filterset.form)
        return super().get_context_data(filter=self.filterset, **kwargs)


class MeetingCalendarView(WorkMixin, TemplateView):
    """A month of meetings and events, and the next ones to come."""

    template_name = "meetings/meeting_calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = clock.today()
        try:
            year = int(self.request.GET.get("year", today.year))
            month = int(self.request.GET.get("month", today.month))
            first = datetime.date(year, month, 1)
        except ValueError:
            first = today.replace(day=1)
        held = selectors.meetings_in_month(
            user=self.request.user, year=first.year, month=first.month
        )
        by_day: dict[datetime.date, list[Meeting]] = {}
        for meeting in held:
            by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
        weeks = [
            [
                {"date": day, "in_month": day.month == first.month, "meetings": by_day.get(day, [])}
                for day in week
            ]
            for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
        ]
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        context.update(
            first=first,
            weeks=weeks,
            previous=previous,
            following=following,
            upcoming=selectors.upcoming_meetings(user=self.request.user, after=clock.now()),
        )
        return context


class MeetingDetailView(WorkMixin, DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return selectors.meeting_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conclusion_form"] = ConclusionForm()
        context["attendance_form"] = AttendanceForm(meeting=self.object, auto_id="attendance_%s")
        context["vote_form"] = VoteForm(auto_id="vote_%s")
        context["quorum"] = self.object.quorum()
        context["minutes_form"] = MinutesForm(initial={"minutes": self.object.minutes})
        # Listed once for every conclusion's form: evaluate the choices a single time.
        context["unit_choices"] = list(ConclusionTasksForm().fields["lead_units"].choices)
        return context


class MeetingMinutesView(MeetingDetailView):
    template_name = "meetings/meeting_minutes.html"


class MeetingCreateView(WorkMixin, FormView):
    required_capability = Capability.MANAGE_WORK
    template_name = "meetings/meeting_form.html"
    form_class = MeetingForm

    def form_valid(self, form):
        try:
            meeting = services.meeting_create(
                created_by=self.request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting was recorded."))
        return redirect("meetings:meeting-detail", pk=meeting.pk)


class MeetingUpdateView(WorkMixin, FormView):
    """Correct a meeting's particulars."""

    required_capability = Capability.MANAGE_WORK
    template_name = "meetings/meeting_form.html"
    form_class = MeetingParticularsForm

    @cached_property
    def meeting(self) -> Meeting:
        return get_object_or_404(
            visible_to(self.request.user, Meeting.objects.all()), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        meeting = self.meeting
        return {name: getattr(meeting, name) for name in services.MEETING_PARTICULARS}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.meeting.chaired_by_id:  # a chair since made inactive stays a valid choice
            chairs = form.fields["chaired_by"].queryset
            form.fields["chaired_by"].queryset = chairs | chairs.model.objects.filter(
                pk=self.meeting.chaired_by_id
            )
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def form_valid(self, form):
        try:
            services.meeting_update(meeting=self.meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting was updated."))
        return redirect("meetings:meeting-detail", pk=self.meeting.pk)


class MeetingMinutesEditView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_WORK

    def post(self, request, pk):
        meeting = get_object_or_404(visible_to(request.user, Meeting.objects.all()), pk=pk)
        form = MinutesForm(request.POST)
        form.is_valid()
        try:
            services.meeting_update_minutes(
                meeting=meeting, minutes=form.cleaned_data.get("minutes", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The minutes were saved."))
        return redirect("meetings:meeting-detail", pk=meeting.pk)


def _say_form_errors(request, form) -> None:
    """A refused form's errors as messages on the meeting's page, where the form lives."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


class AttendanceAddView(CapabilityRequiredMixin, View):
    """Put one person on the attendance list (present, online, absent with the reason)."""

    required_capability = Capability.MANAGE_WORK

    def post(self, request, pk):
        meeting = get_object_or_404(visible_to(request.user, Meeting.objects.all()), pk=pk)
        form = AttendanceForm(request.POST, meeting=meeting)
        if not form.is_valid():
            _say_form_errors(request, form)
            return redirect("meetings:meeting-detail", pk=meeting.pk)
        try:
            participant = services.meeting_record_attendance(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(person)s is on the attendance list.") % {"person": participant}
            )
        return redirect("meetings:meeting-detail", pk=meeting.pk)


class VoteAddView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_WORK

    def post(self, request, pk):
        meeting = get_object_or_404(visible_to(request.user, Meeting.objects.all()), pk=pk)
        form = VoteForm(request.POST)
        if not form.is_valid():
            _say_form_errors(request, form)
            return redirect("meetings:meeting-detail", pk=meeting.pk)
        try:
            services.meeting_record_vote(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The vote was recorded."))
        return redirect("meetings:meeting-detail", pk=meeting.pk)


class ConclusionAddView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_WORK

    def post(self, request, pk):
        meeting = get_object_or_404(visible_to(request.user, Meeting.objects.all()), pk=pk)
        form = ConclusionForm(request.POST)
        if form.is_valid():
            try:
                conclusion = services.meeting_add_conclusion(
                    meeting=meeting, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("Conclusion %(number)d was added.") % {"number": conclusion.number}
                )
        else:
            messages.error(request, _("Write the conclusion."))
        return redirect("meetings:meeting-detail", pk=meeting.pk)


class ConclusionTasksView(CapabilityRequiredMixin, View):
    """Turn one conclusion into a task for each chosen lead unit, in one step."""

    required_capability = Capability.MANAGE_WORK

    def post(self, request, pk):
        conclusion = get_object_or_404(
            visible_to(request.user, Conclusion.objects.select_related("meeting")), pk=pk
        )
        form = ConclusionTasksForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(
                    request, f"{label}: {' '.join(errors)}" if label else " ".join(errors)
                )
            return redirect("meetings:meeting-detail", pk=conclusion.meeting_id)
        data = form.cleaned_data
        try:
            tasks = services.conclusion_create_tasks(
                conclusion=conclusion,
                assignments=[
                    services.Assignment(
                        lead_unit=unit,
                        due_on=data["due_on"],
                        title=data["title"],
                        is_key=data["is_key"],
                    )
                    for unit in data["lead_units"]
                ],
                assigned_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(count)d task(s) were assigned from conclusion %(number)d.")
                % {"count": len(tasks), "number": conclusion.number},
            )
        return redirect("meetings:meeting-detail", pk=conclusion.meeting_id)


class DocumentListView(WorkMixin, ListView):
    template_name = "meetings/document_list.html"
    paginate_by = 50

    def get_queryset(self):
        # Drafts have no number yet: they are listed with the official documents drafted here.
        documents = selectors.document_list(user=self.request.user).exclude(
            status=DocumentStatus.DRAFT
        )
        self.filterset = DocumentFilterSet(self.request.GET, queryset=documents)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        style_form(self.filterset.form)
        return super().get_context_data(filter=self.filterset, **kwargs)


class DocumentDetailView(WorkMixin, DetailView):
    template_name = "meetings/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        return selectors.document_list(user=self.request.user).prefetch_related(
            "cites",
            "cited_by",
            "meetings",
            Prefetch("tasks", queryset=Task.objects.select_related("lead_unit")),
        )


class DocumentUpdateView(WorkMixin, FormView):
    """Correct a registered document."""

    required_capability = Capability.MANAGE_WORK
    template_name = "meetings/document_form.html"
    form_class = DocumentForm

    @cached_property
    def document(self) -> Document:
        return get_object_or_404(
            visible_to(self.request.user, Document.objects.all()), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        document = self.document
        return {
            **{
                name: getattr(document, name)
                for name in ("number", "issued_on", "year", "issuer_name", "title", "summary")
            },
            "meetings": list(document.meetings.all()),
            "cites": ", ".join(cited.number for cited in document.cites.all()),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.document, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        if not data["file"]:
            del data["file"]  # no new file: the document keeps its own
        try:
            data["cites"] = services.documents_by_numbers(data["cites"])
            services.document_update(document=self.document, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The document was updated."))
        return redirect("meetings:document-detail", pk=self.document.pk)


class DocumentCreateView(WorkMixin, FormView):
    required_capability = Capability.MANAGE_WORK
    template_name = "meetings/document_form.html"
    form_class = DocumentForm

    def get_initial(self):
        proposal = NextNumberForm(self.request.GET or None)
        if proposal.is_valid():
            self.proposal = services.document_next_number(**proposal.cleaned_data)
            return {"number": self.proposal["number"], "year": self.proposal["year"]}
        self.proposal = None
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next_number_form"] = NextNumberForm(
            self.request.GET or None,
            initial={"year": clock.today().year},
            auto_id="next_%s",
        )
        context["proposal"] = getattr(self, "proposal", None)
        return context

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            data["cites"] = services.documents_by_numbers(data["cites"])
            document = services.document_register(created_by=self.request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if not document.number_parsed:
            messages.warning(
                self.request,
                _("The number %(number)s was kept as written: its form was not recognised.")
                % {"number": document.number},
            )
        messages.success(self.request, _("The document was registered."))
        return redirect("meetings:document-detail", pk=document.pk)
