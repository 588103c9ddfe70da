"""Filters shared by the apps' filtersets."""

import django_filters
from django import forms

from vca_portal.bounds import FIRST_YEAR, LAST_YEAR


class YearFilter(django_filters.NumberFilter):
    """A calendar year matched with ``__year``: a whole number in a plausible range, so that a
    year such as 0 is a clear 400 rather than an error deep in the date arithmetic."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)
