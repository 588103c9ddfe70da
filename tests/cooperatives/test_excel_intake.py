"""The Excel intake: the template a province downloads, the round trip through the upload, and
every kind of bad file refused with a clear message and nothing saved."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from cooperatives.choices import SubmissionStatus
from cooperatives.excel import SHEET
from cooperatives.models import MonthlySubmission
from tests.factories.cooperatives import make_submission, province

pytestmark = pytest.mark.django_db

ROW = {"C": 3, "D": 1, "E": 1, "F": 0, "G": 103}  # established, dissolved, active


@pytest.fixture
def officer(user_factory):
    return user_factory(Role.PROVINCIAL_OFFICER, province="15")


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def download(client, code="15", start="2026-09", end="2026-10", year=2026, month=10) -> bytes:
    response = client.get(
        reverse("cooperatives:template"),
        {"province": province(code, year, month).pk, "start": start, "end": end},
    )
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return b"".join(response.streaming_content) if response.streaming else response.content


def fill(template: bytes, rows: dict[int, dict]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[SHEET]
    for row, values in rows.items():
        for column, value in values.items():
            sheet[f"{column}{row}"] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name="bao-cao.xlsx"):
    return client.post(reverse("cooperatives:upload"), {"file": SimpleUploadedFile(name, data)})


def errors(response) -> str:
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chưa lưu số liệu nào" in page
    return page


# The template --------------------------------------------------------------------------------


def test_the_template_has_locked_vietnamese_headers_and_number_validation(signed_in):
    make_submission(province("15", 2026, 9), 2026, 9, active_total=100)
    workbook = load_workbook(io.BytesIO(download(signed_in)))
    sheet = workbook[SHEET]
    assert sheet["C3"].value == "15"
    assert [c.value for c in sheet[6]][:3] == ["Năm", "Tháng", "Thành lập mới - nông nghiệp"]
    assert sheet.protection.sheet is True
    assert sheet["C6"].protection.locked is True  # a header
    assert sheet["A7"].protection.locked is True  # the year
    assert sheet["C7"].protection.locked is False  # a figure
    assert [(sheet[f"A{r}"].value, sheet[f"B{r}"].value) for r in (7, 8)] == [(2026, 9), (2026, 10)]
    assert (sheet["G7"].value, sheet["L7"].value) == (100, 1)  # on file, with its version
    assert sheet["G8"].value is None
    validations = sheet.data_validations.dataValidation
    whole = [v for v in validations if v.type == "whole"]
    assert whole
    assert whole[0].operator == "greaterThanOrEqual"
    assert whole[0].formula1 == "0"
    assert "C7" in whole[0].sqref


def test_the_template_of_another_province_is_refused(signed_in):
    response = signed_in.get(
        reverse("cooperatives:template"),
        {"province": province("79", 2026, 10).pk, "start": "2026-01", "end": "2026-10"},
    )
    assert response.status_code == 302
    assert not response["Content-Type"].startswith("application/vnd")


def test_a_template_for_a_former_province_has_only_its_months(signed_in):
    template = download(signed_in, code="10", start="2025-01", end="2025-12", year=2025, month=1)
    sheet = load_workbook(io.BytesIO(template))[SHEET]
    months = [sheet[f"B{r}"].value for r in range(7, 20) if sheet[f"B{r}"].value]
    assert months == [1, 2, 3, 4, 5, 6]  # Lào Cai (10) was merged on 1 July 2025


# The round trip ------------------------------------------------------------------------------


def test_download_fill_upload_saves_the_figures(signed_in, officer):
    data = fill(download(signed_in), {7: {**ROW, "G": 100}, 8: {**ROW, "K": "ghi chú"}})
    response = upload(signed_in, data)
    assert response.status_code == 302
    saved = {s.month: s for s in MonthlySubmission.objects.all()}
    assert set(saved) == {9, 10}
    assert saved[9].active_total == 100
    assert saved[10].established_agricultural == 3
    assert saved[10].explanation == "ghi chú"
    assert saved[10].status == SubmissionStatus.DRAFT
    assert saved[10].created_by == officer
    # The file downloaded again has the figures and the versions; sent back unchanged, it saves
    # nothing new.
    again = download(signed_in)
    assert load_workbook(io.BytesIO(again))[SHEET]["G8"].value == 103
    assert upload(signed_in, again).status_code == 302
    assert MonthlySubmission.objects.get(month=10).version == 1


def test_an_upload_edits_a_draft_from_its_version_and_refuses_a_stale_one(signed_in, officer):
    draft = make_submission(province("15", 2026, 10), 2026, 10, active_total=100)
    template = download(signed_in, start="2026-10", end="2026-10")
    assert upload(signed_in, fill(template, {7: {"G": 101}})).status_code == 302
    draft.refresh_from_db()
    assert (draft.active_total, draft.version) == (101, 2)
    page = errors(upload(signed_in, fill(template, {7: {"G": 105}})))  # version 1 again
    assert "Trang &#x27;Báo cáo&#x27;, dòng 7" in page
    draft.refresh_from_db()
    assert draft.active_total == 101


def test_an_approved_month_cannot_be_changed_by_upload(signed_in):
    make_submission(province("15", 2026, 10), 2026, 10, status=SubmissionStatus.APPROVED)
    template = download(signed_in, start="2026-10", end="2026-10")
    page = errors(upload(signed_in, fill(template, {7: {"G": 999}})))
    assert "dòng 7" in page
    assert MonthlySubmission.objects.get().active_total == 100


# The active total by kind ----------------------------------------------------------------------


def kinds_template(client) -> bytes:
    # Yên Bái (15 until the merger) in the month before and the month of the 2023 Law.
    return download(client, start="2024-06", end="2024-07", year=2024, month=6)


def test_the_template_asks_for_unions_and_from_july_2024_for_groups(signed_in):
    make_submission(province("15", 2024, 7), 2024, 7, active_total=100, active_unions=4)
    sheet = load_workbook(io.BytesIO(kinds_template(signed_in)))[SHEET]
    assert [c.value for c in sheet[6]][6:9] == [
        "Đang hoạt động cuối tháng",
        "Trong đó: liên hiệp HTX",
        "Tổ hợp tác đang hoạt động (từ 07/2024)",
    ]
    assert sheet["H7"].protection.locked is False  # unions in 06/2024
    assert sheet["I7"].protection.locked is True  # no groups before the 2023 Law
    assert sheet["I8"].protection.locked is False
    assert (sheet["G8"].value, sheet["H8"].value, sheet["I8"].value) == (100, 4, None)


def test_an_upload_saves_the_unions_and_groups(signed_in):
    data = fill(kinds_template(signed_in), {7: {**ROW, "H": 3}, 8: {**ROW, "H": 5, "I": 12}})
    assert upload(signed_in, data).status_code == 302
    saved = {s.month: (s.active_unions, s.active_groups) for s in MonthlySubmission.objects.all()}
    assert saved == {6: (3, None), 7: (5, 12)}


def test_bad_kinds_are_refused_by_cell_in_vietnamese_and_nothing_is_saved(signed_in):
    data = fill(
        kinds_template(signed_in),
        {7: {**ROW, "H": 200, "I": 4}, 8: {**ROW, "H": "hai", "I": -1}},
    )
    page = errors(upload(signed_in, data))
    assert "dòng 8, cột H: phải là số nguyên không âm" in page
    assert "dòng 8, cột I: phải là số nguyên không âm" in page
    data = fill(kinds_template(signed_in), {7: {**ROW, "H": 200, "I": 4}, 8: ROW})
    page = errors(upload(signed_in, data))
    assert "dòng 7, cột H: Số liên hiệp HTX (200) là một phần của số HTX đang hoạt động" in page
    data = fill(kinds_template(signed_in), {7: {**ROW, "I": 4}, 8: ROW})
    assert "dòng 7, cột I: Tổ hợp tác được báo cáo từ tháng 07/2024" in errors(
        upload(signed_in, data)
    )
    assert MonthlySubmission.objects.count() == 0


def test_a_template_from_before_the_kinds_is_still_accepted(signed_in):
    draft = make_submission(
        province("15", 2026, 10), 2026, 10, active_total=100, active_unions=4, active_groups=9
    )
    workbook = load_workbook(io.BytesIO(download(signed_in, start="2026-10", end="2026-10")))
    workbook[SHEET].delete_cols(8, 2)  # the columns of the template before the kinds
    workbook[SHEET]["G7"] = 101
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(signed_in, buffer.getvalue()).status_code == 302
    draft.refresh_from_db()
    assert (draft.active_total, draft.active_unions, draft.active_groups) == (101, 4, 9)
    # Its errors name its own columns: the explanation is column I there.
    workbook[SHEET]["I7"] = "x" * 2001
    workbook.save(buffer := io.BytesIO())
    assert "dòng 7, cột I: tối đa" in errors(upload(signed_in, buffer.getvalue()))


# Bad cells -----------------------------------------------------------------------------------


def test_text_and_negative_numbers_are_reported_by_sheet_row_and_column(signed_in):
    data = fill(download(signed_in), {7: {**ROW, "D": "hai"}, 8: {**ROW, "E": -1, "G": 2.5}})
    page = errors(upload(signed_in, data))
    assert "Trang &#x27;Báo cáo&#x27;, dòng 7, cột D: phải là số nguyên không âm" in page
    assert "dòng 8, cột E: phải là số nguyên không âm" in page
    assert "dòng 8, cột G: phải là số nguyên không âm" in page
    assert MonthlySubmission.objects.count() == 0


def test_one_bad_row_saves_nothing_of_the_others(signed_in):
    # Row 8 passes the cell checks but breaks a rule of the service: a nil report with movements.
    data = fill(download(signed_in), {7: ROW, 8: {**ROW, "J": "x"}})
    page = errors(upload(signed_in, data))
    assert "dòng 8, cột J" in page
    assert MonthlySubmission.objects.count() == 0


def test_wrong_columns_are_refused(signed_in):
    data = fill(download(signed_in), {6: {"D": "Số HTX"}, 7: ROW})
    page = errors(upload(signed_in, data))
    assert "dòng 6, cột D" in page
    assert "Thành lập mới - phi nông nghiệp" in page
    data = fill(download(signed_in), {6: {"M": "Thêm cột"}, 7: ROW})
    assert "dòng 6, cột M" in errors(upload(signed_in, data))
    assert MonthlySubmission.objects.count() == 0


def test_another_provinces_code_is_refused(signed_in):
    data = fill(download(signed_in), {3: {"C": "79"}, 7: ROW})
    page = errors(upload(signed_in, data))
    assert "tỉnh của mình" in page
    assert MonthlySubmission.objects.count() == 0


# Bad files -----------------------------------------------------------------------------------


def _rezip(template: bytes, replace: dict[str, bytes] | None = None, add=None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(template))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = (replace or {}).get(item.filename, source.read(item.filename))
            target.writestr(item.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_parsing(signed_in):
    bomb = _rezip(
        fill(download(signed_in), {7: ROW}), add={"xl/media/pad.bin.txt": b"0" * 40_000_000}
    )
    assert len(bomb) < 1_000_000  # small on disk, 40 MB once uncompressed
    page = errors(upload(signed_in, bomb))
    assert "quá lớn sau khi giải nén" in page
    assert MonthlySubmission.objects.count() == 0


def test_a_zip_with_too_many_members_is_refused(signed_in):
    many = _rezip(download(signed_in), add={f"xl/extra/{i}.xml": b"<a/>" for i in range(300)})
    assert "quá nhiều thành phần" in errors(upload(signed_in, many))


def test_a_macro_workbook_is_refused(signed_in):
    data = fill(download(signed_in), {7: ROW})
    assert "không chứa macro" in errors(upload(signed_in, data, name="bao-cao.xlsm"))
    with_macros = _rezip(data, add={"xl/vbaProject.bin": b"\x00" * 100})
    assert "không chứa macro" in errors(upload(signed_in, with_macros))
    source = zipfile.ZipFile(io.BytesIO(data))
    types = source.read("[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    assert "không chứa macro" in errors(
        upload(signed_in, _rezip(data, {"[Content_Types].xml": types}))
    )
    assert MonthlySubmission.objects.count() == 0


def test_a_renamed_binary_is_refused(signed_in):
    page = errors(upload(signed_in, b"MZ\x90\x00" + bytes(range(256)) * 20))
    assert "không phải là bảng tính Excel" in page
    not_a_workbook = io.BytesIO()
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "không phải là bảng tính Excel" in errors(upload(signed_in, not_a_workbook.getvalue()))


def test_an_xml_entity_bomb_is_refused(signed_in):
    data = fill(download(signed_in), {7: ROW})
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    bomb = _rezip(data, {"xl/worksheets/sheet1.xml": laughs + body})
    assert "XML không được chấp nhận" in errors(upload(signed_in, bomb))
    # Nor behind another file name, nor in UTF-16, where a byte scan would not see it.
    hidden = _rezip(data, add={"xl/custom/part.dat": laughs + b"<a>&lol2;</a>"})
    assert "XML không được chấp nhận" in errors(upload(signed_in, hidden))
    utf16 = _rezip(data, {"xl/worksheets/sheet1.xml": (laughs + body).decode().encode("utf-16")})
    assert "XML không được chấp nhận" in errors(upload(signed_in, utf16))
    assert MonthlySubmission.objects.count() == 0


@override_settings(EXCEL_UPLOAD_MAX_BYTES=2_000)
def test_a_file_over_the_size_limit_is_refused(signed_in):
    page = errors(upload(signed_in, fill(download(signed_in), {7: ROW})))
    assert "Tệp lớn hơn" in page
    assert MonthlySubmission.objects.count() == 0


def test_an_empty_file_is_refused(signed_in):
    assert "không có dòng số liệu" in errors(upload(signed_in, download(signed_in)))


# Access and the API --------------------------------------------------------------------------


def test_only_officers_upload(client, user_factory, provinces):
    response = client.post(reverse("cooperatives:upload"))
    assert response.status_code == 302
    client.force_login(user_factory(Role.STAFF))
    assert client.get(reverse("cooperatives:upload")).status_code == 403
    assert client.get(reverse("cooperatives:template")).status_code == 403
