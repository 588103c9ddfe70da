from django.db import models
from django.utils.translation import gettext_lazy as _


class TextStatus(models.TextChoices):
    EXTRACTED = "extracted", _("Text extracted")
    UNREADABLE = "unreadable", _("Text could not be read")
    UNSUPPORTED = "unsupported", _("Kind of file not read for search")
