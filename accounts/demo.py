"""The demo accounts, one per role and one provincial officer per current province."""

from cooperatives.models import Province
from tasks.models import Unit

from .choices import Role
from .models import User

DEMO_PASSWORD = "vca-demo-2021"  # noqa: S105 (demo mode only, printed on start)

ACCOUNTS = [
    ("admin", Role.ADMINISTRATOR, "Quản trị", "hệ thống"),
    ("staff", Role.STAFF, "Phạm Ngọc", "Toại"),
    ("leader", Role.LEADERSHIP, "Nguyễn Ngọc", "Bảo"),
    ("inspector", Role.INSPECTOR, "Cán bộ", "Ủy ban Kiểm tra"),
    ("api", Role.API_CLIENT, "Hệ thống", "tích hợp"),
]


def load(stdout) -> None:
    office = Unit.objects.filter(code="van-phong").first()
    for username, role, first_name, last_name in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
                "unit": office if role == Role.STAFF else None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    for province in Province.objects.current().order_by("code"):
        user, created = User.objects.get_or_create(
            username=f"tinh-{province.code}",
            defaults={
                "role": Role.PROVINCIAL_OFFICER,
                "province": province,
                "first_name": "Cán bộ",
                "last_name": f"LMHTX {province.name}",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])


def print_accounts(stdout) -> None:
    stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
    for username, role, _first, _last in ACCOUNTS:
        stdout.write(f"  {username:<10} {Role(role).label}")
    codes = list(
        User.objects.filter(role=Role.PROVINCIAL_OFFICER, username__startswith="tinh-")
        .order_by("username")
        .values_list("username", flat=True)
    )
    if codes:
        stdout.write(
            f"  {codes[0]} … {codes[-1]}  provincial officers ({len(codes)}, one per province)"
        )
