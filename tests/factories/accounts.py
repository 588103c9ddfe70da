import itertools

from accounts.choices import Role
from accounts.models import User
from cooperatives.models import Province

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery-9"  # noqa: S105


def make_user(role: str = Role.STAFF, *, province: Province | str | None = None, **fields) -> User:
    """A user of ``role``; for a provincial officer ``province`` may be a current GSO code."""
    if isinstance(province, str):
        province = Province.objects.current().get(code=province)
    if role == Role.PROVINCIAL_OFFICER and province is None:
        province = Province.objects.current().get(code="01")
    fields.setdefault("username", f"{role}-{next(_counter)}")
    user = User(role=role, province=province, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user
