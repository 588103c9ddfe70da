"""Every endpoint and view declares what it needs; roles get exactly their capabilities."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.access import ROLE_CAPABILITIES, Capability, has_capability
from accounts.choices import Role

EXPLICITLY_PUBLIC = {"TokenLoginView"}


def _views(patterns=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_every_api_view_declares_a_capability():
    from accounts.access import CapabilityPermission

    undeclared = []
    for callback in _views():
        view_class = getattr(callback, "cls", None)
        if view_class is None or not view_class.__module__.startswith(
            ("accounts", "cooperatives", "tasks", "meetings", "inspections", "reports")
        ):
            continue
        permissions = view_class.permission_classes
        uses_capabilities = CapabilityPermission in permissions
        declares = any(
            getattr(view_class, attribute, None)
            for attribute in ("read_capability", "write_capability", "action_capabilities")
        )
        explicit = not uses_capabilities and view_class.__name__ not in ("",)
        if uses_capabilities and not declares:
            undeclared.append(view_class.__name__)
        if explicit and view_class.__name__ not in EXPLICITLY_PUBLIC | {
            "TokenLogoutView",
            "TokenLogoutAllView",
        }:
            undeclared.append(view_class.__name__)
    assert undeclared == []


def test_read_only_roles_have_no_write_capability():
    writes = {
        Capability.EDIT_OWN_PROVINCE,
        Capability.REVIEW_SUBMISSIONS,
        Capability.MANAGE_REGISTER,
        Capability.MANAGE_WORK,
        Capability.MANAGE_INSPECTIONS,
        Capability.BUILD_REPORTS,
        Capability.ADMINISTER,
    }
    assert not ROLE_CAPABILITIES[Role.LEADERSHIP] & writes
    assert not ROLE_CAPABILITIES[Role.API_CLIENT] & writes


@pytest.mark.django_db
def test_a_disabled_user_has_no_capability(user_factory):
    user = user_factory(Role.ADMINISTRATOR)
    assert has_capability(user, Capability.ADMINISTER)
    user.is_active = False
    assert not has_capability(user, Capability.VIEW_PROVINCES)


@pytest.mark.django_db
def test_complainant_details_are_for_inspectors_and_administrators(user_factory):
    allowed = {
        role for role in Role if Capability.VIEW_COMPLAINANT_DETAILS in ROLE_CAPABILITIES[role]
    }
    assert allowed == {Role.INSPECTOR, Role.ADMINISTRATOR}
