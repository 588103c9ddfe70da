from django import forms
from django.utils.translation import gettext_lazy as _

from vca_portal import clock

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
