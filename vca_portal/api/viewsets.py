"""The base viewsets every endpoint builds on: access scoping through ``accounts.access``,
declared capabilities, and writes in one transaction."""

from django.db import transaction
from django.http import Http404
from rest_framework import viewsets

from accounts.access import security_log, visible_to


class ScopedQuerysetMixin:
    """Narrow the queryset to what the requesting user may see (one rule per model). Asking for
    an object outside one's scope answers 404, as if it did not exist, and is logged."""

    def get_queryset(self):
        return visible_to(self.request.user, super().get_queryset())

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
            model = self.get_queryset().model
            if lookup is not None and _exists(model, self.lookup_field, lookup):
                security_log.warning(
                    "refused user=%s ip=%s object=%s:%s method=%s outcome=out-of-scope",
                    self.request.user.pk,
                    self.request.META.get("REMOTE_ADDR", ""),
                    model._meta.label,
                    str(lookup).encode("unicode_escape").decode(),
                    self.request.method,
                )
            raise


def _exists(model, field: str, value) -> bool:
    try:
        return model._default_manager.filter(**{field: value}).exists()
    except (ValueError, TypeError):
        return False


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
