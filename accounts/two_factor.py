"""Two-factor authentication (TOTP): required for administrators, staff, leadership and
inspectors, available to everyone. A signed-in user of those roles reaches nothing but the
two-factor pages (and sign-out) until they have entered a code in this session."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .choices import Role

REQUIRED_ROLES = {Role.ADMINISTRATOR, Role.STAFF, Role.LEADERSHIP, Role.INSPECTOR}
_OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")


def requires_two_factor(user) -> bool:
    if not settings.TWO_FACTOR_ENFORCED or not user.is_authenticated:
        return False
    return user.is_superuser or user.role in REQUIRED_ROLES


class TwoFactorRequiredMiddleware:
    """After django-otp's OTPMiddleware: hold back unverified sessions of required roles.
    API tokens carry no session: the token endpoint asks for the code when it issues one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and requires_two_factor(user)
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Two-factor authentication is required for this account.")},
                    status=403,
                )
            target = "two-factor-verify" if user_has_device(user) else "two-factor-setup"
            return redirect(f"{reverse(target)}?next={request.path}")
        return self.get_response(request)
