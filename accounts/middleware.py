"""Session lifetimes: a browser session ends after 30 idle minutes (the session's age, renewed
by activity) and 12 hours after sign-in however active it is.

Activity renews the session at most once a minute rather than on every request, so a page
view costs no session write; the idle limit is therefore exact to within that minute."""

from django.conf import settings
from django.contrib.auth import logout

from vca_portal import clock

from .security import SESSION_SEEN_KEY, SESSION_STARTED_KEY

RENEW_AFTER_SECONDS = 60


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = clock.timestamp()
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None or now - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
            elif now - request.session.get(SESSION_SEEN_KEY, 0) > RENEW_AFTER_SECONDS:
                request.session[SESSION_SEEN_KEY] = int(now)  # saved, with a renewed expiry
        return self.get_response(request)
