"""The base viewsets every endpoint builds on: access scoping through ``accounts.access``,
declared capabilities, and writes in one transaction."""

from django.db import transaction
from rest_framework import viewsets

from accounts.access import visible_to


class ScopedQuerysetMixin:
    """Narrow the queryset to what the requesting user may see (one rule per model)."""

    def get_queryset(self):
        return visible_to(self.request.user, super().get_queryset())


class AtomicWritesMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class PortalReadOnlyViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only: subclasses set queryset, serializer_class, filterset_class, read_capability."""


class PortalModelViewSet(ScopedQuerysetMixin, AtomicWritesMixin, viewsets.ModelViewSet):
    """Read and write: subclasses also set write_capability (or action_capabilities)."""
