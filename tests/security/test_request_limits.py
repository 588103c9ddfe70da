"""Django's request limits (fields, files, size) answer 400 or 413 with a Vietnamese message,
as JSON on the API and as a page in the browser, never a 500, and nothing is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.choices import Role
from cooperatives.models import Cooperative, MonthlySubmission
from tests.factories.accounts import make_user

pytestmark = pytest.mark.django_db

MANY_FIELDS = {f"f{i}": "1" for i in range(10_000)}
TOO_MANY_FIELDS = "Yêu cầu gửi quá 1000 trường; hãy gửi ít hơn."


@pytest.fixture
def officer(provinces):
    return make_user(Role.PROVINCIAL_OFFICER, province="15")


@pytest.fixture
def browser(officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    return client


@pytest.fixture
def api(officer):
    client = APIClient(raise_request_exception=False)
    _, token = AuthToken.objects.create(user=officer)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.mark.parametrize(
    "path", ["/cooperatives/submissions/upload/", "/cooperatives/register/new/", "/accounts/login/"]
)
@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
def test_a_form_with_10000_fields_is_a_400_page_that_says_why(browser, path, multipart):
    data = {**MANY_FIELDS, "file": SimpleUploadedFile("a.xlsx", b"PK")} if multipart else None
    if multipart:
        response = browser.post(path, data)
    else:
        body = "&".join(f"{name}=1" for name in MANY_FIELDS)
        response = browser.post(path, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert TOO_MANY_FIELDS in response.content.decode()
    assert Cooperative.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/api/v1/submissions/upload/", "/api/v1/submissions/", "/api/v1/auth/token/"]
)
def test_an_api_request_with_10000_fields_is_a_400_in_json(api, path):
    response = api.post(path, {**MANY_FIELDS, "file": SimpleUploadedFile("a.xlsx", b"PK")})
    assert response.status_code == 400
    assert response.json() == {"detail": TOO_MANY_FIELDS}
    body = "&".join(f"{name}=1" for name in MANY_FIELDS)
    response = APIClient(raise_request_exception=False).post(
        "/api/v1/auth/token/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": TOO_MANY_FIELDS}
    assert MonthlySubmission.objects.count() == 0


def test_too_many_files_is_a_400(api):
    files = {f"file{i}": SimpleUploadedFile(f"{i}.xlsx", b"PK") for i in range(25)}
    response = api.post("/api/v1/submissions/upload/", files)
    assert response.status_code == 400
    assert response.json() == {"detail": "Yêu cầu gửi quá 20 tệp; hãy gửi ít hơn."}


def test_form_fields_over_the_memory_limit_are_a_413(browser):
    body = "note=" + "x" * (6 * 1024 * 1024)
    response = browser.post(
        "/cooperatives/register/new/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "lớn hơn 5,0\xa0MB" in response.content.decode()


@override_settings(REQUEST_MAX_BYTES=64 * 1024)
def test_a_body_over_the_request_limit_is_refused_unread_with_413(browser, api):
    big = SimpleUploadedFile("a.xlsx", b"PK" + b"x" * (100 * 1024))
    response = browser.post("/cooperatives/submissions/upload/", {"file": big})
    assert response.status_code == 413
    assert "Yêu cầu lớn hơn 64,0\xa0KB" in response.content.decode()
    big.seek(0)
    response = api.post("/api/v1/submissions/upload/", {"file": big})
    assert response.status_code == 413
    assert response.json()["detail"].startswith("Yêu cầu lớn hơn 64,0\xa0KB")
    assert MonthlySubmission.objects.count() == 0
