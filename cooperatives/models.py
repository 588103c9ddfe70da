import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vca_portal.audit import audited

from .choices import DivisionType

# The 63 provinces were in force from the Hà Tây merger until the 2025 reform; the 34 since.
LEGACY_VALID_FROM = datetime.date(2008, 8, 1)
LEGACY_VALID_TO = datetime.date(2025, 6, 30)
CURRENT_VALID_FROM = datetime.date(2025, 7, 1)


class ProvinceQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "ProvinceQuerySet":
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def current(self) -> "ProvinceQuerySet":
        return self.filter(valid_to__isnull=True)

    def legacy(self) -> "ProvinceQuerySet":
        return self.filter(valid_to__isnull=False)

    def get_by_code(self, code: str | int, *, on: datetime.date) -> "Province":
        """The province that bore this GSO code on that day (codes were reused in 2025)."""
        return self.valid_on(on).get(code=f"{int(code):02d}")


@audited()
class Province(models.Model):
    """A province or centrally run city, identified by its GSO code *and* its validity interval:
    nine codes were reused in 2025 (15 was Yên Bái, and is now the merged Lào Cai)."""

    code = models.CharField(_("GSO code"), max_length=2)
    name = models.CharField(_("name"), max_length=100)
    codename = models.SlugField(_("code name"), max_length=100)
    division_type = models.CharField(_("type"), max_length=10, choices=DivisionType.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("For a province abolished on 1 July 2025, the new province it became part of."),
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["valid_from", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="province_code_valid_from"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="province_interval_ordered",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2}$"), name="province_code_two_digits"
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_to__isnull=False),
                name="province_successor_only_when_abolished",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def lineage_ids(self) -> list[int]:
        """This province and, for a current one, the abolished provinces merged into it."""
        if not self.is_current:
            return [self.pk]
        return [self.pk, *self.predecessors.values_list("pk", flat=True)]
