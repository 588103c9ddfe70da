from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionType(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("Centrally run city")
