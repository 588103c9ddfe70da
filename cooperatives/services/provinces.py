"""Loading the provinces from the maintained ``vietnam-provinces`` package.

The 63 provinces in force until 30 June 2025 come from ``vietnam_provinces.legacy``, the 34
since 1 July 2025 from ``vietnam_provinces``, and which old province became part of which new
one from the package's conversion table, with one correction (see ``MAPPING_CORRECTIONS``).
"""

from django.db import models, transaction
from vietnam_provinces import Province as CurrentSource
from vietnam_provinces import VietNamDivisionType
from vietnam_provinces.legacy import Province as LegacySource

from ..choices import DivisionType
from ..models import CURRENT_VALID_FROM, LEGACY_VALID_FROM, LEGACY_VALID_TO

# The package (2026.9) lists Tiền Giang (old 82) among the sources of both the new Tây Ninh (80)
# and the new Đồng Tháp (82). By National Assembly Resolution 202/2025/QH15 Tiền Giang joined
# Đồng Tháp only (Tây Ninh = Long An + Tây Ninh), so that one link is dropped here.
MAPPING_CORRECTIONS: dict[str, set[str]] = {"80": {"82"}}  # new code -> old codes to drop


def _code(value) -> str:
    return f"{int(value):02d}"


def _division(source) -> str:
    if source.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
        return DivisionType.CITY
    return DivisionType.PROVINCE


def legacy_to_current_mapping() -> dict[str, str]:
    """Old GSO code -> new GSO code: each old province joined exactly one new one."""
    mapping: dict[str, str] = {}
    for new in CurrentSource.iter_all():
        new_code = _code(new.code)
        for old in new.get_legacy_sources():
            old_code = _code(old.code)
            if old_code in MAPPING_CORRECTIONS.get(new_code, set()):
                continue
            if old_code in mapping:
                raise ValueError(
                    f"Old province {old_code} maps to {mapping[old_code]} and {new_code}"
                )
            mapping[old_code] = new_code
    return mapping


@transaction.atomic
def provinces_sync(*, province_model: type[models.Model] | None = None) -> int:
    """Create or update the 63 + 34 provinces; safe to run again. Returns how many exist."""
    if province_model is None:
        from ..models import Province as province_model

    current = {}
    for source in CurrentSource.iter_all():
        province, _ = province_model.objects.update_or_create(
            code=_code(source.code),
            valid_from=CURRENT_VALID_FROM,
            defaults={
                "name": source.name,
                "codename": source.codename.replace("_", "-"),
                "division_type": _division(source),
                "valid_to": None,
            },
        )
        current[province.code] = province
    mapping = legacy_to_current_mapping()
    for source in LegacySource.iter_all():
        code = _code(source.code)
        province_model.objects.update_or_create(
            code=code,
            valid_from=LEGACY_VALID_FROM,
            defaults={
                "name": source.name,
                "codename": source.codename.replace("_", "-"),
                "division_type": _division(source),
                "valid_to": LEGACY_VALID_TO,
                "successor": current[mapping[code]],
            },
        )
    return province_model.objects.count()
