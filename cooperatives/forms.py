"""Browser forms. They only shape input; the rules are in ``services``, whose errors the views
put back on the form (``add_service_errors``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from search.engine import filter_queryset, validate_search_text
from vca_portal import bounds

from .choices import (
    AGRICULTURAL_SUB_SECTORS,
    NON_AGRICULTURAL_SUB_SECTORS,
    CooperativeKind,
    CooperativeStatus,
    Sector,
)
from .models import COUNT_FIELDS, Cooperative, CooperativeMemberCount, MonthlySubmission, Province

# Out of range is said by the model field's bounds (``vca_portal.bounds``), naming the field.
WHOLE_NUMBER_ERRORS = {
    "invalid": _("Enter a whole number, 0 or more."),
    "required": _("Enter a whole number, 0 or more."),
}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form fields it names (else on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class StyledForm(forms.Form):
    """Bootstrap classes on the widgets, so that templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm" if self.compact else "form-select"
            else:
                css = "form-control form-control-sm" if self.compact else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    compact = False


def _count_field(name: str, label) -> forms.IntegerField:
    return bounds.form_field(
        MonthlySubmission, name, label=label, error_messages=WHOLE_NUMBER_ERRORS
    )


class SubmissionForm(StyledForm):
    """A month's figures. ``version`` is the one the edit started from (stale edits are refused
    by the service)."""

    established_agricultural = _count_field(
        "established_agricultural", _("Established, agricultural")
    )
    established_non_agricultural = _count_field(
        "established_non_agricultural", _("Established, non-agricultural")
    )
    dissolved_agricultural = _count_field("dissolved_agricultural", _("Dissolved, agricultural"))
    dissolved_non_agricultural = _count_field(
        "dissolved_non_agricultural", _("Dissolved, non-agricultural")
    )
    active_total = _count_field("active_total", _("Active at month end"))
    active_unions = _count_field("active_unions", _("Of which unions of cooperatives"))
    active_groups = _count_field("active_groups", _("Cooperative groups active at month end"))
    nil_report = forms.BooleanField(
        label=_("Nothing to report (no cooperative established or dissolved this month)"),
        required=False,
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the figures do not add up with last month's."),
    )
    version = bounds.form_field(
        MonthlySubmission, "version", widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, groups_reported: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["active_unions"].required = False
        self.fields["active_unions"].help_text = _(
            "Part of the active cooperatives above; 0 when there are none."
        )
        if groups_reported:
            self.fields["active_groups"].required = False
            self.fields["active_groups"].help_text = _(
                "Cooperative groups (2023 Cooperative Law) are counted beside the cooperatives,"
                " not in the active total; leave empty if not known."
            )
        else:
            # Before July 2024 the unions did not report cooperative groups.
            del self.fields["active_groups"]

    @classmethod
    def for_submission(
        cls, submission: MonthlySubmission | None, data=None, *, groups_reported: bool = True
    ):
        if data is not None:
            return cls(data, groups_reported=groups_reported)
        if submission is None:
            return cls(
                initial={**dict.fromkeys(COUNT_FIELDS[:4], 0), "active_unions": 0},
                groups_reported=groups_reported,
            )
        return cls(
            initial={**submission.figures(), "version": submission.version},
            groups_reported=groups_reported,
        )

    def figures(self) -> dict:
        data = self.cleaned_data
        names = (*COUNT_FIELDS, "active_unions", "active_groups", "nil_report", "explanation")
        figures = {name: data[name] for name in names if name in data}
        if figures.get("active_unions") is None:
            figures["active_unions"] = 0
        return figures


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason.")},
    )
    version = bounds.form_field(
        MonthlySubmission, "version", widget=forms.HiddenInput, required=False
    )


class VersionForm(forms.Form):
    version = bounds.form_field(
        MonthlySubmission, "version", widget=forms.HiddenInput, required=False
    )


class YearForm(forms.Form):
    year = bounds.form_field(MonthlySubmission, "year", required=False)


class MonthForm(forms.Form):
    year = bounds.form_field(MonthlySubmission, "year", label=_("Year"))
    month = bounds.form_field(MonthlySubmission, "month", label=_("Month"))


class TemplateForm(StyledForm):
    """Which province and months the downloaded workbook covers."""

    compact = True

    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none())
    start = forms.CharField(
        label=_("From month"), widget=forms.TextInput(attrs={"type": "month"}), max_length=7
    )
    end = forms.CharField(
        label=_("To month"), widget=forms.TextInput(attrs={"type": "month"}), max_length=7
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces

    @staticmethod
    def _month(value: str) -> tuple[int, int]:
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            raise ValidationError(_("Enter a month as YYYY-MM.")) from None
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValidationError(_("Enter a month as YYYY-MM."))
        return year, month

    def clean_start(self):
        return self._month(self.cleaned_data["start"])

    def clean_end(self):
        return self._month(self.cleaned_data["end"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The last month is before the first."))
            elif (end[0] * 12 + end[1]) - (start[0] * 12 + start[1]) >= 24:
                self.add_error("end", _("A template covers at most 24 months."))
        return data


class UploadForm(StyledForm):
    file = forms.FileField(
        label=_("Filled workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


# The register ------------------------------------------------------------------------------


class CooperativeFilterForm(StyledForm):
    """The register's filters; the province choices are only those the user may see."""

    compact = True

    q = forms.CharField(label=_("Name or code"), required=False, validators=[validate_search_text])
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", "—"), *Sector.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *CooperativeKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *CooperativeStatus.choices], required=False
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces

    def filter(self, queryset, *, user):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            queryset = filter_queryset("cooperative", queryset, data["q"], user)
        if data["province"]:
            queryset = queryset.filter(province=data["province"])
        for name in ("sector", "kind", "status"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
        return queryset


class CooperativeForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=255)
    registration_code = forms.CharField(label=_("Registration code"), max_length=30)
    kind = forms.ChoiceField(label=_("Kind"), choices=CooperativeKind.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    sub_sector = forms.ChoiceField(
        label=_("Sub-sector"),
        choices=[
            (Sector.AGRICULTURAL.label, [(s.value, s.label) for s in AGRICULTURAL_SUB_SECTORS]),
            (
                Sector.NON_AGRICULTURAL.label,
                [(s.value, s.label) for s in NON_AGRICULTURAL_SUB_SECTORS],
            ),
        ],
    )
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=CooperativeStatus.choices)
    established_on = forms.DateField(
        label=_("Established on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    dissolved_on = forms.DateField(
        label=_("Dissolved on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status_on = forms.DateField(
        label=_("Status since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the status changes: the day it took effect (default today)."),
    )
    members = bounds.form_field(
        Cooperative, "members", label=_("Members"), initial=0, error_messages=WHOLE_NUMBER_ERRORS
    )
    charter_capital = bounds.form_field(
        Cooperative, "charter_capital", label=_("Charter capital (VND)"), initial=0
    )
    tax_code = forms.CharField(
        label=_("Cooperative number (tax code)"),
        required=False,
        max_length=30,
        help_text=_("10 digits, or 13 written 0101234567-001."),
    )
    registering_authority = forms.CharField(
        label=_("Registering authority"), required=False, max_length=255
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces


class MemberCountForm(StyledForm):
    """A cooperative's members on a day by the 2023 Law's types; the rules (not in the future,
    not before it was established, legal persons among the members) are the service's
    (``services.register.cooperative_record_members``), as for the API."""

    on = forms.DateField(
        label=_("On"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the day of the count."),
            "invalid": _("Enter a valid date."),
        },
    )
    official = bounds.form_field(
        CooperativeMemberCount,
        "official",
        label=_("Official members"),
        error_messages=WHOLE_NUMBER_ERRORS,
    )
    associate = bounds.form_field(
        CooperativeMemberCount,
        "associate",
        label=_("Associate members contributing capital"),
        initial=0,
        error_messages=WHOLE_NUMBER_ERRORS,
    )
    legal_persons = bounds.form_field(
        CooperativeMemberCount,
        "legal_persons",
        label=_("Of which legal persons"),
        initial=0,
        help_text=_("Of the official and associate members, how many are legal persons."),
        error_messages=WHOLE_NUMBER_ERRORS,
    )
