from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Provinces and cooperatives")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  (registers the access scopes)
        from .statistics_cache import connect_signals

        connect_signals()
