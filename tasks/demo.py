"""Demo units of the alliance."""

from .choices import UnitKind
from .models import Unit

UNITS = [
    ("van-phong", "Văn phòng", UnitKind.DEPARTMENT),
]


def load(stdout) -> None:
    for code, name, kind in UNITS:
        Unit.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
