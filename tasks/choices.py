from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    ATTACHED_UNIT = "attached_unit", _("Attached unit")
