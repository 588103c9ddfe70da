import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from inspections.models import InspectionPlan
from meetings.forms import StyledForm
from meetings.models import Meeting

from .choices import DraftKind
from .models import DraftedDocument


class MonthField(forms.DateField):
    """A month as ``<input type="month">`` sends it (2021-11), or any date in it."""

    widget = forms.DateInput(attrs={"type": "month"})
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if isinstance(day, datetime.date) else day


class DraftCreateForm(StyledForm):
    kind = forms.ChoiceField(label=_("Document"), choices=DraftKind.choices)
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.order_by("-starts_at"), required=False
    )
    month = MonthField(label=_("Month"), required=False)
    plan = forms.ModelChoiceField(
        label=_("Inspection plan"), queryset=InspectionPlan.objects.all(), required=False
    )


class DraftForm(StyledForm):
    """What the clerk fills before issuing: where, who signs, who receives it."""

    place = forms.CharField(label=_("Place"), max_length=100)
    signer_authority = forms.CharField(
        label=_("Signing authority"),
        max_length=100,
        required=False,
        help_text=DraftedDocument._meta.get_field("signer_authority").help_text,
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=150, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150, required=False)
    secretary_name = forms.CharField(label=_("Secretary"), max_length=150, required=False)
    recipients = forms.CharField(
        label=_("Recipients"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=4000,
        help_text=DraftedDocument._meta.get_field("recipients").help_text,
    )

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if kind != DraftKind.MINUTES:
            del self.fields["secretary_name"]
