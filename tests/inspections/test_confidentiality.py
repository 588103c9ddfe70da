"""Complainants' personal details reach inspectors and administrators only: in every page,
API response and export."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.choices import Role
from inspections.choices import ComplainantKind
from tests.factories.inspections import make_complaint

pytestmark = pytest.mark.django_db

SECRETS = ["Nguyễn Văn Bí Mật", "0912 345 678", "Số 7 đường Kín", "bimat@example.vn"]
PERSON = "Trần Thị Đơn"


@pytest.fixture
def cases(provinces):
    return [
        make_complaint(),
        make_complaint(
            complainant_kind=ComplainantKind.PERSON,
            complainant_name=PERSON,
            subject="Tố cáo của một thành viên",
        ),
    ]


def _pages(cases):
    pk = cases[0].pk
    return {
        "list": reverse("inspections:complaint-list"),
        "detail": reverse("inspections:complaint-detail", args=[pk]),
        "person-detail": reverse("inspections:complaint-detail", args=[cases[1].pk]),
        "deadlines": reverse("inspections:deadlines"),
        "search": reverse("inspections:complaint-list") + "?q=Nguy",
    }


def _api(cases):
    return {
        "list": "/api/v1/complaints/",
        "detail": f"/api/v1/complaints/{cases[0].pk}/",
        "person-detail": f"/api/v1/complaints/{cases[1].pk}/",
    }


def _exports():
    return {fmt: reverse("inspections:complaint-export", args=[fmt]) for fmt in ("csv", "xlsx")}


def _export_text(response) -> str:
    if response["Content-Type"].startswith("text/csv"):
        return response.content.decode("utf-8-sig")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return "\n".join(
        " ".join(str(v) for v in row if v is not None)
        for row in workbook.active.iter_rows(values_only=True)
    )


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADERSHIP])
def test_other_roles_see_the_case_but_not_the_complainants_details(
    role, cases, user_factory, client, api_client
):
    user = user_factory(role)
    client.force_login(user)
    api_client.force_authenticate(user)
    for name, url in _pages(cases).items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = response.content.decode()
        for secret in [*SECRETS, PERSON]:
            assert secret not in text, (name, secret)
    assert "HTX Hợp Tiến" in client.get(_pages(cases)["detail"]).content.decode()
    for name, url in _api(cases).items():
        response = api_client.get(url)
        assert response.status_code == 200, name
        for secret in [*SECRETS, PERSON]:
            assert secret not in response.content.decode(), (name, secret)
    body = api_client.get(_api(cases)["detail"]).json()
    assert body["complainant"]["contact"] is None
    assert body["complainant"]["name"] == "HTX Hợp Tiến"
    assert body["subject"] == cases[0].subject
    for fmt, url in _exports().items():
        response = client.get(url)
        assert response.status_code == 200, fmt
        text = _export_text(response)
        assert cases[0].subject in text
        for secret in [*SECRETS, PERSON]:
            assert secret not in text, (fmt, secret)


def test_searching_by_a_persons_name_finds_nothing_for_other_roles(cases, user_factory, api_client):
    api_client.force_authenticate(user_factory(Role.STAFF))
    assert api_client.get("/api/v1/complaints/", {"q": "Trần Thị"}).json()["count"] == 0
    api_client.force_authenticate(user_factory(Role.INSPECTOR))
    assert api_client.get("/api/v1/complaints/", {"q": "Trần Thị"}).json()["count"] == 1


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.ADMINISTRATOR])
def test_inspectors_and_administrators_see_the_details(
    role, cases, user_factory, client, api_client
):
    user = user_factory(role)
    client.force_login(user)
    api_client.force_authenticate(user)
    detail = client.get(_pages(cases)["detail"]).content.decode()
    for secret in SECRETS:
        assert secret in detail
    assert PERSON in client.get(_pages(cases)["person-detail"]).content.decode()
    body = api_client.get(_api(cases)["detail"]).json()
    assert body["complainant"]["contact"]["contact_phone"] == "0912 345 678"
    assert PERSON in api_client.get(_api(cases)["list"]).content.decode()
    for fmt, url in _exports().items():
        text = _export_text(client.get(url))
        for secret in [*SECRETS, PERSON]:
            assert secret in text, (fmt, secret)


def test_the_csv_header_has_no_contact_columns_for_other_roles(cases, user_factory, client):
    client.force_login(user_factory(Role.LEADERSHIP))
    response = client.get(_exports()["csv"])
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "Điện thoại" not in header
    assert "Người gửi đơn" in header


def test_the_complaint_form_has_no_contact_fields_for_those_who_may_not_see_them(
    provinces, user_factory
):
    from inspections.forms import ComplaintForm

    assert "contact_phone" in ComplaintForm(user=user_factory(Role.INSPECTOR)).fields
    assert "contact_phone" not in ComplaintForm(user=user_factory(Role.STAFF)).fields
