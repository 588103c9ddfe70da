from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import Role
from accounts.models import User
from tasks.models import Unit
from vca_portal import bounds

from .choices import (
    Attendance,
    DocumentType,
    MeetingFormat,
    MeetingKind,
    ParticipantRole,
    QuorumRule,
    VoteThreshold,
)
from .models import AgendaItem, Document, Meeting, VoteResult
from .services import chair_candidates
from .validators import validate_office_file


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, each message next to its field."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def style_form(form: forms.Form) -> forms.Form:
    """Give a form's widgets Bootstrap's classes (also used on django-filter's forms)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


class MeetingParticularsForm(StyledForm):
    """A meeting's particulars (``services.MEETING_PARTICULARS``): recorded with the meeting,
    corrected on their own."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=pgettext_lazy("meeting", "Title"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=MeetingFormat.choices)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    chaired_by = forms.ModelChoiceField(
        label=_("Chaired by"),
        queryset=chair_candidates(),
        required=False,
    )
    chair_name = forms.CharField(label=_("Chair (name and title)"), max_length=200, required=False)
    reviews_month = forms.DateField(
        label=_("Month reviewed"),
        widget=DateInput,
        required=False,
        help_text=_("For a monthly review: any day of the month it reviews."),
    )
    quorum_rule = forms.ChoiceField(
        label=_("Quorum"),
        choices=QuorumRule.choices,
        initial=QuorumRule.MORE_THAN_HALF,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("quorum_rule"):
            cleaned.pop("quorum_rule", None)  # not given: the rule stays (more than half)
        return cleaned


class MeetingForm(MeetingParticularsForm):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attendees"),
        queryset=User.objects.filter(
            is_active=True, role__in=[Role.LEADERSHIP, Role.STAFF, Role.INSPECTOR]
        ).order_by("last_name", "username"),
        required=False,
    )
    guests = forms.CharField(
        label=_("Guests"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("People without an account: one name and title per line."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One item per line, in order."),
    )
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["agenda"] = _lines(data["agenda"])
        data["guests"] = _lines(data["guests"])
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class MinutesForm(StyledForm):
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )


class AttendanceForm(StyledForm):
    """One person on a meeting's attendance list."""

    user = forms.ModelChoiceField(
        label=_("User"),
        queryset=User.objects.filter(is_active=True).order_by("last_name", "username"),
        required=False,
    )
    name = forms.CharField(
        label=_("Or name and title"),
        max_length=200,
        required=False,
        help_text=_("For a person without an account."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=ParticipantRole.choices, initial=ParticipantRole.ATTENDEE
    )
    attendance = forms.ChoiceField(
        label=_("Attendance"), choices=Attendance.choices, initial=Attendance.PRESENT
    )
    absence_reason = forms.CharField(label=_("Reason for absence"), max_length=300, required=False)
    is_voting_member = forms.BooleanField(label=_("Voting member"), required=False, initial=True)
    agenda_item = forms.ModelChoiceField(
        label=_("Speaks on"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class VoteForm(StyledForm):
    question = forms.CharField(label=_("Question"), max_length=300)
    votes_for = bounds.form_field(VoteResult, "votes_for", label=_("For"))
    votes_against = bounds.form_field(
        VoteResult, "votes_against", label=_("Against"), required=False
    )
    votes_abstain = bounds.form_field(
        VoteResult, "votes_abstain", label=_("Abstaining"), required=False
    )
    votes_cast = bounds.form_field(VoteResult, "votes_cast", label=_("Votes cast"))
    voters = bounds.form_field(VoteResult, "voters", label=_("Entitled to vote"), required=False)
    is_secret = forms.BooleanField(label=_("Secret ballot"), required=False)
    threshold = forms.ChoiceField(
        label=_("Passes with"),
        choices=VoteThreshold.choices,
        initial=VoteThreshold.MAJORITY_OF_CAST,
    )


class ConclusionForm(StyledForm):
    text = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}))


class ConclusionTasksForm(StyledForm):
    lead_units = forms.ModelMultipleChoiceField(
        label=_("Lead units"),
        queryset=Unit.objects.filter(is_active=True),
        help_text=_("One task is created for each unit chosen."),
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    title = forms.CharField(
        label=_("Task title"),
        max_length=500,
        required=False,
        help_text=_("Leave empty to use the conclusion's text."),
    )
    is_key = forms.BooleanField(label=_("Key task"), required=False)


class DocumentForm(StyledForm):
    number = forms.CharField(
        label=_("Number"),
        max_length=100,
        help_text=_("As written, e.g. 784/TB-LMHTXVN, 13-NQ/TW or 02/LMHTXVN-CSPT."),
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput, required=False)
    year = bounds.form_field(
        Document,
        "year",
        label=_("Year"),
        required=False,
        help_text=_("Needed only when the issue date is unknown."),
    )
    issuer_name = forms.CharField(label=_("Issuing organisation"), max_length=200, required=False)
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=500)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(
        label=_("File (PDF or Office)"), required=False, validators=[validate_office_file]
    )
    meetings = forms.ModelMultipleChoiceField(
        label=_("Produced by meetings"),
        queryset=Meeting.objects.order_by("-starts_at"),
        required=False,
    )
    cites = forms.CharField(
        label=_("Cites"),
        required=False,
        help_text=_("Numbers of documents already in the register, separated by commas."),
    )


class NextNumberForm(StyledForm):
    doc_type = forms.ChoiceField(label=_("Type"), choices=[c for c in DocumentType.choices if c[0]])
    year = bounds.form_field(Document, "year", label=_("Year"))
