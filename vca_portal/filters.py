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


class SearchTextFilter(django_filters.CharFilter):
    """A list's free-text filter through the portal's one search (``search.engine``):
    accent-insensitive, ranked best first, checked as the search page checks it (a text that
    cannot be searched is a clear 400, or the form's error in the browser)."""

    def __init__(self, kind: str, *args, **kwargs):
        from search.engine import validate_search_text

        self.kind = kind
        kwargs.setdefault("validators", [validate_search_text])
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        from search.engine import filter_queryset

        request = getattr(self.parent, "request", None)
        return filter_queryset(self.kind, queryset, value, getattr(request, "user", None))
