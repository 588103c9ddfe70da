from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections and complaints")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  (registers the access scopes)
