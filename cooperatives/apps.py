from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Provinces and cooperatives")

    def ready(self) -> None:
        from . import (
            register_cache,
            selectors,  # noqa: F401  (registers the access scopes)
            statistics_cache,
        )

        statistics_cache.connect_signals()
        register_cache.connect_signals()
