"""The API's JSON parser refuses bodies nested too deep (400) or too large (413) before they are
decoded, on every endpoint, the unauthenticated token endpoint included."""

import pytest
from django.test import override_settings
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.choices import Role
from cooperatives.models import MonthlySubmission
from tests.factories.accounts import make_user
from vca_portal.api.parsers import nesting_depth

pytestmark = pytest.mark.django_db

DEEP = "[" * 10_000 + "]" * 10_000


def post_json(client, path, body: str):
    return client.post(path, body, content_type="application/json")


def test_depth_counts_brackets_outside_strings_only():
    assert nesting_depth(b'{"a": [1, {"b": "[[[[{{"}]}') == 3
    assert nesting_depth(b'"\\"[[["') == 0
    assert nesting_depth(b"12") == 0


def test_a_deep_array_is_a_400_on_the_token_endpoint_before_sign_in(provinces):
    client = APIClient(raise_request_exception=False)
    response = post_json(client, "/api/v1/auth/token/", DEEP)
    assert response.status_code == 400
    assert "20" in response.json()["detail"]
    assert "lồng" in response.json()["detail"]


def test_a_body_at_the_limit_depth_still_parses(provinces):
    client = APIClient(raise_request_exception=False)
    nested = "[" * 20 + "]" * 20
    response = post_json(client, "/api/v1/auth/token/", f'{{"username": {nested}}}')
    # 21 levels with the object: refused; 20: parsed and answered by the view.
    assert response.status_code == 400
    assert "lồng" in response.json()["detail"]
    nested = "[" * 19 + "]" * 19
    response = post_json(client, "/api/v1/auth/token/", f'{{"username": {nested}}}')
    assert response.status_code == 400
    assert "lồng" not in str(response.json())


@pytest.fixture
def officer_client(provinces):
    _, token = AuthToken.objects.create(user=make_user(Role.PROVINCIAL_OFFICER))
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_deep_array_is_a_400_on_a_write_endpoint(officer_client):
    response = post_json(officer_client, "/api/v1/submissions/", DEEP)
    assert response.status_code == 400
    assert "lồng" in response.json()["detail"]
    assert MonthlySubmission.objects.count() == 0


@override_settings(API_JSON_MAX_BYTES=1024)
def test_a_body_over_the_limit_is_a_413(officer_client):
    body = '{"explanation": "' + "x" * 2000 + '"}'
    response = post_json(officer_client, "/api/v1/submissions/", body)
    assert response.status_code == 413
    assert response.json()["detail"] == "Nội dung yêu cầu lớn hơn 1,0\xa0KB."
    response = post_json(APIClient(), "/api/v1/auth/token/", body)
    assert response.status_code == 413


def test_invalid_json_is_a_400_in_vietnamese(officer_client):
    response = post_json(officer_client, "/api/v1/submissions/", '{"active_total": NaN}')
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
