from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user is in the alliance; it decides what they may see and do (see ``access``)."""

    ADMINISTRATOR = "administrator", _("Administrator")
    STAFF = "staff", _("VCA staff")
    LEADERSHIP = "leadership", _("Leadership")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial union officer")
    INSPECTOR = "inspector", _("Inspector")
    API_CLIENT = "api_client", _("API client")
