"""Who may see and do what: the one place that decides it.

Roles grant capabilities (the table below). Every browser view and API endpoint declares the
capability it needs; which *objects* a user may see is one scoping function per model,
registered here with ``@scopes(Model)`` (in the app's ``selectors.py``) and applied by every
view, endpoint and export through ``visible_to``.
"""

import logging
from collections.abc import Callable
from enum import StrEnum

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .choices import Role

security_log = logging.getLogger("vca.security")


class Capability(StrEnum):
    VIEW_PROVINCES = "view_provinces"
    VIEW_STATISTICS = "view_statistics"
    VIEW_ALL_SUBMISSIONS = "view_all_submissions"
    EDIT_OWN_PROVINCE = "edit_own_province"
    REVIEW_SUBMISSIONS = "review_submissions"
    VIEW_REGISTER = "view_register"
    MANAGE_REGISTER = "manage_register"
    MANAGE_PLANS = "manage_plans"
    VIEW_WORK = "view_work"  # meetings, documents, tasks
    MANAGE_WORK = "manage_work"
    ISSUE_DOCUMENTS = "issue_documents"  # number, date and sign off official documents
    UPDATE_UNIT_TASKS = "update_unit_tasks"
    VIEW_INSPECTIONS = "view_inspections"
    MANAGE_INSPECTIONS = "manage_inspections"
    VIEW_COMPLAINANT_DETAILS = "view_complainant_details"
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_REPORTS = "view_reports"
    BUILD_REPORTS = "build_reports"
    ADMINISTER = "administer"


C = Capability
_EVERYONE = {C.VIEW_PROVINCES, C.VIEW_STATISTICS, C.VIEW_REGISTER}
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMINISTRATOR: frozenset(Capability),
    Role.STAFF: frozenset(
        _EVERYONE
        | {
            C.VIEW_ALL_SUBMISSIONS,
            C.REVIEW_SUBMISSIONS,
            C.MANAGE_REGISTER,
            C.MANAGE_PLANS,
            C.VIEW_WORK,
            C.MANAGE_WORK,
            C.ISSUE_DOCUMENTS,
            C.UPDATE_UNIT_TASKS,
            C.VIEW_INSPECTIONS,
            C.VIEW_DASHBOARD,
            C.VIEW_REPORTS,
            C.BUILD_REPORTS,
        }
    ),
    Role.LEADERSHIP: frozenset(
        _EVERYONE
        | {
            C.VIEW_ALL_SUBMISSIONS,
            C.VIEW_WORK,
            C.VIEW_INSPECTIONS,
            C.VIEW_DASHBOARD,
            C.VIEW_REPORTS,
        }
    ),
    Role.PROVINCIAL_OFFICER: frozenset(_EVERYONE | {C.EDIT_OWN_PROVINCE}),
    Role.INSPECTOR: frozenset(
        _EVERYONE
        | {
            C.VIEW_WORK,
            C.VIEW_INSPECTIONS,
            C.MANAGE_INSPECTIONS,
            C.VIEW_COMPLAINANT_DETAILS,
            C.VIEW_REPORTS,
        }
    ),
    Role.API_CLIENT: frozenset(_EVERYONE | {C.VIEW_ALL_SUBMISSIONS}),
}


def capabilities_of(user) -> frozenset[Capability]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return ROLE_CAPABILITIES[Role.ADMINISTRATOR]
    return ROLE_CAPABILITIES.get(user.role, frozenset())


def has_capability(user, capability: Capability | str) -> bool:
    return Capability(capability) in capabilities_of(user)


def is_provincial_officer(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and not user.is_superuser
        and user.role == Role.PROVINCIAL_OFFICER
    )


def officer_province_ids(user) -> list[int]:
    """The provinces a provincial officer answers for: their province and, for a current
    province, the abolished ones merged into it (their history is now that union's)."""
    if user.province_id is None:
        return []
    return user.province.lineage_ids()


# Object scoping ---------------------------------------------------------------------------

Scope = Callable[[object, models.QuerySet], models.QuerySet]
_SCOPES: dict[type[models.Model], Scope] = {}


def scopes(model: type[models.Model]) -> Callable[[Scope], Scope]:
    """Register the function that narrows ``model``'s queryset to what a user may see."""

    def register(function: Scope) -> Scope:
        if model in _SCOPES and _SCOPES[model] is not function:
            raise ImproperlyConfigured(f"{model.__name__} already has a scope.")
        _SCOPES[model] = function
        return function

    return register


def visible_to(user, queryset: models.QuerySet) -> models.QuerySet:
    """The rows of ``queryset`` that ``user`` may see. A model without a registered scope is
    an error, never an open door."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    try:
        scope = _SCOPES[queryset.model]
    except KeyError:
        raise ImproperlyConfigured(
            f"No access scope is registered for {queryset.model.__name__}."
        ) from None
    return scope(user, queryset)


def reader_key(user) -> str:
    """What decides which rows the access scopes let ``user`` see: role, administrator flag and
    province (with the provinces merged into it). Every scope depends on these alone, except
    that of the accounts themselves (each user sees their own), so readers with the same key
    see the same rows of every other model and may share a cached answer built from them
    (``vca_portal.api.read_cache``, the dashboard); a change of role or province changes the
    key."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return "nobody"
    return f"{user.role}.{int(user.is_superuser)}.{user.province_id or '-'}"


def everyone_signed_in(user, queryset: models.QuerySet) -> models.QuerySet:
    """A scope for reference data that every signed-in user may read."""
    return queryset


# Enforcement in views and endpoints --------------------------------------------------------


class CapabilityPermission(BasePermission):
    """The default DRF permission. An endpoint declares ``read_capability`` (safe methods) and
    ``write_capability`` (anything else), or ``action_capabilities`` per action; an endpoint
    that declares nothing is refused."""

    def has_permission(self, request, view) -> bool:
        required = required_capability(view, request.method)
        if required is None:
            security_log.error("endpoint %s declares no capability", type(view).__name__)
            return False
        if not request.user or not request.user.is_authenticated:
            return False
        allowed = has_capability(request.user, required)
        if not allowed:
            security_log.warning(
                "refused user=%s capability=%s path=%s",
                request.user.pk,
                required,
                request.path.encode("unicode_escape").decode(),
            )
        return allowed


def required_capability(view, method: str) -> Capability | None:
    action = getattr(view, "action", None)
    per_action = getattr(view, "action_capabilities", {}) or {}
    if action in per_action:
        return per_action[action]
    if method in SAFE_METHODS:
        return getattr(view, "read_capability", None)
    return getattr(view, "write_capability", None)


class CapabilityRequiredMixin(LoginRequiredMixin):
    """For browser views: sign-in first, then the declared capability, else 403."""

    required_capability: Capability | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_capability is None:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no capability.")
        if not has_capability(request.user, self.required_capability):
            security_log.warning(
                "refused user=%s capability=%s path=%s",
                request.user.pk,
                self.required_capability,
                request.path.encode("unicode_escape").decode(),
            )
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
