from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Province
from vca_portal import clock

from .choices import ComplaintStatus
from .models import (
    DOCUMENT_NUMBER_HELP,
    Complaint,
    Inspection,
    InspectionPlan,
    Organisation,
    Recommendation,
)
from .selectors import CONTACT_FIELDS, may_see_complainant_details
from .services import COMPLAINT_FIELDS, TRANSITIONS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProvinceChoiceField(forms.ModelChoiceField):
    """Names repeat across the 2025 reform (Lào Cai before and after), so show the period."""

    def label_from_instance(self, province):
        if province.valid_to:
            return _("%(name)s (%(code)s, until %(until)s)") % {
                "name": province.name,
                "code": province.code,
                "until": province.valid_to.year,
            }
        return f"{province.name} ({province.code})"


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "username")


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class InspectionPlanForm(BootstrapMixin, forms.ModelForm):
    # The plan's document, by its number and date in the register (registered if new).
    document_number = forms.CharField(
        label=_("document number"),
        max_length=100,
        required=False,
        help_text=DOCUMENT_NUMBER_HELP,
    )
    document_date = forms.DateField(label=_("document date"), required=False, widget=DateInput())

    class Meta:
        model = InspectionPlan
        fields = ["year", "title", "document_number", "document_date", "themes"]
        widgets = {"themes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("document_number", self.instance.document_number)
            self.initial.setdefault("document_date", self.instance.document_date)


class CooperativeCodeField(forms.ModelChoiceField):
    """A register entry by its registration code, typed (the register is far too long for a
    list of choices)."""

    default_error_messages = {
        "invalid_choice": _("No cooperative in the register has this registration code."),
    }

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Cooperative.objects.all(),
            to_field_name="registration_code",
            required=False,
            widget=forms.TextInput(),
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python((value or "").strip().upper() or None)


def _organisations():
    return Organisation.objects.order_by("name")


class InspectionForm(BootstrapMixin, forms.ModelForm):
    subject_province = ProvinceChoiceField(
        queryset=Province.objects.order_by("valid_to", "name"),
        required=False,
        label=_("province"),
    )
    cooperative = CooperativeCodeField(
        label=_("cooperative in the register (registration code)"),
        help_text=_("For a cooperative in the register: its page then lists this inspection."),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("organisation record"),
        help_text=_("For an enterprise, a school or another organisation with a record."),
    )

    class Meta:
        model = Inspection
        fields = [
            "title",
            "kind",
            "plan",
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
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "concluded_on": DateInput(),
            "findings": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _people()
        self.fields["members"].queryset = _people()
        self.fields["organisation"].queryset = _organisations()


class RecommendationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text", "responsible_party", "deadline", "status", "follow_up", "completed_on"]
        widgets = {
            "deadline": DateInput(),
            "completed_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }


class ComplaintForm(BootstrapMixin, forms.ModelForm):
    complainant_province = ProvinceChoiceField(
        queryset=Province.objects.order_by("valid_to", "name"),
        required=False,
        label=_("complainant's province"),
    )
    cooperative = CooperativeCodeField(
        label=_("cooperative concerned (registration code)"),
        help_text=_("The cooperative in the register that complains or is complained about."),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("organisation concerned"),
    )

    class Meta:
        model = Complaint
        fields = list(COMPLAINT_FIELDS)
        widgets = {
            "received_on": DateInput(),
            "accepted_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_officer"].queryset = _people()
        self.fields["organisation"].queryset = _organisations()
        if not may_see_complainant_details(user):
            for name in CONTACT_FIELDS:
                del self.fields[name]
        if not self.instance.pk:
            self.initial.setdefault("received_on", clock.today())


class ComplaintTransitionForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Date"), widget=DateInput())
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to resolve, reject or transfer the case."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(complaint.status, ())
        self.fields["status"].choices = [(s, ComplaintStatus(s).label) for s in allowed]
        self.initial.setdefault("on", clock.today())
