"""The quarterly and annual reports' narrative and workbook, written from a snapshot whose
``statistics`` section is ``cooperatives.periods.period_statistics``.

Pure functions of the snapshot, in Vietnamese whatever the reader's language, like the monthly
report's (``narrative``, ``workbook``):

    Trong quý IV/2021, cả nước thành lập mới 583 HTX (452 HTX nông nghiệp và 131 HTX phi nông
    nghiệp), tăng 41 HTX so với cùng kỳ năm 2020; giải thể 92 HTX (...); đến hết tháng 12/2021,
    tổng số HTX đang hoạt động trên cả nước là 26.752 HTX (vượt 15,9% kế hoạch năm 2021).
    Trong số đó có 26.335 HTX và 417 liên hiệp HTX.

The split by kind is the stock month's, in the monthly report's words (``narrative._kinds``).
"""

import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .formatting import vn_int, vn_percent
from .narrative import _count, _kinds, _plan, _split
from .workbook import BOLD, HEADER, INTEGER, NARRATIVE, PERCENT, Sheet, Styles, _number, _title

SHEET_SUMMARY = "Tổng hợp"
SHEET_MONTHS = "Theo tháng"
SHEET_PROVINCES = "Theo tỉnh (thời kỳ)"
SHEET_PROVINCES_CURRENT = "Theo 34 tỉnh, thành phố"
SHEET_ON_TIME = "Đúng hạn"


def title(snapshot: dict) -> str:
    """'Báo cáo thống kê quý IV/2021', 'Báo cáo thống kê năm 2021'."""
    return f"Báo cáo thống kê {snapshot['statistics']['label']}"


def _opening(statistics: dict) -> str:
    label, year = statistics["label"], statistics["year"]
    through = f"{statistics['through_month']:02d}/{year}"
    if statistics["complete"]:
        return f"Trong {label}"
    if statistics["period"] == "year":
        return f"Từ đầu năm {year} đến hết tháng {through}"
    first = f"{statistics['first_month']:02d}/{year}"
    return f"Trong {label} (từ tháng {first} đến hết tháng {through})"


def _provisional(statistics: dict) -> str:
    months = _count(statistics.get("months_provisional"))
    if not statistics.get("provisional"):
        return ""
    return f" (số liệu tạm tính: {vn_int(months)} tháng chưa được phê duyệt đủ các tỉnh, thành phố)"


def _versus(change, previous_year: int) -> str:
    if change is None:
        return ""
    if change > 0:
        return f", tăng {vn_int(change)} HTX so với cùng kỳ năm {previous_year}"
    if change < 0:
        return f", giảm {vn_int(-change)} HTX so với cùng kỳ năm {previous_year}"
    return f", bằng cùng kỳ năm {previous_year}"


def _plan_of_year(statistics: dict) -> str:
    text = _plan(statistics.get("plan"))
    return text.replace(" kế hoạch)", f" kế hoạch năm {statistics['year']})") if text else ""


def build_period_narrative(snapshot: dict) -> str:
    statistics = snapshot.get("statistics") or {}
    if not statistics.get("available"):
        return "Số liệu HTX của kỳ báo cáo chưa có trong hệ thống."
    opening = _opening(statistics) + _provisional(statistics)
    if statistics.get("active_total") is None:
        return f"{opening}, chưa có số liệu HTX nào được phê duyệt."
    previous_year = statistics["year"] - 1
    change = statistics.get("change") or {}
    established, dissolved = statistics["established"], statistics["dissolved"]
    if _count(established.get("total")):
        established_text = (
            f"cả nước thành lập mới {vn_int(established['total'])} HTX{_split(established)}"
        )
    else:
        established_text = "cả nước không có HTX nào được thành lập mới"
    if _count(dissolved.get("total")):
        dissolved_text = f"giải thể {vn_int(dissolved['total'])} HTX{_split(dissolved)}"
    else:
        dissolved_text = "không có HTX nào giải thể"
    stock_month = statistics.get("stock_month") or statistics["through_month"]
    stock = (
        f"đến hết tháng {stock_month:02d}/{statistics['year']}, tổng số HTX đang hoạt động trên "
        f"cả nước là {vn_int(statistics['active_total'])} HTX{_plan_of_year(statistics)}"
    )
    sentences = [
        f"{opening}, {established_text}{_versus(change.get('established'), previous_year)}; "
        f"{dissolved_text}{_versus(change.get('dissolved'), previous_year)}; {stock}."
    ]
    if kinds := _kinds(statistics):
        sentences.append(kinds)
    on_time = snapshot.get("on_time") or {}
    if on_time.get("available") and on_time.get("provinces"):
        rate = on_time.get("national_percent")
        if rate is not None:
            sentences.append(
                f"Tỷ lệ báo cáo đúng hạn và được phê duyệt ngay của các tỉnh, thành phố trong "
                f"năm đạt {vn_percent(rate)}."
            )
    return " ".join(sentences)


def _state(row: dict) -> str:
    if not row.get("provisional"):
        return "Chính thức"
    return f"Tạm tính ({row.get('provinces_approved', 0)}/{row.get('provinces_expected', 0)} tỉnh)"


def _summary(sheet: Sheet, snapshot: dict) -> None:
    statistics = snapshot["statistics"]
    previous, change, plan = statistics["previous"], statistics["change"], statistics["plan"]
    _title(sheet, title(snapshot))
    sheet.ws.freeze_panes = "A4"
    sheet.row(
        3,
        ["Chỉ tiêu", "Kỳ này", f"Cùng kỳ năm {previous['year']}", "Tăng (+) / giảm (−)"],
        [HEADER] * 4,
    )
    rows = [
        ["HTX thành lập mới", "established", "total"],
        ["  trong đó HTX nông nghiệp", "established", "agricultural"],
        ["  trong đó HTX phi nông nghiệp", "established", "non_agricultural"],
        ["HTX giải thể", "dissolved", "total"],
        ["  trong đó HTX nông nghiệp", "dissolved", "agricultural"],
        ["  trong đó HTX phi nông nghiệp", "dissolved", "non_agricultural"],
    ]
    number = _number(INTEGER)
    line = 4
    for label, flow, part in rows:
        now, before = statistics[flow][part], previous[flow][part]
        delta = None if now is None or before is None else now - before
        sheet.row(line, [label, now, before, delta], [None, number, number, number])
        line += 1
    sheet.row(
        line,
        [
            "Tổng số HTX đang hoạt động (cuối kỳ)",
            statistics["active_total"],
            previous["active_total"],
            change["active_total"],
        ],
        [None, number, number, number],
    )
    line += 1
    # The stock by the 2023 Law's kinds, as the monthly report gives it: cooperatives and unions
    # add up to the total, cooperative groups beside it (reported from 07/2024).
    kinds = statistics.get("active_by_kind") or {}
    kinds_before = previous.get("active_by_kind") or {}
    for label, kind in [
        ["  trong đó hợp tác xã", "cooperative"],
        ["  trong đó liên hiệp hợp tác xã", "union_of_cooperatives"],
        ["Tổ hợp tác đang hoạt động (từ 07/2024)", "cooperative_group"],
    ]:
        now, before = kinds.get(kind), kinds_before.get(kind)
        delta = None if now is None or before is None else now - before
        sheet.row(line, [label, now, before, delta], [None, number, number, number])
        line += 1
    for label, value, number_format in [
        ["Kế hoạch năm (HTX đang hoạt động)", plan.get("target"), INTEGER],
        ["Tỷ lệ so với kế hoạch (%)", plan.get("percent_of_target"), PERCENT],
        ["Số liệu", "Tạm tính" if statistics.get("provisional") else "Chính thức", None],
        ["Số tháng tạm tính", statistics.get("months_provisional"), INTEGER],
        ["Tính đến hết tháng", f"{statistics['through_month']:02d}/{statistics['year']}", None],
    ]:
        sheet.row(line, [label, value], [None, _number(number_format)])
        line += 1
    sheet.row(line + 1, ["Nhận định"], [BOLD])
    sheet.row(line + 2, [snapshot.get("narrative", "")], [NARRATIVE])
    sheet.ws.merge_cells(start_row=line + 2, start_column=1, end_row=line + 2, end_column=4)
    sheet.ws.row_dimensions[line + 2].height = 120
    sheet.ws.column_dimensions["A"].width = 45
    for column in "BCD":
        sheet.ws.column_dimensions[column].width = 20


def _months(sheet: Sheet, snapshot: dict) -> None:
    statistics = snapshot["statistics"]
    _title(sheet, f"Số liệu từng tháng — {statistics['label']}")
    headers = [
        "Tháng",
        "Thành lập mới",
        "Giải thể",
        "Đang hoạt động",
        "trong đó liên hiệp HTX",
        "Tổ hợp tác đang hoạt động",
        "Số liệu",
    ]
    rows = [
        [
            f"{m['month']:02d}/{m['year']}",
            m["established"]["total"],
            m["dissolved"]["total"],
            m["active_total"],
            (m.get("active_by_kind") or {}).get("union_of_cooperatives"),
            (m.get("active_by_kind") or {}).get("cooperative_group"),
            _state(m),
        ]
        for m in statistics["months"]
    ]
    sheet.table(3, headers, rows, [None, *[INTEGER] * 5, None])
    sheet.ws.freeze_panes = "A4"
    sheet.fit_columns()


def _province_rows(rows: list[dict]) -> list[list]:
    return [
        [
            p["code"],
            p["name"],
            p["established"]["agricultural"],
            p["established"]["non_agricultural"],
            p["established"]["total"],
            p["dissolved"]["agricultural"],
            p["dissolved"]["non_agricultural"],
            p["dissolved"]["total"],
            p["active_total"],
            f"{p['months_counted']}/{p['months_expected']}",
            "Giữ theo tháng đã duyệt gần nhất" if p.get("carried") else "",
        ]
        for p in rows
    ]


PROVINCE_HEADERS = [
    "Mã",
    "Tỉnh, thành phố",
    "Thành lập mới NN",
    "Thành lập mới PNN",
    "Thành lập mới",
    "Giải thể NN",
    "Giải thể PNN",
    "Giải thể",
    "Đang hoạt động (cuối kỳ)",
    "Số tháng có số liệu",
    "Ghi chú",
]


def _province_sheet(sheet: Sheet, heading: str, rows: list[dict]) -> None:
    _title(sheet, heading)
    values = _province_rows(rows)
    sheet.table(3, PROVINCE_HEADERS, values, [None, None, *[INTEGER] * 7, None, None])
    sheet.ws.freeze_panes = "C4"
    sheet.ws.auto_filter.ref = f"A3:{get_column_letter(len(PROVINCE_HEADERS))}{3 + len(values)}"
    sheet.fit_columns()


def _on_time(sheet: Sheet, snapshot: dict) -> None:
    on_time = snapshot.get("on_time") or {}
    _title(sheet, f"Tỷ lệ báo cáo đúng hạn năm {snapshot['year']}")
    headers = [
        "Mã",
        "Tỉnh, thành phố",
        "Số tháng phải báo cáo",
        "Đúng hạn, duyệt ngay",
        "Gửi muộn",
        "Bị trả lại",
        "Chưa báo cáo",
        "Tỷ lệ đúng hạn (%)",
    ]
    rows = [
        [
            p["code"],
            p["name"],
            p["months_expected"],
            p["on_time"],
            p["late"],
            p["returned"],
            p["missing"],
            p["percent"],
        ]
        for p in on_time.get("provinces") or []
    ]
    sheet.table(3, headers, rows, [None, None, *[INTEGER] * 5, PERCENT])
    sheet.ws.freeze_panes = "C4"
    sheet.fit_columns()


def build_period_workbook(snapshot: dict) -> bytes:
    statistics = snapshot["statistics"]
    workbook = Workbook()
    styles = Styles(workbook.active)
    sheets = [
        (SHEET_SUMMARY, lambda sheet: _summary(sheet, snapshot)),
        (SHEET_MONTHS, lambda sheet: _months(sheet, snapshot)),
        (
            SHEET_PROVINCES,
            lambda sheet: _province_sheet(
                sheet,
                f"Theo tỉnh, thành phố trong kỳ — {statistics['label']}",
                statistics["provinces"],
            ),
        ),
        (
            SHEET_PROVINCES_CURRENT,
            lambda sheet: _province_sheet(
                sheet,
                f"Theo 34 tỉnh, thành phố hiện nay — {statistics['label']}",
                statistics["provinces_current"],
            ),
        ),
    ]
    if (snapshot.get("on_time") or {}).get("available"):
        sheets.append((SHEET_ON_TIME, lambda sheet: _on_time(sheet, snapshot)))
    for index, (name, write) in enumerate(sheets):
        ws = workbook.active if index == 0 else workbook.create_sheet()
        ws.title = name
        write(Sheet(ws, styles))
    workbook.properties.title = title(snapshot)
    workbook.properties.creator = "Liên minh Hợp tác xã Việt Nam"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
