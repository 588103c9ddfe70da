"""A browser session ends 12 hours after sign-in however active it is (the idle limit of 30
minutes is the session cookie's age, renewed on every request)."""

import time

from django.conf import settings
from django.contrib.auth import logout

from .security import SESSION_STARTED_KEY


class AbsoluteSessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
        return self.get_response(request)
