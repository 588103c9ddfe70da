"""``POST /api/v1/submissions/upload/``: the same Excel intake as the browser upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import Role
from cooperatives.models import MonthlySubmission
from tests.cooperatives.test_excel_intake import ROW, download, fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(user_factory):
    return user_factory(Role.PROVINCIAL_OFFICER, province="15")


def post(api_client, data: bytes):
    return api_client.post(
        "/api/v1/submissions/upload/",
        {"file": SimpleUploadedFile("a.xlsx", data)},
        format="multipart",
    )


def test_the_api_upload_saves_or_answers_400_with_the_errors(
    api_client, client, officer, user_factory
):
    client.force_login(officer)
    template = download(client)
    api_client.force_authenticate(officer)
    bad = fill(template, {7: {**ROW, "D": "hai"}})
    response = post(api_client, bad)
    assert response.status_code == 400
    assert "Trang 'Báo cáo', dòng 7, cột D: phải là số nguyên không âm" in response.json()["errors"]
    good = fill(template, {7: ROW})
    response = post(api_client, good)
    assert response.status_code == 201
    assert response.json()["saved"][0]["month"] == 9
    assert MonthlySubmission.objects.get().province.code == "15"
    api_client.force_authenticate(user_factory(Role.STAFF))
    response = post(api_client, good)
    assert response.status_code == 403


def test_the_api_upload_refuses_anonymous_and_a_missing_file(api_client, officer):
    assert post(api_client, b"x").status_code == 401
    api_client.force_authenticate(officer)
    response = api_client.post("/api/v1/submissions/upload/", {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"][0]


@pytest.mark.parametrize("value", [2**31, 2**63, 1e308])
def test_a_figure_beyond_any_province_is_refused_cell_by_cell(api_client, client, officer, value):
    client.force_login(officer)
    api_client.force_authenticate(officer)
    response = post(api_client, fill(download(client), {7: {**ROW, "G": value}}))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(error.startswith("Trang 'Báo cáo', dòng 7, cột G:") for error in errors), errors
    assert MonthlySubmission.objects.count() == 0
