from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.forms import DateInput, StyledForm
from meetings.validators import validate_office_file
from vca_portal import bounds

from .models import TaskProgress


class ProgressForm(StyledForm):
    percent = bounds.form_field(TaskProgress, "percent", label=_("Percent complete"))
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    attachment = forms.FileField(
        label=_("Attachment (PDF or Office)"), required=False, validators=[validate_office_file]
    )


class CompleteForm(StyledForm):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput, required=False)
    note = forms.CharField(label=_("Note"), required=False)


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)


class CompletionYearForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
