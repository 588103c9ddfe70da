"""The portal shell: the home page and the health check."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts.access import capabilities_of
from accounts.choices import Role

log = logging.getLogger(__name__)


class HomeView(TemplateView):
    """Each role's starting page: what they can do, in the order they need it."""

    template_name = "portal/home.html"

    def get(self, request, *args, **kwargs):
        # The dashboard is leadership's home page.
        if request.user.role == Role.LEADERSHIP and not request.user.is_superuser:
            return redirect("reports:dashboard")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["capabilities"] = {str(c) for c in capabilities_of(self.request.user)}
        return context


def _check_database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _check_cache() -> bool:
    cache.set("healthz", "ok", 10)
    return cache.get("healthz") == "ok"


def _check_broker() -> bool | None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None  # tasks run in-process: there is no broker to reach
    from vca_portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return True


@login_not_required
@never_cache
@require_GET
def health(request):
    """Database, cache and broker reachability: 200 when all answer, else 503."""
    checks = {}
    for name, check in (
        ("database", _check_database),
        ("cache", _check_cache),
        ("broker", _check_broker),
    ):
        try:
            result = check()
            checks[name] = "in-process" if result is None else ("ok" if result else "error")
        except Exception:  # any failure of a dependency is reported, never raised
            log.warning("health check %s failed", name, exc_info=True)
            checks[name] = "error"
    healthy = all(value != "error" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
