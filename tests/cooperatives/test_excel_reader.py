"""Reading an uploaded workbook: the values are read straight from the sheet's XML, and they are
the values openpyxl's read-only, values-only mode gives, for the ways Excel, LibreOffice and
openpyxl write cells (shared and inline strings, rich text, formulas with their last result,
dates by number format, rows and cells without references)."""

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from cooperatives.excel import COLUMNS, SHEET, _sheet_values, inspect_workbook, read_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELS}/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="{RELS}/styles" Target="styles.xml"/>
<Relationship Id="rId4" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
# Styles: 0 general, 1 a built-in date, 2 a custom date, 3 a duration.
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="46" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def strings(*items: str) -> str:
    return f'<sst xmlns="{MAIN}" count="{len(items)}">{"".join(items)}</sst>'


def sheet(rows: str) -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'


def workbook(report: str, shared: str, *, date1904: bool = False, other: str = "") -> bytes:
    """An .xlsx as Excel lays it out: the report sheet second, after another one."""
    properties = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    book = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">{properties}<sheets>'
        f'<sheet name="Ghi chú" sheetId="1" r:id="rId1"/>'
        f'<sheet name="{SHEET}" sheetId="2" r:id="rId2"/></sheets></workbook>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/sharedStrings.xml", shared)
        archive.writestr("xl/worksheets/sheet1.xml", other or sheet(""))
        archive.writestr("xl/worksheets/sheet2.xml", report)
    return buffer.getvalue()


def openpyxl_values(data: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return list(book[SHEET].iter_rows(min_row=1, max_col=len(COLUMNS) + 1, values_only=True))
    finally:
        book.close()


SHARED = strings(
    "<si><t>Năm</t></si>",
    '<si><r><t>Thành lập </t></r><r><rPr><b/></rPr><t xml:space="preserve">mới </t></r></si>',
    "<si><t>Lào Cai</t><rPh sb='0' eb='1'><t>ignored</t></rPh></si>",
    "<si><t/></si>",
    "<si><t>a_x005F_x000D_b</t></si>",
)
MIXED = sheet(
    # shared strings, a number kept as text, an inline rich string, a cell past column K
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>'
    '<c r="F1" t="str"><v>15</v></c><c r="G1" t="inlineStr"><is><r><t>x</t></r>'
    '<r><t>y</t></r></is></c><c r="Z1"><v>9</v></c></row>'
    # numbers, a formula's last result, an empty value, an error, a boolean, a float
    '<row r="3"><c r="A3"><v>2025</v></c><c r="B3"><f>1+2</f><v>3</v></c>'
    '<c r="C3"><f>A3</f></c><c r="D3"><v></v></c><c r="E3" t="e"><v>#N/A</v></c>'
    '<c r="F3" t="b"><v>1</v></c><c r="G3"><v>2.5</v></c><c r="H3"><v>1E3</v></c></row>'
    # dates by style, a duration, an ISO date; then rows and cells without references
    '<row r="4"><c r="A4" s="1"><v>45000</v></c><c r="B4" s="2"><v>45000.5</v></c>'
    '<c r="C4" s="3"><v>0.125</v></c><c r="D4" t="d"><v>2025-07-01T00:00:00</v></c></row>'
    "<row><c><v>1</v></c><c><v>2</v></c><c r='E5'><v>5</v></c><c><v>6</v></c></row>"
    "<row><c t='s'><v>0</v></c></row>"
    # a repeated row and a row going backwards are skipped, as openpyxl does
    '<row r="6"><c r="A6"><v>66</v></c></row><row r="3"><c r="A3"><v>33</v></c></row>'
    '<row r="9" spans="1:2"><c r="B9"><v>7</v></c></row>'
)


@pytest.mark.parametrize("date1904", [False, True])
def test_the_values_are_those_openpyxl_reads(date1904):
    data = workbook(MIXED, SHARED, date1904=date1904)
    values = _sheet_values(inspect_workbook(data), SHEET, width=len(COLUMNS) + 1)
    assert values == openpyxl_values(data)
    assert values[0][:7] == ("Năm", "Thành lập mới ", "Lào Cai", "", "a_x000D_b", "15", "xy")
    assert values[2][:8] == (2025, 3, None, None, "#N/A", True, 2.5, 1000.0)
    assert isinstance(values[3][0], datetime.datetime)
    assert values[3][2] == datetime.timedelta(hours=3)
    assert values[4][:6] == (1, 2, None, None, 5, 6)
    assert values[5][0] == "Năm"  # the row after; the repeated row 6 and row 3 are skipped
    assert values[8][1] == 7


def test_the_sheet_is_found_by_name_not_by_position():
    other = sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    data = workbook(sheet('<row r="1"><c r="A1"><v>2</v></c></row>'), strings(), other=other)
    assert (
        _sheet_values(inspect_workbook(data), SHEET, width=2)
        == [(2, None)]
        == [row[:2] for row in openpyxl_values(data)]
    )


def report_sheet(cells: dict[int, str]) -> str:
    """The template's rows with Excel's shared strings: the headers and the code as text."""
    header = "".join(
        f'<c r="{chr(65 + index)}6" t="s"><v>{index + 1}</v></c>' for index in range(len(COLUMNS))
    )
    rows = "".join(f'<row r="{number}">{row}</row>' for number, row in sorted(cells.items()))
    return sheet(f'<row r="3"><c r="C3" t="s"><v>0</v></c></row><row r="6">{header}</row>{rows}')


REPORT_STRINGS = strings("<si><t>15</t></si>", *(f"<si><t>{h}</t></si>" for _n, h in COLUMNS))


def test_an_excel_saved_report_with_shared_strings_is_read():
    data = workbook(
        report_sheet(
            {7: '<c r="A7"><v>2026</v></c><c r="B7"><v>9</v></c><c r="G7"><v>120</v></c>'}
        ),
        REPORT_STRINGS,
    )
    rows, errors = read_workbook(inspect_workbook(data))
    assert errors == []
    assert [(r.province_code, r.year, r.month, r.figures["active_total"]) for r in rows] == [
        ("15", 2026, 9, 120)
    ]


def test_a_figure_formatted_as_a_date_is_not_a_count():
    data = workbook(
        report_sheet(
            {7: '<c r="A7"><v>2026</v></c><c r="B7"><v>9</v></c><c r="G7" s="1"><v>120</v></c>'}
        ),
        REPORT_STRINGS,
    )
    _rows, errors = read_workbook(inspect_workbook(data))
    assert errors == ["Trang 'Báo cáo', dòng 7, cột G: phải là số nguyên không âm"]


def test_rows_past_an_understated_dimension_are_still_read():
    """openpyxl would stop at the rows the sheet's <dimension> declares and drop the rest
    without a word; every row present is read here."""
    report = report_sheet(
        {
            7: '<c r="A7"><v>2026</v></c><c r="B7"><v>9</v></c><c r="G7"><v>120</v></c>',
            8: '<c r="A8"><v>2026</v></c><c r="B8"><v>10</v></c><c r="G8"><v>121</v></c>',
        }
    ).replace("<sheetData>", '<dimension ref="A1:J7"/><sheetData>')
    rows, errors = read_workbook(inspect_workbook(workbook(report, REPORT_STRINGS)))
    assert errors == []
    assert [r.month for r in rows] == [9, 10]


@pytest.mark.parametrize(
    "damage",
    [
        lambda rows: rows.replace('r="7"', 'r="7.5"'),
        lambda rows: rows.replace('r="7"', 'r="99999999"'),
        lambda rows: rows.replace('r="G7"', 'r="7G"'),
        lambda rows: rows.replace('<c r="G7">', '<c r="G7" t="s">'),  # no such shared string
        lambda rows: rows.replace("<sheetData>", "<sheetData><row>"),
    ],
)
def test_a_malformed_sheet_is_refused_as_damaged(damage):
    from cooperatives.excel import WorkbookRefused

    report = report_sheet(
        {7: '<c r="A7"><v>2026</v></c><c r="B7"><v>9</v></c><c r="G7"><v>120</v></c>'}
    )
    with pytest.raises(WorkbookRefused) as refused:
        read_workbook(inspect_workbook(workbook(damage(report), REPORT_STRINGS)))
    assert refused.value.messages == ["Tệp bị hỏng, không đọc được."]
