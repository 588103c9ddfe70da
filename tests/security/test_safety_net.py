"""The last safety net: a value that still reaches PostgreSQL out of its column's range is a
400 naming the field, logged with the request id, and nothing of the request is saved."""

import logging

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tasks.models import Unit
from tests.factories.accounts import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.safety_net_urls")]

REQUEST_ID = "req-safety-net-0001"
MESSAGE = "Có giá trị vượt quá mức hệ thống lưu được; hãy kiểm tra các số và văn bản đã gửi."


def test_a_form_post_is_a_400_page_and_saves_nothing(provinces, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(make_user())
    with caplog.at_level(logging.ERROR, logger="vca_portal.request_limits"):
        response = client.post(
            "/form/", {"members": str(2**31), "name": "HTX"}, HTTP_X_REQUEST_ID=REQUEST_ID
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert MESSAGE in page
    assert "members" in page
    assert Unit.objects.filter(code="safety-net").count() == 0
    assert response["X-Request-ID"] == REQUEST_ID
    assert any(REQUEST_ID in record.getMessage() for record in caplog.records)


def test_an_api_post_is_a_400_naming_the_field_and_saves_nothing(provinces, caplog):
    client = APIClient(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="vca_portal.request_limits"):
        response = client.post(
            "/api/v1/safety-net/",
            {"members": 2**31, "name": "HTX"},
            format="json",
            HTTP_X_REQUEST_ID=REQUEST_ID,
        )
    assert response.status_code == 400
    assert response.json() == {"members": [MESSAGE]}
    assert Unit.objects.filter(code="safety-net").count() == 0
    assert any(
        REQUEST_ID in record.getMessage() and "fields=members" in record.getMessage()
        for record in caplog.records
    )


def test_a_value_against_a_check_constraint_is_a_400_too(provinces):
    client = Client(raise_request_exception=False)
    client.force_login(make_user())
    response = client.post("/check/", {"year": "-1"})
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert Unit.objects.filter(code="safety-net").count() == 0
