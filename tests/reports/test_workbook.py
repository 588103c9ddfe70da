"""The Excel workbook: sheets, formats, charts, and user text that is never a formula."""

import datetime
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


def _every_section() -> dict:
    """The November 2021 snapshot with the inspection committee's sections filled in."""
    snapshot = november_2021()
    snapshot["inspections"] = {
        "available": True,
        "inspections": {"by_status": {"planned": 1, "in_progress": 2, "concluded": 0}, "total": 3},
        "complaints": {"open": 4, "overdue": 1, "received": 2, "resolved": 1},
    }
    snapshot["complaints"] = {
        "available": True,
        "open_count": 4,
        "overdue_count": 1,
        "items": [
            {
                "id": 7,
                "subject": "Đơn về việc chia lãi",
                "handling_unit": "Ban Kiểm tra",
                "received_on": "2021-10-04",
                "deadline": "2021-11-03",
                "is_overdue": True,
                "status": "Đã thụ lý",
            }
        ],
    }
    return snapshot


def test_every_sheet_keeps_its_header_style_frozen_rows_and_fitted_columns():
    book = _open(build_workbook(_every_section()))
    frozen = {
        "Tổng hợp": "A4",
        "Theo tỉnh": "C4",
        "Theo lĩnh vực": "A4",
        "Nhiệm vụ": "A4",
        "Kiểm tra": "A4",
        "Khiếu nại": "A4",
    }
    for title, top_left in frozen.items():
        sheet = book[title]
        assert sheet.freeze_panes == top_left, title
        assert (sheet["A1"].font.b, sheet["A1"].font.sz) == (True, 14), title
        header = sheet["A3"]
        assert (header.font.b, header.font.color.rgb, header.fill.fgColor.rgb) == (
            True,
            "00FFFFFF",
            "001F5C99",
        ), title
        assert header.alignment.wrap_text, title
    assert book["Theo tỉnh"].auto_filter.ref == "A3:L5"  # the last column: carried from
    assert book["Khiếu nại"].column_dimensions["B"].width == len("Đơn về việc chia lãi") + 2
    assert book["Tổng hợp"].column_dimensions["B"].width == 60


def test_figures_carry_number_formats_and_dates_are_dates():
    book = _open(build_workbook(_every_section()))
    provinces = book["Theo tỉnh"]
    assert [provinces.cell(row=4, column=c).number_format for c in range(3, 10)] == ["#,##0"] * 7
    assert provinces["I4"].value == 2000
    summary = book["Tổng hợp"]
    assert summary["B12"].value == 115.5  # percent of the plan
    assert summary["B12"].number_format == '0.0"%"'
    complaints = book["Khiếu nại"]
    assert complaints["D4"].value == datetime.datetime(2021, 10, 4)
    assert complaints["E4"].number_format == "dd/mm/yyyy"
    assert complaints["F4"].value == "Quá hạn"
    inspections = book["Kiểm tra"]
    assert [inspections.cell(row=r, column=2).value for r in range(4, 12)] == [
        1,
        2,
        0,
        3,
        2,
        1,
        4,
        1,
    ]


def test_the_narrative_spans_the_summary_in_a_tall_wrapped_row():
    snapshot = november_2021()
    snapshot["narrative"] = "Trong tháng 11/2021, cả nước thành lập mới 189 HTX."
    sheet = _open(build_workbook(snapshot))["Tổng hợp"]
    row = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "Nhận định"
    )
    narrative = sheet.cell(row=row + 1, column=1)
    assert narrative.value == snapshot["narrative"]
    assert narrative.alignment.wrap_text
    assert narrative.alignment.vertical == "top"
    assert f"A{row + 1}:B{row + 1}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.row_dimensions[row + 1].height == 150


def test_the_charts_draw_the_trend_table():
    content = zipfile.ZipFile(io.BytesIO(build_workbook(november_2021())))
    line, bar = (content.read(f"xl/charts/chart{n}.xml").decode() for n in (1, 2))
    # The trend table: a header row (row 9), then one row per month (10 and 11).
    assert "<f>'Theo lĩnh vực'!B9</f>" in line  # the series' name: the column's header
    assert "'Theo lĩnh vực'!$B$10:$B$11" in line
    assert "'Theo lĩnh vực'!$A$10:$A$11" in line
    assert "'Theo lĩnh vực'!$C$10:$C$11" in bar
    assert "'Theo lĩnh vực'!$D$10:$D$11" in bar
    assert "Số HTX đang hoạt động" in line
    assert "HTX thành lập mới và giải thể" in bar
    drawing = content.read("xl/drawings/drawing1.xml").decode()
    assert drawing.count("<graphicFrame>") == 2
    # Beside the tables, at F3 and F21 (zero-based column 5, rows 2 and 20).
    assert "<from><col>5</col><colOff>0</colOff><row>2</row>" in drawing
    assert "<from><col>5</col><colOff>0</colOff><row>20</row>" in drawing
