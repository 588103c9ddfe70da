from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vca_portal.audit import audited

from .choices import Role


@audited(exclude=["password", "last_login"])
class User(AbstractUser):
    """A person or system that signs in. Provincial officers belong to one province; staff to a
    unit of the alliance. What the role allows is decided in ``accounts.access``."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    province = models.ForeignKey(
        "cooperatives.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
    )
    unit = models.ForeignKey(
        "tasks.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.PROVINCIAL_OFFICER) | Q(province__isnull=False),
                name="officer_has_province",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_capability(self, capability: str) -> bool:
        from .access import has_capability

        return has_capability(self, capability)
