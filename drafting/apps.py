from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftingConfig(AppConfig):
    name = "drafting"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  (registers the access scopes)
