from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Units and tasks")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  (registers the access scopes)

        register_enum_names(
            {
                "UnitKindEnum": "tasks.choices.UnitKind",
                "TaskKindEnum": "tasks.choices.TaskKind",
                "TaskStatusEnum": "tasks.choices.TaskStatus",
            }
        )


def register_enum_names(names: dict[str, str]) -> None:
    """Name this app's choice sets in the OpenAPI schema: several apps have a ``kind`` field,
    and each app contributes its own names instead of one list in the settings."""
    overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
    overrides.update(names)
