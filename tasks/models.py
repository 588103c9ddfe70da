from django.db import models
from django.utils.translation import gettext_lazy as _

from vca_portal.audit import audited

from .choices import UnitKind


@audited()
class Unit(models.Model):
    """A department (ban) or attached unit (đơn vị trực thuộc) of the alliance."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
