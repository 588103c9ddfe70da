from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and dashboard")

    def ready(self) -> None:
        from . import (
            selectors,  # noqa: F401  (registers the access scopes)
            signals,
        )

        signals.connect()
        from .dashboard_cache import connect_signals

        connect_signals()
