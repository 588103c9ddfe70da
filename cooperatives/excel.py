"""The Excel workbook a provincial union fills in offline: the template it downloads and the
reading of the file it uploads.

An upload is untrusted. Before openpyxl sees a byte, ``inspect_workbook`` checks the file size,
that it is a zip at all, the number of members and their total uncompressed size (declared and
actually read), that it is a plain ``.xlsx`` (no macros) and that no XML part declares a DTD or
entities. Only then is the workbook parsed, and every cell is checked; the rules of the figures
themselves stay in ``services.submissions``.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .models import COUNT_FIELDS, MonthlySubmission, Province

SHEET = "Báo cáo"
TITLE_ROW, PROVINCE_ROW, CODE_ROW, PERIOD_ROW = 1, 2, 3, 4
HEADER_ROW = 6
FIRST_DATA_ROW = HEADER_ROW + 1
NIL_MARK = "x"

# The columns of the report sheet: (field, Vietnamese header). The headers are the file's format,
# checked on upload, so they do not follow the interface language.
COLUMNS = (
    ("year", "Năm"),
    ("month", "Tháng"),
    ("established_agricultural", "Thành lập mới - nông nghiệp"),
    ("established_non_agricultural", "Thành lập mới - phi nông nghiệp"),
    ("dissolved_agricultural", "Giải thể - nông nghiệp"),
    ("dissolved_non_agricultural", "Giải thể - phi nông nghiệp"),
    ("active_total", "Đang hoạt động cuối tháng"),
    ("nil_report", "Không phát sinh (x)"),
    ("explanation", "Giải trình"),
    ("version", "Phiên bản (không sửa)"),
)
COLUMN_OF = {name: get_column_letter(index) for index, (name, _header) in enumerate(COLUMNS, 1)}
FIGURE_COLUMNS = COUNT_FIELDS
EDITABLE_COLUMNS = (*COUNT_FIELDS, "nil_report", "explanation")
MAX_EXPLANATION = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO_MARKERS = (b"macroenabled", b"vbaproject", b"application/vnd.ms-office.vba")
_DTD_MARKERS = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
_CHUNK = 64 * 1024
_IMAGE_SUFFIXES = (".png", ".jpeg", ".jpg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf")


class WorkbookRefused(Exception):
    """The upload cannot be used; ``messages`` says why, in the user's language."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class SheetRow:
    """One filled row of the report sheet, checked cell by cell but not yet against the rules."""

    row: int
    province_code: str
    year: int
    month: int
    version: int | None
    figures: dict = field(default_factory=dict)


# The template ------------------------------------------------------------------------------


def template_filename(province: Province, months: list[tuple[int, int]]) -> str:
    (first_year, first_month), (last_year, last_month) = months[0], months[-1]
    return (
        f"bao-cao-htx-{province.code}-{province.codename}-"
        f"{first_year}{first_month:02d}-{last_year}{last_month:02d}.xlsx"
    )


def build_template(
    *, province: Province, months: list[tuple[int, int]], submissions: list[MonthlySubmission]
) -> bytes:
    """The workbook for one province and the given months (in order): one row per month,
    prefilled with what is on file. Headers, year, month and version are locked; the figure
    cells accept only whole numbers ≥ 0."""
    on_file = {(s.year, s.month): s for s in submissions}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    bold = Font(bold=True)
    sheet["A1"] = "BÁO CÁO SỐ LƯỢNG HỢP TÁC XÃ HẰNG THÁNG"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet[f"A{PROVINCE_ROW}"], sheet[f"C{PROVINCE_ROW}"] = "Tỉnh/thành phố:", province.name
    sheet[f"A{CODE_ROW}"], sheet[f"C{CODE_ROW}"] = "Mã tỉnh (GSO):", province.code
    sheet[f"A{PERIOD_ROW}"] = "Kỳ báo cáo:"
    (first_year, first_month), (last_year, last_month) = months[0], months[-1]
    sheet[f"C{PERIOD_ROW}"] = f"{first_month:02d}/{first_year} - {last_month:02d}/{last_year}"
    sheet["A5"] = (
        "Điền các số liệu là số nguyên không âm; đánh dấu x ở cột Không phát sinh nếu trong tháng"
        " không có HTX thành lập mới hoặc giải thể. Dòng để trống không được lưu."
    )
    sheet["A5"].font = Font(italic=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, (_name, header) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=header)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.column_dimensions[COLUMN_OF["explanation"]].width = 40
    sheet.row_dimensions[HEADER_ROW].height = 45

    last_row = FIRST_DATA_ROW + len(months) - 1
    numbers = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số liệu không hợp lệ",
        error="Phải là số nguyên không âm.",
    )
    nil = DataValidation(type="list", formula1=f'"{NIL_MARK}"', allow_blank=True)
    sheet.add_data_validation(numbers)
    sheet.add_data_validation(nil)
    numbers.add(
        f"{COLUMN_OF['established_agricultural']}{FIRST_DATA_ROW}:"
        f"{COLUMN_OF['active_total']}{last_row}"
    )
    nil.add(f"{COLUMN_OF['nil_report']}{FIRST_DATA_ROW}:{COLUMN_OF['nil_report']}{last_row}")

    for offset, (year, month) in enumerate(months):
        row = FIRST_DATA_ROW + offset
        submission = on_file.get((year, month))
        values = {"year": year, "month": month}
        if submission is not None:
            values.update({name: getattr(submission, name) for name in COUNT_FIELDS})
            values["nil_report"] = NIL_MARK if submission.nil_report else None
            values["explanation"] = submission.explanation or None
            values["version"] = submission.version
        for name, column in COLUMN_OF.items():
            cell = sheet[f"{column}{row}"]
            cell.value = values.get(name)
            if name == "explanation" and isinstance(cell.value, str):
                cell.data_type = "s"  # a stored explanation is text, never a formula
            if name in EDITABLE_COLUMNS:
                cell.protection = Protection(locked=False)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    # Locked cells (everything but the figures) cannot be changed; the password only keeps a
    # careless edit from breaking the format, it is not a secret.
    sheet.protection.sheet = True
    sheet.protection.password = "vca"  # noqa: S105
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The upload --------------------------------------------------------------------------------


def upload_size_limit() -> int:
    return _limits()["size"]


def _limits() -> dict:
    return {
        "size": getattr(settings, "EXCEL_UPLOAD_MAX_BYTES", 2 * 1024 * 1024),
        "uncompressed": getattr(settings, "EXCEL_UPLOAD_MAX_UNCOMPRESSED_BYTES", 20 * 1024 * 1024),
        "members": getattr(settings, "EXCEL_UPLOAD_MAX_MEMBERS", 200),
    }


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def inspect_workbook(data: bytes, *, filename: str = "") -> None:
    """Refuse, before any parsing, what is not a small, plain, macro-free ``.xlsx`` without
    DTDs. Raises ``WorkbookRefused``."""
    limits = _limits()
    if len(data) > limits["size"]:
        raise WorkbookRefused(
            [
                _("The file is larger than %(limit)s MB; split it by period.")
                % {"limit": _megabytes(limits["size"])}
            ]
        )
    name = filename.lower()
    if name.endswith((".xlsm", ".xltm", ".xlsb", ".xls")):
        raise WorkbookRefused(
            [_("Only .xlsx workbooks without macros are accepted; save the file as .xlsx.")]
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookRefused([_("The file is not an Excel workbook (.xlsx).")])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WorkbookRefused([_("The file is not an Excel workbook (.xlsx).")]) from None
    with archive:
        if len(members) > limits["members"]:
            raise WorkbookRefused([_("The workbook has too many parts to be a report.")])
        if sum(member.file_size for member in members) > limits["uncompressed"]:
            raise WorkbookRefused([_("The workbook is too large once uncompressed.")])
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names:
            raise WorkbookRefused([_("The file is not an Excel workbook (.xlsx).")])
        total = 0
        for member in members:
            lowered = member.filename.lower()
            if lowered.endswith(".bin") or "vbaproject" in lowered:
                raise WorkbookRefused(
                    [_("Only .xlsx workbooks without macros are accepted; save the file as .xlsx.")]
                )
            try:
                total = _scan_member(archive, member, total, limits["uncompressed"])
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError):
                raise WorkbookRefused([_("The file is damaged and cannot be read.")]) from None
        content_types = archive.read("[Content_Types].xml")
    lowered_types = content_types.lower()
    if any(marker in lowered_types for marker in _MACRO_MARKERS):
        raise WorkbookRefused(
            [_("Only .xlsx workbooks without macros are accepted; save the file as .xlsx.")]
        )
    if _XLSX_MAIN not in content_types:
        raise WorkbookRefused([_("The file is not an Excel workbook (.xlsx).")])


def _scan_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, total: int, limit: int) -> int:
    """Read one part in chunks, counting the bytes really produced (a zip can lie about sizes),
    and refuse a part that declares a DTD or entities (entity expansion bombs). Every part but
    images is scanned, whatever its name: the relationships, not the file name, decide what
    openpyxl parses as XML."""
    name = member.filename.lower()
    is_media = name.startswith("xl/media/") or name.endswith(_IMAGE_SUFFIXES)
    tail = b""
    first = True
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise WorkbookRefused([_("The workbook is too large once uncompressed.")])
            if is_media:
                continue
            if first and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]):
                # UTF-16/32 XML would hide a DTD from the byte scan below.
                raise WorkbookRefused([_("The workbook contains XML this portal does not accept.")])
            first = False
            if _DTD_MARKERS.search(tail + chunk):
                raise WorkbookRefused([_("The workbook contains XML this portal does not accept.")])
            tail = chunk[-16:]
    return total


def _cell_name(row: int, column: str) -> str:
    return _("Sheet '%(sheet)s', row %(row)d, column %(column)s") % {
        "sheet": SHEET,
        "row": row,
        "column": column,
    }


def cell_error(row: int, name: str, message: str) -> str:
    return f"{_cell_name(row, COLUMN_OF.get(name, 'A'))}: {message}"


def row_error(row: int, message: str) -> str:
    return _("Sheet '%(sheet)s', row %(row)d") % {"sheet": SHEET, "row": row} + f": {message}"


def _whole(value) -> int | None:
    """A whole number ≥ 0 from a cell, or ``None`` when the cell does not hold one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,9}\s*", value):
        return int(value)
    return None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_workbook(data: bytes) -> tuple[list[SheetRow], list[str]]:
    """The filled rows of an inspected workbook and the cell errors found, by sheet, row and
    column. Rows with no figure at all are skipped (months not reported yet)."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise WorkbookRefused([_("The file is damaged and cannot be read.")]) from None
    try:
        if SHEET not in workbook.sheetnames:
            raise WorkbookRefused(
                [
                    _("The workbook has no sheet '%(sheet)s'; download the template again.")
                    % {"sheet": SHEET}
                ]
            )
        sheet = workbook[SHEET]
        rows = list(sheet.iter_rows(min_row=1, max_col=len(COLUMNS) + 1, values_only=True))
    finally:
        workbook.close()
    errors: list[str] = []
    header = list(rows[HEADER_ROW - 1]) if len(rows) >= HEADER_ROW else []
    header += [None] * (len(COLUMNS) + 1 - len(header))
    for index, (_name, expected) in enumerate(COLUMNS):
        found = header[index]
        if not isinstance(found, str) or found.strip() != expected:
            errors.append(
                f"{_cell_name(HEADER_ROW, get_column_letter(index + 1))}: "
                + _(
                    "the heading must be “%(expected)s”; use the template without changing its"
                    " columns."
                )
                % {"expected": expected}
            )
    if not _blank(header[len(COLUMNS)]):
        errors.append(
            f"{_cell_name(HEADER_ROW, get_column_letter(len(COLUMNS) + 1))}: "
            + _("unexpected column; use the template without changing its columns.")
        )
    if errors:
        return [], errors

    code_cell = rows[CODE_ROW - 1][2] if len(rows[CODE_ROW - 1]) > 2 else None
    code = str(code_cell).strip() if code_cell is not None else ""
    if isinstance(code_cell, (int, float)) and not isinstance(code_cell, bool):
        code = f"{int(code_cell):02d}"
    if not re.fullmatch(r"\d{2}", code):
        errors.append(f"{_cell_name(CODE_ROW, 'C')}: " + _("the province code must be two digits."))
        return [], errors

    parsed: list[SheetRow] = []
    for number, values in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
        values = list(values) + [None] * (len(COLUMNS) - len(values))
        cells = {name: values[index] for index, (name, _header) in enumerate(COLUMNS)}
        if all(_blank(cells[name]) for name in EDITABLE_COLUMNS):
            continue
        row_errors: list[str] = []
        period = {}
        for name in ("year", "month"):
            period[name] = _whole(cells[name])
            if period[name] is None:
                row_errors.append(cell_error(number, name, _("must be a whole number, 0 or more")))
        figures: dict = {}
        for name in COUNT_FIELDS:
            value = cells[name]
            if _blank(value) and name != "active_total":
                figures[name] = 0
                continue
            if _blank(value):
                row_errors.append(
                    cell_error(
                        number, name, _("enter the number of cooperatives active at month end")
                    )
                )
                continue
            whole = _whole(value)
            if whole is None:
                row_errors.append(cell_error(number, name, _("must be a whole number, 0 or more")))
            else:
                figures[name] = whole
        nil = cells["nil_report"]
        if _blank(nil):
            figures["nil_report"] = False
        elif isinstance(nil, str) and nil.strip().lower() == NIL_MARK:
            figures["nil_report"] = True
        else:
            row_errors.append(cell_error(number, "nil_report", _("leave empty or write x")))
        explanation = cells["explanation"]
        explanation = "" if _blank(explanation) else str(explanation).strip()
        explanation = ILLEGAL_CHARACTERS_RE.sub("", explanation)
        if len(explanation) > MAX_EXPLANATION:
            row_errors.append(
                cell_error(
                    number,
                    "explanation",
                    _("at most %(limit)d characters") % {"limit": MAX_EXPLANATION},
                )
            )
        figures["explanation"] = explanation
        version = cells["version"]
        if _blank(version):
            version = None
        else:
            version = _whole(version)
            if version is None:
                row_errors.append(
                    cell_error(number, "version", _("do not change this cell; download again"))
                )
        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.append(
            SheetRow(
                row=number,
                province_code=code,
                year=period["year"],
                month=period["month"],
                version=version,
                figures=figures,
            )
        )
    if not parsed and not errors:
        errors.append(_("The workbook has no filled row to save."))
    return parsed, errors


def months_between(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    year, month = start
    while (year, month) <= end:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
