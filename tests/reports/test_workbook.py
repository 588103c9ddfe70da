"""The Excel workbook: sheets, formats, charts, and user text that is never a formula."""

import io
import zipfile

import openpyxl
import pytest

from reports.workbook import build_workbook
from tests.reports.samples import november_2021

pytestmark = pytest.mark.django_db  # status labels come from the translation catalogue

SHEETS = ["Tổng hợp", "Theo tỉnh", "Theo lĩnh vực", "Nhiệm vụ", "Kiểm tra", "Khiếu nại"]


def _open(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_sheets_have_vietnamese_headers_frozen_rows_and_number_formats():
    book = _open(build_workbook(november_2021()))
    assert book.sheetnames == SHEETS
    summary = book["Tổng hợp"]
    assert summary["A1"].value == "Báo cáo thống kê tháng 11/2021"
    assert summary.freeze_panes == "A4"
    assert [summary.cell(row=r, column=2).value for r in (4, 7, 10)] == [189, 30, 26661]
    assert summary.cell(row=10, column=2).number_format == "#,##0"
    provinces = book["Theo tỉnh"]
    assert provinces["A3"].value == "Mã"
    assert provinces["B3"].value == "Tỉnh, thành phố"
    assert provinces.freeze_panes == "C4"
    assert provinces["B4"].value == "Thành phố Hà Nội"
    assert provinces["J4"].value == "Đã duyệt"
    assert provinces["K5"].value == "Có"  # Đắk Nông reported late
    assert provinces.column_dimensions["B"].width > 15


def test_the_sector_sheet_has_native_line_and_bar_charts():
    book = _open(build_workbook(november_2021()))
    content = zipfile.ZipFile(io.BytesIO(build_workbook(november_2021())))
    charts = [n for n in content.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    xml = b"".join(content.read(n) for n in charts)
    assert b"<lineChart>" in xml
    assert b"<barChart>" in xml
    sectors = book["Theo lĩnh vực"]
    assert [sectors.cell(row=6, column=c).value for c in (1, 2, 3)] == ["Tổng số", 189, 30]


def test_formula_like_text_from_users_is_stored_as_text():
    snapshot = november_2021()
    dangerous = [
        '=HYPERLINK("http://evil.example","click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
    ]
    snapshot["tasks"]["overdue"] = [
        {"title": text, "lead_unit": "Ban Kiểm tra", "due_date": "2021-11-30", "status": "x"}
        for text in dangerous
    ]
    snapshot["statistics"]["provinces"][0]["name"] = "=1+2\x00"
    content = build_workbook(snapshot)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)
    book = _open(content)
    titles = [c.value for c in book["Nhiệm vụ"]["A"] if c.value in dangerous]
    assert titles == dangerous
    cells = [c for c in book["Nhiệm vụ"]["A"] if c.value in dangerous]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert book["Theo tỉnh"]["B4"].value == "=1+2"
    assert book["Theo tỉnh"]["B4"].data_type == "s"


def test_missing_sections_say_not_available():
    book = _open(build_workbook(november_2021()))
    assert book["Kiểm tra"]["A3"].value.startswith("Chưa có dữ liệu")
    assert book["Khiếu nại"]["A3"].value.startswith("Chưa có dữ liệu")
