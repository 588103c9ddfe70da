"""Sign-in security: lockout after repeated failures (django-axes, by username *and* address so
that one attacker cannot lock out a whole provincial office), the absolute session lifetime,
and the security log of sign-ins and refusals."""

import logging

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from vca_portal import clock

security_log = logging.getLogger("vca.security")

SESSION_STARTED_KEY = "vca_signed_in_at"
SESSION_SEEN_KEY = "vca_seen_at"


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def loggable(value) -> str:
    """User input in a log line, with line breaks and control characters encoded."""
    return str(value or "").encode("unicode_escape").decode("ascii")


class LockoutBackend(AxesStandaloneBackend):
    """Refuses sign-in while a username/address pair is locked out. Sign-ins without a
    request (management commands, tests' ``client.login``) have nothing to lock and pass on."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-in attempts. This account is locked from this address for "
        "%(minutes)d minutes."
    ) % {"minutes": minutes}
    username = (credentials or {}).get("username", "")
    security_log.warning(
        "lockout username=%s ip=%s outcome=locked", loggable(username), client_ip(request)
    )
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = retry_after
    return response


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    security_log.warning(
        "sign-in username=%s ip=%s outcome=failed",
        loggable(credentials.get("username")),
        client_ip(request),
    )


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    # Only a browser sign-in starts a session clock; an API token sign-in has no session.
    session = getattr(request, "session", None)
    if session is not None and "_auth_user_id" in session:
        session[SESSION_STARTED_KEY] = session[SESSION_SEEN_KEY] = int(clock.timestamp())
    security_log.info(
        "sign-in username=%s ip=%s outcome=success", loggable(user.username), client_ip(request)
    )
