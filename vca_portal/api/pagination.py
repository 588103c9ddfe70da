from django.core.paginator import Paginator
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _totally_ordered(queryset: QuerySet) -> bool:
    """Whether the order ends on the primary key, so that reading it backwards gives exactly the
    same rows in reverse (ties in the other keys are broken the same way both ways)."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    if not ordering or not isinstance(ordering[-1], str):
        return False
    return ordering[-1].lstrip("-") in {"pk", queryset.model._meta.pk.name}


class NearerEndPaginator(Paginator):
    """Reads a page from whichever end of the list is nearer. An OFFSET costs a walk over every
    row it skips, so the last page of a long list would cost as much as reading the whole
    list; read backwards, it costs as little as the first. Only for a queryset ordered down to
    its primary key; any other list is paged as usual."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if (
            isinstance(rows, QuerySet)
            and bottom > self.count - top
            and rows.ordered
            and _totally_ordered(rows)
        ):
            backwards = list(rows.reverse()[self.count - top : self.count - bottom])
            backwards.reverse()
            return self._get_page(backwards, number, self)
        return self._get_page(rows[bottom:top], number, self)


class NearerEndPagination(PortalPagination):
    """Page numbers as everywhere, each page read from the nearer end of the list."""

    django_paginator_class = NearerEndPaginator
