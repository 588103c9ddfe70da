"""Reads that shape data, and the access scopes of this app's models."""

from accounts.access import Capability, has_capability, scopes

from .models import User


@scopes(User)
def users_visible_to(user, queryset):
    """Administrators see every account; everyone else sees their own."""
    if has_capability(user, Capability.ADMINISTER):
        return queryset
    return queryset.filter(pk=user.pk)
