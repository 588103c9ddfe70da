import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_accounts_exist_only_in_demo_mode():
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo")
    assert not User.objects.filter(username="admin").exists()


@override_settings(DEMO_MODE=True)
def test_demo_loads_one_account_per_role_and_per_current_province(provinces, capsys):
    call_command("load_demo")
    call_command("load_demo")  # a second run changes nothing
    usernames = set(User.objects.values_list("username", flat=True))
    assert {"admin", "staff", "leader", "inspector", "api", "tinh-01", "tinh-79"} <= usernames
    assert User.objects.filter(username__startswith="tinh-").count() == 34
    assert User.objects.get(username="tinh-15").province.name == "Tỉnh Lào Cai"
    assert User.objects.get(username="staff").check_password("vca-demo-2021")
    assert "vca-demo-2021" in capsys.readouterr().out
