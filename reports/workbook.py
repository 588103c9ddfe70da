"""The report's Excel workbook (openpyxl), written from a snapshot.

Sheets: summary, per province, sectors with the 24-month trend and its two native charts, tasks,
inspections and complaints. Headers are Vietnamese (the report is the alliance's Vietnamese
document), header rows are frozen, numbers carry number formats, columns are sized to their
content. Text that came from users is always written as text: a value that a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@``, tab) is stored as a quoted string.
"""

import datetime
import io

from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cooperatives.choices import STATUS_MISSING, SubmissionStatus
from vca_portal.spreadsheets import is_formula_like

INTEGER = "#,##0"
DATE = "dd/mm/yyyy"
PERCENT = '0.0"%"'
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5C99")
TITLE_FONT = Font(bold=True, size=14)
NOT_AVAILABLE = "Chưa có dữ liệu (chức năng chưa được triển khai)"

SHEET_SUMMARY = "Tổng hợp"
SHEET_PROVINCES = "Theo tỉnh"
SHEET_SECTORS = "Theo lĩnh vực"
SHEET_TASKS = "Nhiệm vụ"
SHEET_INSPECTIONS = "Kiểm tra"
SHEET_COMPLAINTS = "Khiếu nại"


def write(ws: Worksheet, row: int, column: int, value, number_format: str | None = None):
    """Write one cell; strings are always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if is_formula_like(value):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
        if number_format and value is not None:
            cell.number_format = number_format
    return cell


def status_label(status: str | None) -> str:
    """A province's reporting status, in Vietnamese whatever the builder's language."""
    if not status:
        return ""
    with override("vi"):
        if status == STATUS_MISSING:
            return "Chưa báo cáo"
        return str(dict(SubmissionStatus.choices).get(status, status))


def _date(value: str | None) -> datetime.date | None:
    """Snapshot dates are ISO text; the workbook stores real dates, shown day first."""
    return datetime.date.fromisoformat(value[:10]) if value else None


def _table(ws: Worksheet, top: int, headers: list[str], rows: list[list], formats: list) -> int:
    """A header row and its rows from ``top``; returns the next free row."""
    for column, header in enumerate(headers, start=1):
        cell = write(ws, top, column, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for offset, values in enumerate(rows, start=1):
        for column, (value, number_format) in enumerate(zip(values, formats, strict=True), 1):
            write(ws, top + offset, column, value, number_format)
    return top + len(rows) + 1


def _fit_columns(ws: Worksheet, minimum: int = 8, maximum: int = 60) -> None:
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            length = max(len(line) for line in str(cell.value).splitlines() or [""])
            if isinstance(cell.value, int | float):
                length = len(f"{cell.value:,}")
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = max(
            minimum, min(maximum, width + 2)
        )


def _not_available(ws: Worksheet, top: int = 3) -> None:
    write(ws, top, 1, NOT_AVAILABLE).font = Font(italic=True)


def _title(ws: Worksheet, text: str) -> None:
    write(ws, 1, 1, text).font = TITLE_FONT


def _summary(ws: Worksheet, snapshot: dict, period: str) -> None:
    _title(ws, f"Báo cáo thống kê tháng {period}")
    ws.freeze_panes = "A4"
    statistics = snapshot.get("statistics") or {}
    rows: list[list] = []
    if statistics.get("available"):
        established, dissolved = statistics["established"], statistics["dissolved"]
        plan = statistics.get("plan") or {}
        rows = [
            ["HTX thành lập mới", established["total"], INTEGER],
            ["  trong đó HTX nông nghiệp", established["agricultural"], INTEGER],
            ["  trong đó HTX phi nông nghiệp", established["non_agricultural"], INTEGER],
            ["HTX giải thể", dissolved["total"], INTEGER],
            ["  trong đó HTX nông nghiệp", dissolved["agricultural"], INTEGER],
            ["  trong đó HTX phi nông nghiệp", dissolved["non_agricultural"], INTEGER],
            ["Tổng số HTX đang hoạt động", statistics["active_total"], INTEGER],
            ["Kế hoạch năm (HTX đang hoạt động)", plan.get("target"), INTEGER],
            ["Tỷ lệ so với kế hoạch (%)", plan.get("percent_of_target"), PERCENT],
            ["Vượt (+) / thiếu (−) so với kế hoạch (%)", plan.get("above_target_percent"), PERCENT],
            ["Số tỉnh, thành phố đã báo cáo", statistics.get("provinces_reported"), INTEGER],
            ["Số tỉnh, thành phố phải báo cáo", statistics.get("provinces_expected"), INTEGER],
        ]
    tasks = (snapshot.get("tasks") or {}).get("summary") or {}
    if tasks:
        rows += [
            ["Đầu việc hoàn thành", tasks.get("completed"), INTEGER],
            ["Tổng số đầu việc", tasks.get("total"), INTEGER],
            ["Đầu việc quá hạn", tasks.get("overdue"), INTEGER],
        ]
    complaints = snapshot.get("complaints") or {}
    if complaints.get("available"):
        rows += [
            ["Đơn khiếu nại, tố cáo đang giải quyết", complaints["open_count"], INTEGER],
            ["  trong đó quá hạn", complaints["overdue_count"], INTEGER],
        ]
    next_row = _table(ws, 3, ["Chỉ tiêu", "Số liệu"], [[r[0], r[1]] for r in rows], [None, None])
    for offset, row in enumerate(rows, start=4):
        if row[1] is not None:
            ws.cell(row=offset, column=2).number_format = row[2]
    if not statistics.get("available"):
        write(ws, next_row, 1, f"Số liệu HTX: {NOT_AVAILABLE}")
        next_row += 1
    write(ws, next_row + 1, 1, "Nhận định").font = Font(bold=True)
    cell = write(ws, next_row + 2, 1, snapshot.get("narrative", ""))
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=next_row + 2, start_column=1, end_row=next_row + 2, end_column=2)
    ws.row_dimensions[next_row + 2].height = 150
    ws.column_dimensions["A"].width = 45
    ws.column_dimensions["B"].width = 60


def _provinces(ws: Worksheet, snapshot: dict, period: str) -> None:
    _title(ws, f"Số liệu theo tỉnh, thành phố — tháng {period}")
    statistics = snapshot.get("statistics") or {}
    if not statistics.get("available"):
        _not_available(ws)
        return
    headers = [
        "Mã",
        "Tỉnh, thành phố",
        "Thành lập mới NN",
        "Thành lập mới PNN",
        "Thành lập mới",
        "Giải thể NN",
        "Giải thể PNN",
        "Giải thể",
        "Đang hoạt động",
        "Tình trạng báo cáo",
        "Báo cáo muộn",
    ]
    rows = []
    for p in statistics.get("provinces") or []:
        est, dis = p.get("established") or {}, p.get("dissolved") or {}
        rows.append(
            [
                p.get("code"),
                p.get("name"),
                est.get("agricultural"),
                est.get("non_agricultural"),
                est.get("total"),
                dis.get("agricultural"),
                dis.get("non_agricultural"),
                dis.get("total"),
                p.get("active_total"),
                status_label(p.get("status")),
                "Có" if p.get("is_late") else "",
            ]
        )
    _table(ws, 3, headers, rows, [None, None, *[INTEGER] * 7, None, None])
    ws.freeze_panes = "C4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{3 + len(rows)}"
    _fit_columns(ws)


def _sectors(ws: Worksheet, snapshot: dict, period: str) -> None:
    _title(ws, f"Theo lĩnh vực — tháng {period}")
    statistics = snapshot.get("statistics") or {}
    if not statistics.get("available"):
        _not_available(ws)
        return
    est, dis = statistics["established"], statistics["dissolved"]
    rows = [
        ["HTX nông nghiệp", est["agricultural"], dis["agricultural"]],
        ["HTX phi nông nghiệp", est["non_agricultural"], dis["non_agricultural"]],
        ["Tổng số", est["total"], dis["total"]],
    ]
    next_row = _table(
        ws, 3, ["Lĩnh vực", "Thành lập mới", "Giải thể"], rows, [None, INTEGER, INTEGER]
    )
    ws.freeze_panes = "A4"
    trend = snapshot.get("trend") or {}
    top = next_row + 2
    write(ws, top - 1, 1, "Diễn biến 24 tháng").font = Font(bold=True)
    if not trend.get("available"):
        write(ws, top, 1, NOT_AVAILABLE)
        _fit_columns(ws)
        return
    months = trend["months"]
    trend_rows = [
        [f"{m['month']:02d}/{m['year']}", m["active_total"], m["established"], m["dissolved"]]
        for m in months
    ]
    _table(
        ws,
        top,
        ["Tháng", "HTX đang hoạt động", "Thành lập mới", "Giải thể"],
        trend_rows,
        [None, INTEGER, INTEGER, INTEGER],
    )
    _fit_columns(ws)
    if not months:
        return
    categories = Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(months))

    active = LineChart()
    active.title = "Số HTX đang hoạt động"
    active.y_axis.title = "HTX"
    active.y_axis.number_format = INTEGER
    active.add_data(
        Reference(ws, min_col=2, min_row=top, max_row=top + len(months)), titles_from_data=True
    )
    active.set_categories(categories)
    active.height, active.width = 8, 18
    ws.add_chart(active, "F3")

    flows = BarChart()
    flows.type = "col"
    flows.title = "HTX thành lập mới và giải thể"
    flows.y_axis.title = "HTX"
    flows.add_data(
        Reference(ws, min_col=3, max_col=4, min_row=top, max_row=top + len(months)),
        titles_from_data=True,
    )
    flows.set_categories(categories)
    flows.height, flows.width = 8, 18
    ws.add_chart(flows, "F21")


def _tasks(ws: Worksheet, snapshot: dict, period: str) -> None:
    _title(ws, f"Nhiệm vụ — tháng {period}")
    tasks = snapshot.get("tasks") or {}
    if not tasks.get("available"):
        _not_available(ws)
        return
    summary = tasks.get("summary") or {}
    rows = [
        [u["unit_name"], u["total"], u["completed"], u["overdue"]]
        for u in summary.get("by_unit") or []
    ]
    rows.append(["Tổng số", summary.get("total"), summary.get("completed"), summary.get("overdue")])
    next_row = _table(
        ws,
        3,
        ["Đơn vị chủ trì", "Tổng số đầu việc", "Hoàn thành", "Quá hạn"],
        rows,
        [None, INTEGER, INTEGER, INTEGER],
    )
    ws.freeze_panes = "A4"
    overdue = tasks.get("overdue")
    if overdue:
        write(ws, next_row + 1, 1, "Đầu việc quá hạn").font = Font(bold=True)
        _table(
            ws,
            next_row + 2,
            ["Đầu việc", "Đơn vị chủ trì", "Hạn hoàn thành", "Trạng thái"],
            [
                [t.get("title"), t.get("lead_unit"), t.get("due_date"), t.get("status")]
                for t in overdue
            ],
            [None, None, None, None],
        )
    _fit_columns(ws)


def _inspections(ws: Worksheet, snapshot: dict, period: str) -> None:
    _title(ws, f"Kiểm tra, giám sát — tháng {period}")
    section = snapshot.get("inspections") or {}
    if not section.get("available"):
        _not_available(ws)
        return
    by_status = (section.get("inspections") or {}).get("by_status") or {}
    complaints = section.get("complaints") or {}
    rows = [
        *[[label, by_status.get(key, 0)] for key, label in INSPECTION_STATUSES],
        [
            "Tổng số cuộc kiểm tra, giám sát trong tháng",
            (section.get("inspections") or {}).get("total"),
        ],
        ["Đơn khiếu nại, tố cáo nhận trong tháng", complaints.get("received")],
        ["Đơn đã giải quyết xong trong tháng", complaints.get("resolved")],
        ["Đơn đang giải quyết cuối tháng", complaints.get("open")],
        ["  trong đó quá hạn giải quyết", complaints.get("overdue")],
    ]
    _table(ws, 3, ["Chỉ tiêu", "Số lượng"], rows, [None, INTEGER])
    ws.freeze_panes = "A4"
    _fit_columns(ws)


INSPECTION_STATUSES = [
    ("planned", "Cuộc kiểm tra theo kế hoạch, chưa bắt đầu"),
    ("in_progress", "Cuộc kiểm tra đang thực hiện"),
    ("concluded", "Cuộc kiểm tra đã kết luận"),
]


def _complaints(ws: Worksheet, snapshot: dict, period: str) -> None:
    _title(ws, f"Đơn khiếu nại, tố cáo đang giải quyết — tháng {period}")
    complaints = snapshot.get("complaints") or {}
    if not complaints.get("available"):
        _not_available(ws)
        return
    rows = [
        [
            c.get("id"),
            c.get("subject"),
            c.get("handling_unit"),
            _date(c.get("received_on")),
            _date(c.get("deadline")),
            "Quá hạn" if c.get("is_overdue") else "",
            c.get("status"),
        ]
        for c in complaints.get("items") or []
    ]
    _table(
        ws,
        3,
        [
            "Số",
            "Nội dung",
            "Đơn vị giải quyết",
            "Ngày nhận",
            "Hạn giải quyết",
            "Quá hạn",
            "Trạng thái",
        ],
        rows,
        [None, None, None, DATE, DATE, None, None],
    )
    ws.freeze_panes = "A4"
    _fit_columns(ws)


def build_workbook(snapshot: dict) -> bytes:
    """The workbook of a snapshot, as the bytes of an .xlsx file."""
    period = f"{snapshot['month']:02d}/{snapshot['year']}"
    workbook = Workbook()
    summary = workbook.active
    summary.title = SHEET_SUMMARY
    _summary(summary, snapshot, period)
    for title, writer in (
        (SHEET_PROVINCES, _provinces),
        (SHEET_SECTORS, _sectors),
        (SHEET_TASKS, _tasks),
        (SHEET_INSPECTIONS, _inspections),
        (SHEET_COMPLAINTS, _complaints),
    ):
        writer(workbook.create_sheet(title), snapshot, period)
    workbook.properties.title = f"Báo cáo thống kê tháng {period}"
    workbook.properties.creator = "Liên minh Hợp tác xã Việt Nam"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
