"""What the browser views of this app share: access checks and province choices."""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import (
    Capability,
    CapabilityRequiredMixin,
    has_capability,
    is_provincial_officer,
    officer_province_ids,
    security_log,
    visible_to,
)

from ..models import MonthlySubmission, Province


class AnyCapabilityMixin(CapabilityRequiredMixin):
    """Sign-in first, then any one of ``required_capabilities``, else 403."""

    required_capabilities: tuple[Capability, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.required_capabilities:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no capability.")
        if not any(has_capability(request.user, c) for c in self.required_capabilities):
            security_log.warning(
                "refused user=%s capabilities=%s path=%s",
                request.user.pk,
                ",".join(self.required_capabilities),
                request.path.encode("unicode_escape").decode(),
            )
            raise PermissionDenied
        # Skip CapabilityRequiredMixin's single-capability check, keep LoginRequiredMixin's.
        return super(CapabilityRequiredMixin, self).dispatch(request, *args, **kwargs)


def own_provinces(user) -> QuerySet:
    """The provinces a user reports or keeps the register for: an officer's own province and
    its predecessors; every province for a user who is not tied to one."""
    provinces = Province.objects.select_related("successor").order_by(
        F("valid_to").desc(nulls_first=True), "code"
    )
    if is_provincial_officer(user):
        return provinces.filter(pk__in=officer_province_ids(user))
    return provinces


def province_label(province: Province) -> str:
    """A province in a list of choices: a former one says until when and what it is part of
    now (read its ``successor`` with ``select_related``), never passing for a current one."""
    label = f"{province.code} – {province.name}"
    if province.is_history:
        label += f" ({province.history_note})"
    elif province.valid_to is not None:
        label += f" (≤ {province.valid_to:%m/%Y})"
    return label


def visible_submission(user, pk: int) -> MonthlySubmission:
    """The submission if the user may see it, else 404 (never a hint that it exists)."""
    return get_object_or_404(
        visible_to(user, MonthlySubmission.objects.select_related("province__successor")), pk=pk
    )
