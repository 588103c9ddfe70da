"""The report's Excel workbook (openpyxl), written from a snapshot.

Sheets: summary, per province, sectors with the 24-month trend and its two native charts, tasks,
inspections and complaints. Headers are Vietnamese (the report is the alliance's Vietnamese
document), header rows are frozen, numbers carry number formats, columns are sized to their
content. Text that came from users is always written as text: a value that a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@``, tab) is stored as a quoted string.

Each sheet is written a row at a time (``Sheet``): a bare value for a cell without a style, a
cell with one of the shared styles (made once) otherwise, the column widths measured on the
way. openpyxl writes the file with lxml. Its write-only mode is no faster here: the workbook
has about a thousand cells, and that mode handles every styled cell through an exception.
"""

import datetime
import io

from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cooperatives.choices import STATUS_MISSING, SubmissionStatus
from vca_portal.spreadsheets import is_formula_like

INTEGER = "#,##0"
DATE = "dd/mm/yyyy"
PERCENT = '0.0"%"'
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5C99")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
TITLE_FONT = Font(bold=True, size=14)
BOLD_FONT = Font(bold=True)
ITALIC_FONT = Font(italic=True)
TOP_WRAPPED = Alignment(wrap_text=True, vertical="top")
NOT_AVAILABLE = "Chưa có dữ liệu (chức năng chưa được triển khai)"

SHEET_SUMMARY = "Tổng hợp"
SHEET_PROVINCES = "Theo tỉnh"
SHEET_SECTORS = "Theo lĩnh vực"
SHEET_TASKS = "Nhiệm vụ"
SHEET_INSPECTIONS = "Kiểm tra"
SHEET_COMPLAINTS = "Khiếu nại"


def _status_labels() -> dict[str, str]:
    """The provinces' reporting statuses, in Vietnamese whatever the builder's language."""
    with override("vi"):
        labels = {key: str(label) for key, label in SubmissionStatus.choices}
    labels[STATUS_MISSING] = "Chưa báo cáo"
    return labels


def _date(value: str | None) -> datetime.date | None:
    """Snapshot dates are ISO text; the workbook stores real dates, shown day first."""
    return datetime.date.fromisoformat(value[:10]) if value else None


class Styled:
    """A cell style: a font, fill, alignment and number format (any may be None)."""

    __slots__ = ("font", "fill", "alignment", "number_format")

    def __init__(self, font=None, fill=None, alignment=None, number_format=None):
        self.font, self.fill, self.alignment = font, fill, alignment
        self.number_format = number_format


HEADER = Styled(HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT)
TITLE = Styled(TITLE_FONT)
BOLD = Styled(BOLD_FONT)
ITALIC = Styled(ITALIC_FONT)
NARRATIVE = Styled(alignment=TOP_WRAPPED)
NUMBER_STYLES: dict[str | None, Styled | None] = {None: None}


def _number(number_format: str | None) -> Styled | None:
    if number_format not in NUMBER_STYLES:
        NUMBER_STYLES[number_format] = Styled(number_format=number_format)
    return NUMBER_STYLES[number_format]


class Styles:
    """The styles of one workbook: each ``Styled`` is registered with the workbook once, on a
    prototype cell, and every cell that uses it is made with the prototype's style (openpyxl's
    ``style_array``) instead of registering its font, fill and alignment again."""

    def __init__(self, ws):
        self.ws = ws
        self.arrays: dict[Styled, object] = {}

    def array(self, style: Styled):
        array = self.arrays.get(style)
        if array is None:
            prototype = Cell(self.ws)
            if style.font is not None:
                prototype.font = style.font
            if style.fill is not None:
                prototype.fill = style.fill
            if style.alignment is not None:
                prototype.alignment = style.alignment
            if style.number_format is not None:
                prototype.number_format = style.number_format
            array = self.arrays[style] = prototype._style
        return array


class Sheet:
    """A worksheet written a row at a time, top to bottom, each row once (``ws.append``: a bare
    value for a cell without a style), measuring its columns for ``fit_columns`` as it goes."""

    def __init__(self, ws, styles: Styles):
        self.ws = ws
        self.styles = styles
        self.last_row = 0
        self.lengths: dict[int, int] = {}

    def row(self, row: int, values: list, styles: list | None = None) -> None:
        """Write row ``row``; strings are cleaned of characters XML cannot hold."""
        if row <= self.last_row:
            raise ValueError("rows are written top to bottom, each once")
        ws, lengths, style_array = self.ws, self.lengths, self.styles.array
        for _blank in range(row - self.last_row - 1):
            ws.append(())
        cells = []
        add = cells.append
        styles = styles or [None] * len(values)
        for column, (value, style) in enumerate(zip(values, styles, strict=True), start=1):
            if value is None:
                add(None)
                continue
            formula_like = False
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                length = max(map(len, value.splitlines()), default=0)
                formula_like = is_formula_like(value)
            elif isinstance(value, int | float):
                length = len(f"{value:,}")
            else:
                length = len(str(value))
            if length > lengths.get(column, 0):
                lengths[column] = length
            if style is None and not formula_like:
                add(value)
                continue
            cell = Cell(ws, value=value, style_array=style_array(style) if style else None)
            if formula_like:  # shown as typed, never run as a formula
                cell.data_type = "s"
                cell.quotePrefix = True
            add(cell)
        ws.append(cells)
        self.last_row = row

    def table(self, top: int, headers: list[str], rows: list[list], formats: list) -> int:
        """A header row and its rows from ``top``; returns the next free row."""
        self.row(top, headers, [HEADER] * len(headers))
        styles = [_number(f) for f in formats]
        for offset, values in enumerate(rows, start=1):
            if len(values) != len(styles):
                raise ValueError("a row of the table has the wrong number of cells")
            self.row(top + offset, values, styles)
        return top + len(rows) + 1

    def fit_columns(self, minimum: int = 8, maximum: int = 60) -> None:
        for column, length in self.lengths.items():
            width = max(minimum, min(maximum, length + 2))
            self.ws.column_dimensions[get_column_letter(column)].width = width

    def not_available(self, top: int = 3) -> None:
        self.row(top, [NOT_AVAILABLE], [ITALIC])


def _title(sheet: Sheet, text: str) -> None:
    sheet.row(1, [text], [TITLE])


def _summary(sheet: Sheet, snapshot: dict, period: str) -> None:
    _title(sheet, f"Báo cáo thống kê tháng {period}")
    sheet.ws.freeze_panes = "A4"
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
            ["Số liệu", "Tạm tính" if statistics.get("provisional") else "Chính thức", None],
            ["Số tỉnh, thành phố đã được phê duyệt", statistics.get("provinces_approved"), INTEGER],
            [
                "Số tỉnh, thành phố đã gửi, chờ duyệt",
                statistics.get("provinces_submitted"),
                INTEGER,
            ],
            ["Số tỉnh, thành phố chưa gửi", statistics.get("provinces_missing"), INTEGER],
            ["Số tỉnh, thành phố đã báo cáo", statistics.get("provinces_reported"), INTEGER],
            ["Số tỉnh, thành phố phải báo cáo", statistics.get("provinces_expected"), INTEGER],
            [
                "Số tỉnh, thành phố giữ số HTX đang hoạt động của tháng đã duyệt gần nhất",
                statistics.get("provinces_carried"),
                INTEGER,
            ],
        ]
        kinds = statistics.get("active_by_kind") or {}
        rows += [
            ["HTX đang hoạt động theo loại hình (Luật HTX 2023)", None, None],
            ["  Hợp tác xã", kinds.get("cooperative"), INTEGER],
            ["  Liên hiệp hợp tác xã", kinds.get("union_of_cooperatives"), INTEGER],
            ["Tổ hợp tác đang hoạt động (từ 07/2024)", kinds.get("cooperative_group"), INTEGER],
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
    sheet.row(3, ["Chỉ tiêu", "Số liệu"], [HEADER, HEADER])
    for offset, (label, value, number_format) in enumerate(rows, start=4):
        sheet.row(offset, [label, value], [None, _number(number_format)])
    next_row = 4 + len(rows)
    if not statistics.get("available"):
        sheet.row(next_row, [f"Số liệu HTX: {NOT_AVAILABLE}"])
        next_row += 1
    ws = sheet.ws
    sheet.row(next_row + 1, ["Nhận định"], [BOLD])
    sheet.row(next_row + 2, [snapshot.get("narrative", "")], [NARRATIVE])
    ws.merge_cells(start_row=next_row + 2, start_column=1, end_row=next_row + 2, end_column=2)
    ws.row_dimensions[next_row + 2].height = 150
    ws.column_dimensions["A"].width = 45
    ws.column_dimensions["B"].width = 60


def _trend_state(month: dict) -> str:
    """'Tạm tính (28/34 tỉnh)' for a provisional month of the trend, else 'Chính thức'."""
    if not month.get("provisional"):
        return "Chính thức"
    return (
        f"Tạm tính ({month.get('provinces_approved', 0)}/{month.get('provinces_expected', 0)} tỉnh)"
    )


def _carried_from(province: dict) -> str:
    """'09/2026' for a province not in that carries its last approved active total."""
    carried = province.get("carried_from") if province.get("carried") else None
    return f"{carried['month']:02d}/{carried['year']}" if carried else ""


def _provinces(sheet: Sheet, snapshot: dict, period: str) -> None:
    _title(sheet, f"Số liệu theo tỉnh, thành phố — tháng {period}")
    statistics = snapshot.get("statistics") or {}
    if not statistics.get("available"):
        sheet.not_available()
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
        "Số đang hoạt động giữ từ tháng",
    ]
    labels = _status_labels()
    rows = []
    for p in statistics.get("provinces") or []:
        est, dis = p.get("established") or {}, p.get("dissolved") or {}
        status = p.get("status")
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
                labels.get(status, status) if status else "",
                "Có" if p.get("is_late") else "",
                _carried_from(p),
            ]
        )
    sheet.table(3, headers, rows, [None, None, *[INTEGER] * 7, None, None, None])
    sheet.ws.freeze_panes = "C4"
    sheet.ws.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{3 + len(rows)}"
    sheet.fit_columns()


def _sectors(sheet: Sheet, snapshot: dict, period: str) -> None:
    _title(sheet, f"Theo lĩnh vực — tháng {period}")
    statistics = snapshot.get("statistics") or {}
    if not statistics.get("available"):
        sheet.not_available()
        return
    est, dis = statistics["established"], statistics["dissolved"]
    rows = [
        ["HTX nông nghiệp", est["agricultural"], dis["agricultural"]],
        ["HTX phi nông nghiệp", est["non_agricultural"], dis["non_agricultural"]],
        ["Tổng số", est["total"], dis["total"]],
    ]
    next_row = sheet.table(
        3, ["Lĩnh vực", "Thành lập mới", "Giải thể"], rows, [None, INTEGER, INTEGER]
    )
    sheet.ws.freeze_panes = "A4"
    trend = snapshot.get("trend") or {}
    top = next_row + 2
    sheet.row(top - 1, ["Diễn biến 24 tháng"], [BOLD])
    if not trend.get("available"):
        sheet.row(top, [NOT_AVAILABLE])
        sheet.fit_columns()
        return
    months = trend["months"]
    trend_rows = [
        [
            f"{m['month']:02d}/{m['year']}",
            m["active_total"],
            m["established"],
            m["dissolved"],
            _trend_state(m),
        ]
        for m in months
    ]
    sheet.table(
        top,
        ["Tháng", "HTX đang hoạt động", "Thành lập mới", "Giải thể", "Số liệu"],
        trend_rows,
        [None, INTEGER, INTEGER, INTEGER, None],
    )
    sheet.fit_columns()
    if months:
        _trend_charts(sheet.ws, top, len(months))


def _trend_charts(ws, top: int, count: int) -> None:
    """The line chart of active cooperatives and the bar chart of the monthly flows, drawn
    from the trend table whose header row is ``top``."""
    categories = Reference(ws, min_col=1, min_row=top + 1, max_row=top + count)

    active = LineChart()
    active.title = "Số HTX đang hoạt động"
    active.y_axis.title = "HTX"
    active.y_axis.number_format = INTEGER
    active.add_data(
        Reference(ws, min_col=2, min_row=top, max_row=top + count), titles_from_data=True
    )
    active.set_categories(categories)
    active.height, active.width = 8, 18

    flows = BarChart()
    flows.type = "col"
    flows.title = "HTX thành lập mới và giải thể"
    flows.y_axis.title = "HTX"
    flows.add_data(
        Reference(ws, min_col=3, max_col=4, min_row=top, max_row=top + count),
        titles_from_data=True,
    )
    flows.set_categories(categories)
    flows.height, flows.width = 8, 18
    ws.add_chart(active, "F3")
    ws.add_chart(flows, "F21")


def _tasks(sheet: Sheet, snapshot: dict, period: str) -> None:
    _title(sheet, f"Nhiệm vụ — tháng {period}")
    tasks = snapshot.get("tasks") or {}
    if not tasks.get("available"):
        sheet.not_available()
        return
    summary = tasks.get("summary") or {}
    rows = [
        [u["unit_name"], u["total"], u["completed"], u["overdue"]]
        for u in summary.get("by_unit") or []
    ]
    rows.append(["Tổng số", summary.get("total"), summary.get("completed"), summary.get("overdue")])
    next_row = sheet.table(
        3,
        ["Đơn vị chủ trì", "Tổng số đầu việc", "Hoàn thành", "Quá hạn"],
        rows,
        [None, INTEGER, INTEGER, INTEGER],
    )
    sheet.ws.freeze_panes = "A4"
    overdue = tasks.get("overdue")
    if overdue:
        sheet.row(next_row + 1, ["Đầu việc quá hạn"], [BOLD])
        sheet.table(
            next_row + 2,
            ["Đầu việc", "Đơn vị chủ trì", "Hạn hoàn thành", "Trạng thái"],
            [
                [t.get("title"), t.get("lead_unit"), t.get("due_date"), t.get("status")]
                for t in overdue
            ],
            [None, None, None, None],
        )
    sheet.fit_columns()


INSPECTION_STATUSES = [
    ("planned", "Cuộc kiểm tra theo kế hoạch, chưa bắt đầu"),
    ("in_progress", "Cuộc kiểm tra đang thực hiện"),
    ("concluded", "Cuộc kiểm tra đã kết luận"),
]


def _inspections(sheet: Sheet, snapshot: dict, period: str) -> None:
    _title(sheet, f"Kiểm tra, giám sát — tháng {period}")
    section = snapshot.get("inspections") or {}
    if not section.get("available"):
        sheet.not_available()
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
    sheet.table(3, ["Chỉ tiêu", "Số lượng"], rows, [None, INTEGER])
    sheet.ws.freeze_panes = "A4"
    sheet.fit_columns()


def _complaints(sheet: Sheet, snapshot: dict, period: str) -> None:
    _title(sheet, f"Đơn khiếu nại, tố cáo đang giải quyết — tháng {period}")
    complaints = snapshot.get("complaints") or {}
    if not complaints.get("available"):
        sheet.not_available()
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
    sheet.table(
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
    sheet.ws.freeze_panes = "A4"
    sheet.fit_columns()


SHEETS = (
    (SHEET_SUMMARY, _summary),
    (SHEET_PROVINCES, _provinces),
    (SHEET_SECTORS, _sectors),
    (SHEET_TASKS, _tasks),
    (SHEET_INSPECTIONS, _inspections),
    (SHEET_COMPLAINTS, _complaints),
)


def build_workbook(snapshot: dict) -> bytes:
    """The workbook of a snapshot, as the bytes of an .xlsx file."""
    period = f"{snapshot['month']:02d}/{snapshot['year']}"
    workbook = Workbook()
    styles = Styles(workbook.active)
    for index, (title, write_sheet) in enumerate(SHEETS):
        ws = workbook.active if index == 0 else workbook.create_sheet()
        ws.title = title
        write_sheet(Sheet(ws, styles), snapshot, period)
    workbook.properties.title = f"Báo cáo thống kê tháng {period}"
    workbook.properties.creator = "Liên minh Hợp tác xã Việt Nam"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
