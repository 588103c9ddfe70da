"""Demo data of the provinces and cooperatives."""

from .models import Province
from .services.provinces import provinces_sync


def load(stdout) -> None:
    if Province.objects.count() != 97:
        provinces_sync()
