from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Units and tasks")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  (registers the access scopes)
