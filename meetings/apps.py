from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and documents")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  (registers the access scopes)

        register_enum_names(
            {
                "MeetingKindEnum": "meetings.choices.MeetingKind",
                "MeetingFormatEnum": "meetings.choices.MeetingFormat",
                "AgreementKindEnum": "meetings.choices.AgreementKind",
                "DocumentTypeEnum": "meetings.choices.DocumentType",
                "ParticipantRoleEnum": "meetings.choices.ParticipantRole",
            }
        )


def register_enum_names(names: dict[str, str]) -> None:
    """Name this app's choice sets in the OpenAPI schema: several apps have a ``kind`` field,
    and each app contributes its own names instead of one list in the settings."""
    overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
    overrides.update(names)
