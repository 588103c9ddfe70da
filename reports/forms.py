from django import forms
from django.utils.translation import gettext_lazy as _

from vca_portal import clock

from .choices import ReportKind

MONTHS = [(m, _("Month %(month)d") % {"month": m}) for m in range(1, 13)]


def _years() -> list[tuple[int, str]]:
    this_year = clock.today().year
    return [(y, str(y)) for y in range(this_year, 2000 - 1, -1)]


class MonthForm(forms.Form):
    """A month to look at or to build a report for."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, choices=MONTHS)

    def period(self) -> tuple[int, int]:
        return self.cleaned_data["year"], self.cleaned_data["month"]

    @classmethod
    def initial_for(cls, year: int, month: int) -> dict:
        return {"year": year, "month": month}


QUARTERS = [(q, _("Quarter %(quarter)d") % {"quarter": q}) for q in range(1, 5)]


class PeriodForm(forms.Form):
    """A quarter or a year to build a report for."""

    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[(ReportKind.QUARTER, _("Quarter")), (ReportKind.YEAR, _("Year"))],
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=QUARTERS, required=False, empty_value=None
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReportKind.QUARTER and not data.get("quarter"):
            self.add_error("quarter", _("Choose the quarter, 1 to 4."))
        return data

    def period(self) -> dict:
        data = self.cleaned_data
        quarter = data["quarter"] if data["kind"] == ReportKind.QUARTER else None
        return {"kind": data["kind"], "year": data["year"], "quarter": quarter}
