"""The cooperative register pages: list, filters, export, detail, create and edit, each limited
to what the user may see and keep."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from cooperatives.choices import CooperativeKind, CooperativeStatus, Sector
from cooperatives.models import Cooperative
from tests.factories.cooperatives import make_cooperative, province

pytestmark = pytest.mark.django_db

LIST = reverse("cooperatives:cooperative-list")


@pytest.fixture
def officer(user_factory):
    return user_factory(Role.PROVINCIAL_OFFICER, province="15")


@pytest.fixture
def staff(user_factory):
    return user_factory(Role.STAFF)


@pytest.fixture
def register(provinces):
    """Two of the officer's (a current Lào Cai one and a former Yên Bái one) and one of Hồ Chí
    Minh City."""
    return {
        "own": make_cooperative(
            province("15", 2026, 1), name="HTX Chè Lào Cai", registration_code="LC0001"
        ),
        "former": make_cooperative(province("15", 2021, 1), name="HTX Quế Yên Bái"),
        "theirs": make_cooperative(
            province("79", 2026, 1), name="HTX Vận tải Sài Gòn", registration_code="HCM0001"
        ),
    }


def body(response) -> bytes:
    """The whole body, streamed (the exports) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def text(response) -> str:
    return body(response).decode()


def export(client, fmt, params=None) -> list[list[str]]:
    response = client.get(reverse("cooperatives:cooperative-export", args=[fmt]), params or {})
    assert response.status_code == 200
    if fmt == "csv":
        return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(body(response))).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def form_data(**overrides) -> dict:
    data = {
        "name": "HTX Dịch vụ Nông nghiệp Bảo Thắng",
        "registration_code": "lc0099",
        "kind": CooperativeKind.COOPERATIVE,
        "sector": Sector.AGRICULTURAL,
        "sub_sector": "crops",
        "status": CooperativeStatus.ACTIVE,
        "established_on": "2025-09-01",
        "dissolved_on": "",
        "members": "12",
        "charter_capital": "500000000",
    }
    data.update(overrides)
    return data


# Access --------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, register):
    own = register["own"]
    for url in (
        LIST,
        reverse("cooperatives:cooperative-export", args=["csv"]),
        reverse("cooperatives:cooperative-detail", args=[own.pk]),
        reverse("cooperatives:cooperative-edit", args=[own.pk]),
        reverse("cooperatives:cooperative-create"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.INSPECTOR, Role.API_CLIENT])
def test_readers_cannot_create_or_edit(client, user_factory, register, role):
    client.force_login(user_factory(role))
    assert client.get(LIST).status_code == 200
    assert client.get(reverse("cooperatives:cooperative-create")).status_code == 403
    edit = reverse("cooperatives:cooperative-edit", args=[register["own"].pk])
    assert client.post(edit, form_data()).status_code == 403
    assert Cooperative.objects.filter(registration_code="LC0099").count() == 0


def test_an_officer_sees_only_their_provinces_rows(client, officer, register):
    client.force_login(officer)
    page = text(client.get(LIST))
    assert "HTX Chè Lào Cai" in page
    assert "HTX Quế Yên Bái" in page
    assert "Sài Gòn" not in page
    # Asking for the other province by filter gives nothing, in the list and the exports.
    other = {"province": province("79", 2026, 1).pk}
    assert "Sài Gòn" not in text(client.get(LIST, other))
    assert "Sài Gòn" not in text(client.get(LIST, {"q": "HCM0001"}))
    for fmt in ("csv", "xlsx"):
        rows = export(client, fmt)
        assert {row[0] for row in rows[1:]} == {"LC0001", register["former"].registration_code}
        assert len(export(client, fmt, other)) == 1  # the header only


def test_an_officer_cannot_open_or_change_another_provinces_entry(client, officer, register):
    theirs = register["theirs"]
    client.force_login(officer)
    assert (
        client.get(reverse("cooperatives:cooperative-detail", args=[theirs.pk])).status_code == 404
    )
    edit = reverse("cooperatives:cooperative-edit", args=[theirs.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, form_data(name="Đổi tên")).status_code == 404
    # Nor create one there: that province is not among the choices.
    ho_chi_minh = province("79", 2026, 1).pk
    response = client.post(
        reverse("cooperatives:cooperative-create"), form_data(province=ho_chi_minh)
    )
    assert response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.name == "HTX Vận tải Sài Gòn"
    assert not Cooperative.objects.filter(registration_code="LC0099").exists()


# Create and edit -----------------------------------------------------------------------------


def test_an_officer_adds_and_edits_their_provinces_entry(client, officer, provinces):
    client.force_login(officer)
    lao_cai = province("15", 2026, 1)
    form = text(client.get(reverse("cooperatives:cooperative-create")))
    agricultural = form[form.index('<optgroup label="Nông nghiệp">') :]
    assert agricultural.index('value="crops"') < agricultural.index("</optgroup>")
    response = client.post(
        reverse("cooperatives:cooperative-create"), form_data(province=lao_cai.pk)
    )
    assert response.status_code == 302
    created = Cooperative.objects.get(registration_code="LC0099")
    assert created.province == lao_cai
    edit = reverse("cooperatives:cooperative-edit", args=[created.pk])
    assert "HTX Dịch vụ Nông nghiệp Bảo Thắng" in text(client.get(edit))
    client.post(edit, form_data(province=lao_cai.pk, members="15"))
    created.refresh_from_db()
    assert created.members == 15


def test_bad_input_shows_vietnamese_errors_and_saves_nothing(client, staff, provinces):
    client.force_login(staff)
    lao_cai = province("15", 2026, 1).pk
    response = client.post(
        reverse("cooperatives:cooperative-create"),
        form_data(province=lao_cai, members="-3", dissolved_on="2025-01-01"),
    )
    assert response.status_code == 400
    assert "Số thành viên phải là số nguyên từ 0 đến 10.000.000." in text(response)
    response = client.post(
        reverse("cooperatives:cooperative-create"),
        form_data(province=lao_cai, status=CooperativeStatus.DISSOLVED, dissolved_on="2025-01-01"),
    )
    assert response.status_code == 400
    assert 'data-error-for="dissolved_on"' in text(response)
    assert Cooperative.objects.count() == 0


# Filters, pagination, export -----------------------------------------------------------------


def test_filters_and_search(client, staff, register):
    make_cooperative(
        province("79", 2026, 1),
        name="Quỹ tín dụng Phường 1",
        sector=Sector.NON_AGRICULTURAL,
        sub_sector="peoples_credit_fund",
        kind=CooperativeKind.COOPERATIVE_GROUP,
        status=CooperativeStatus.DISSOLVED,
        dissolved_on=datetime.date(2024, 5, 1),
    )
    client.force_login(staff)
    assert "HTX Vận tải Sài Gòn" in text(client.get(LIST, {"q": "hcm0001"}))
    assert "HTX Chè" not in text(client.get(LIST, {"q": "hcm0001"}))
    page = text(client.get(LIST, {"sector": Sector.NON_AGRICULTURAL}))
    assert "Quỹ tín dụng" in page
    assert "HTX Chè" not in page
    page = text(
        client.get(LIST, {"status": CooperativeStatus.DISSOLVED, "kind": "cooperative_group"})
    )
    assert "Quỹ tín dụng" in page
    assert "Sài Gòn" not in page
    rows = export(client, "csv", {"sector": Sector.NON_AGRICULTURAL})
    assert [row[1] for row in rows[1:]] == ["Quỹ tín dụng Phường 1"]


def test_the_list_is_paginated(client, staff, provinces):
    for number in range(30):
        make_cooperative("01", name=f"HTX số {number:02d}")
    client.force_login(staff)
    first = text(client.get(LIST))
    assert "HTX số 00" in first
    assert "HTX số 29" not in first
    assert "HTX số 29" in text(client.get(LIST, {"page": 2}))


def test_a_list_longer_than_the_count_cap_says_more_than_and_pages_through_the_cap(
    client, staff, provinces, monkeypatch
):
    from cooperatives.views import register

    monkeypatch.setattr(register, "COUNT_CAP", 10)
    monkeypatch.setattr(register, "PAGE_SIZE", 5)
    for number in range(12):
        make_cooperative("01", name=f"HTX số {number:02d}")
    saigon = province("79", 2026, 1)
    make_cooperative(saigon, name="HTX Sài Gòn 1")
    make_cooperative(saigon, name="HTX Sài Gòn 2")
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        first = text(client.get(LIST))
    assert "Hơn 10 HTX: hãy lọc để thu hẹp danh sách" in first
    assert "Trang 1 / 2 trang đầu" in first
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts
    assert all("LIMIT 11" in sql for sql in counts), counts  # never the whole table
    # In name order, "Sài Gòn" before "số": the second page ends the first ten.
    second = text(client.get(LIST, {"page": 2}))
    assert "HTX số 07" in second
    assert "HTX số 08" not in second
    beyond = text(client.get(LIST, {"page": 3}))  # the last page counted
    assert "HTX số 07" in beyond
    assert "HTX số 08" not in beyond
    # Filtered below the cap, the list counts exactly again.
    assert "2 HTX" in text(client.get(LIST, {"province": saigon.pk}))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_give_the_kind_status_tax_code_and_registering_authority(
    client, staff, provinces, fmt
):
    make_cooperative(
        "01",
        name="Liên hiệp HTX Thủ đô",
        kind=CooperativeKind.UNION_OF_COOPERATIVES,
        status=CooperativeStatus.SUSPENDED,
        tax_code="0101234567-001",
        registering_authority="Phòng Đăng ký kinh doanh, Sở Tài chính Hà Nội",
    )
    client.force_login(staff)
    header, row = export(client, fmt)
    entry = dict(zip(header, row, strict=True))
    assert entry["Loại hình"] == "Liên hiệp hợp tác xã"
    assert entry["Tình trạng"] == "Tạm ngừng hoạt động"
    assert entry["Mã số HTX (mã số thuế)"] == "0101234567-001"
    assert entry["Cơ quan đăng ký"] == "Phòng Đăng ký kinh doanh, Sở Tài chính Hà Nội"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_text_never_becomes_a_formula(client, staff, provinces, fmt):
    for number, name in enumerate(['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tTab"]):
        make_cooperative("01", name=name, registration_code=f"=X{number}")
    client.force_login(staff)
    rows = export(client, fmt)
    names = sorted(row[1] for row in rows[1:])
    assert all(name.startswith("'") for name in names), names
    assert all(row[0].startswith("'=") for row in rows[1:])
    if fmt == "xlsx":
        response = client.get(reverse("cooperatives:cooperative-export", args=["xlsx"]))
        sheet = load_workbook(io.BytesIO(body(response))).active
        assert {cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row[:2]} == {"s"}


# Query counts --------------------------------------------------------------------------------


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        assert response.status_code == 200
        body(response)  # a streamed export reads its rows while it is sent
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        reverse("cooperatives:cooperative-export", args=["csv"]),
        reverse("cooperatives:cooperative-export", args=["xlsx"]),
    ],
)
@pytest.mark.parametrize("role", [Role.STAFF, Role.PROVINCIAL_OFFICER])
def test_list_and_exports_use_the_same_number_of_queries_for_3_and_30_rows(
    client, user_factory, provinces, django_assert_num_queries, url, role
):
    client.force_login(
        user_factory(role, province="15" if role == Role.PROVINCIAL_OFFICER else None)
    )
    codes = ["15", "10"]
    for number in range(3):
        make_cooperative(province(codes[number % 2], 2021, 1))
    expected = _count(client, url)
    for number in range(27):
        make_cooperative(province(codes[number % 2], 2021, 1))
    with django_assert_num_queries(expected):
        response = client.get(url)
        body(response)
    if url == LIST:
        assert text(response).count("/cooperatives/register/") >= 25


def test_a_too_large_excel_export_is_refused_with_a_hint(client, staff, register, monkeypatch):
    monkeypatch.setattr("cooperatives.views.register.XLSX_EXPORT_MAX_ROWS", 2)
    client.force_login(staff)
    url = reverse("cooperatives:cooperative-export", args=["xlsx"])
    response = client.get(url, {"sector": Sector.AGRICULTURAL}, follow=True)
    assert response.redirect_chain[0][0] == f"{LIST}?sector=agricultural"
    assert "xuất CSV" in text(response)
    assert client.get(url, {"q": "LC0001"}).status_code == 200
    assert len(export(client, "csv")) == 4  # CSV has no such limit


def test_a_nine_digit_tax_code_is_refused_in_vietnamese_and_nothing_saved(client, staff, provinces):
    client.force_login(staff)
    lao_cai = province("15", 2026, 1).pk
    response = client.post(
        reverse("cooperatives:cooperative-create"),
        form_data(province=lao_cai, tax_code="520012345"),
    )
    assert response.status_code == 400
    assert "Mã số HTX (mã số thuế) gồm 10 chữ số" in text(response)
    assert 'data-error-for="tax_code"' in text(response)
    assert Cooperative.objects.count() == 0
    response = client.post(
        reverse("cooperatives:cooperative-create"),
        form_data(province=lao_cai, tax_code="5200123456001", registering_authority="Sở Tài chính"),
    )
    assert response.status_code == 302
    created = Cooperative.objects.get()
    assert created.tax_code == "5200123456-001"
    page = text(client.get(reverse("cooperatives:cooperative-detail", args=[created.pk])))
    assert 'data-testid="tax-code">5200123456-001<' in page


# Members by type -------------------------------------------------------------------------------


def members_url(cooperative) -> str:
    return reverse("cooperatives:cooperative-members", args=[cooperative.pk])


def page_of(cooperative) -> str:
    return reverse("cooperatives:cooperative-detail", args=[cooperative.pk])


def test_an_officer_records_the_members_on_the_entrys_page(client, officer, register):
    own = register["own"]
    client.force_login(officer)
    assert 'data-testid="member-form"' in text(client.get(page_of(own)))
    data = {"on": "2025-01-01", "official": "25", "associate": "4", "legal_persons": "2"}
    response = client.post(members_url(own), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.members == 29  # the latest count's total is the register's
    page = text(client.get(page_of(own)))
    assert "Đã lưu số thành viên." in page
    assert 'data-testid="member-counts"' in page
    assert "01/01/2025" in page


def test_bad_member_counts_are_refused_in_vietnamese_and_nothing_is_saved(
    client, officer, register
):
    own = register["own"]
    client.force_login(officer)
    cases = [
        ({"official": "2", "associate": "1", "legal_persons": "5"}, "Số thành viên là pháp nhân"),
        ({"on": "2099-01-01"}, "Ngày không được ở tương lai."),
        ({"on": "2019-12-31"}, "Ngày này trước ngày thành lập HTX."),
        ({"official": "hai"}, "Nhập số nguyên từ 0 trở lên."),
        ({"official": "-1"}, "Thành viên chính thức phải là số nguyên từ 0 đến 10.000.000."),
    ]
    for overrides, message in cases:
        data = {"on": "2025-01-01", "official": "25", "associate": "0", "legal_persons": "0"}
        response = client.post(members_url(own), {**data, **overrides})
        assert response.status_code == 400, overrides
        assert message in text(response), overrides
    assert not own.member_counts.exists()
    own.refresh_from_db()
    assert own.members == 0


def test_only_who_keeps_the_entry_may_record_its_members(client, user_factory, register):
    own, theirs = register["own"], register["theirs"]
    data = {"on": "2025-01-01", "official": "25", "associate": "0", "legal_persons": "0"}
    client.force_login(user_factory(Role.LEADERSHIP))
    assert 'data-testid="member-form"' not in text(client.get(page_of(own)))
    assert client.post(members_url(own), data).status_code == 403
    client.force_login(user_factory(Role.PROVINCIAL_OFFICER, province="79"))
    assert client.post(members_url(own), data).status_code == 404  # not their province's
    client.force_login(user_factory(Role.STAFF))
    assert client.post(members_url(theirs), data).status_code == 302
    assert [c.cooperative for c in theirs.member_counts.all()] == [theirs]
    assert not own.member_counts.exists()
