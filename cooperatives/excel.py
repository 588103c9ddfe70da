"""The Excel workbook a provincial union fills in offline: the template it downloads and the
reading of the file it uploads.

An upload is untrusted. Before any XML parser sees a byte, ``inspect_workbook`` checks the file
size, that it is a zip at all, the number of members and their total uncompressed size
(declared and actually read), that it is a plain ``.xlsx`` (no macros) and that no XML part
declares a DTD or entities. Only then are the report sheet's values read (``read_workbook``,
with lxml, as openpyxl's read-only mode would read them), and every cell is checked; the rules
of the figures themselves stay in ``services.submissions``.

The sheet asks for the active total by kind (of it, the unions of cooperatives; beside it, from
07/2024, the cooperative groups) as the monthly form does. A template downloaded before it asked
(``LEGACY_COLUMNS``) is still read: its rows leave the kinds as they are on file.
"""

import functools
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)
from openpyxl.utils.exceptions import CellCoordinatesException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.constants import (
    ARC_STYLE,
    ARC_WORKBOOK,
    CONTYPES_NS,
    PKG_REL_NS,
    REL_NS,
    SHARED_STRINGS,
    SHEET_MAIN_NS,
    XLSM,
    XLSX,
    XLTM,
    XLTX,
)

from .choices import COOPERATIVE_LAW_2023_IN_FORCE
from .models import COUNT_FIELDS, KIND_FIELDS, MonthlySubmission, Province, gso_code

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
    ("active_unions", "Trong đó: liên hiệp HTX"),
    ("active_groups", "Tổ hợp tác đang hoạt động (từ 07/2024)"),
    ("nil_report", "Không phát sinh (x)"),
    ("explanation", "Giải trình"),
    ("version", "Phiên bản (không sửa)"),
)
# The columns of the template before it asked for the kinds.
LEGACY_COLUMNS = tuple(column for column in COLUMNS if column[0] not in KIND_FIELDS)


def _letters(columns) -> dict[str, str]:
    return {name: get_column_letter(index) for index, (name, _header) in enumerate(columns, 1)}


COLUMN_OF = _letters(COLUMNS)
LEGACY_COLUMN_OF = _letters(LEGACY_COLUMNS)
FIGURE_COLUMNS = (*COUNT_FIELDS, *KIND_FIELDS)
EDITABLE_COLUMNS = (*COUNT_FIELDS, *KIND_FIELDS, "nil_report", "explanation")
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
    # The column letters of the layout the row was read in (the template's, or a legacy one's).
    columns: dict[str, str] = field(default_factory=lambda: COLUMN_OF)


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
        " không có HTX thành lập mới hoặc giải thể. Liên hiệp HTX là một phần của số HTX đang"
        " hoạt động; tổ hợp tác được tính riêng, chỉ từ tháng 07/2024. Dòng để trống không được"
        " lưu."
    )
    sheet["A5"].font = Font(italic=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    locked_fill = PatternFill("solid", fgColor="EDEDED")
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
        f"{COLUMN_OF['active_groups']}{last_row}"
    )
    nil.add(f"{COLUMN_OF['nil_report']}{FIRST_DATA_ROW}:{COLUMN_OF['nil_report']}{last_row}")

    for offset, (year, month) in enumerate(months):
        row = FIRST_DATA_ROW + offset
        submission = on_file.get((year, month))
        values = {"year": year, "month": month}
        if submission is not None:
            values.update({name: getattr(submission, name) for name in FIGURE_COLUMNS})
            values["nil_report"] = NIL_MARK if submission.nil_report else None
            values["explanation"] = submission.explanation or None
            values["version"] = submission.version
        for name, column in COLUMN_OF.items():
            cell = sheet[f"{column}{row}"]
            cell.value = values.get(name)
            if name == "explanation" and isinstance(cell.value, str):
                cell.data_type = "s"  # a stored explanation is text, never a formula
            if name == "active_groups" and (year, month) < COOPERATIVE_LAW_2023_IN_FORCE:
                cell.fill = locked_fill  # groups are reported from 07/2024 only
                continue
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


def inspect_workbook(data: bytes, *, filename: str = "") -> dict[str, bytes]:
    """Refuse, before any parsing, what is not a small, plain, macro-free ``.xlsx`` without
    DTDs. Raises ``WorkbookRefused``. Returns the parts that were scanned (all but images), by
    name: ``read_workbook`` parses these very bytes and nothing else."""
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
        parts: dict[str, bytes] = {}
        for member in members:
            lowered = member.filename.lower()
            if lowered.endswith(".bin") or "vbaproject" in lowered:
                raise WorkbookRefused(
                    [_("Only .xlsx workbooks without macros are accepted; save the file as .xlsx.")]
                )
            try:
                total = _scan_member(archive, member, total, limits["uncompressed"], parts)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError):
                raise WorkbookRefused([_("The file is damaged and cannot be read.")]) from None
    content_types = parts["[Content_Types].xml"]
    lowered_types = content_types.lower()
    if any(marker in lowered_types for marker in _MACRO_MARKERS):
        raise WorkbookRefused(
            [_("Only .xlsx workbooks without macros are accepted; save the file as .xlsx.")]
        )
    if _XLSX_MAIN not in content_types:
        raise WorkbookRefused([_("The file is not an Excel workbook (.xlsx).")])
    return parts


def _scan_member(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    total: int,
    limit: int,
    parts: dict[str, bytes],
) -> int:
    """Read one part in chunks, counting the bytes really produced (a zip can lie about sizes),
    and refuse a part that declares a DTD or entities (entity expansion bombs). Every part but
    images is scanned, whatever its name (the relationships, not the file name, decide what is
    parsed as XML), and kept in ``parts``."""
    name = member.filename.lower()
    is_media = name.startswith("xl/media/") or name.endswith(_IMAGE_SUFFIXES)
    tail = b""
    first = True
    chunks = []
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
            chunks.append(chunk)
    if not is_media:
        parts[member.filename] = b"".join(chunks)
    return total


def _cell_name(row: int, column: str) -> str:
    return _("Sheet '%(sheet)s', row %(row)d, column %(column)s") % {
        "sheet": SHEET,
        "row": row,
        "column": column,
    }


def cell_error(row: int, name: str, message: str, *, columns: dict[str, str] = COLUMN_OF) -> str:
    """``message`` about the cell of field ``name`` in ``row``, in the layout of ``columns``."""
    return f"{_cell_name(row, columns.get(name, 'A'))}: {message}"


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


# Reading the cell values of one sheet ------------------------------------------------------
#
# openpyxl's ``load_workbook`` (even read-only) builds a whole workbook: styles, theme, named
# styles, properties. An upload needs the values of one sheet, so they are read here straight
# from its XML parts with lxml, the way openpyxl's read-only, values-only, data-only mode reads
# them (same workbook and shared-string parts, same cell types, cached formula results, date
# styles turned into dates). Only inspected files get here (no DTD, bounded sizes), and the
# parser resolves no entity and fetches nothing.

_MAIN = f"{{{SHEET_MAIN_NS}}}"
_REL_ID = f"{{{REL_NS}}}id"
_PKG = f"{{{PKG_REL_NS}}}"
_TYPES = f"{{{CONTYPES_NS}}}"
_ROW, _CELL, _VALUE, _INLINE = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}is"
_MAX_ROWS = 1_048_576  # Excel's limit; a larger row number is not a real sheet
_WORKBOOK_TYPES = (XLTM, XLTX, XLSM, XLSX)  # the order in which openpyxl looks for them


class _NoSuchSheet(Exception):
    pass


# What a damaged or malformed part raises while its values are read.
_UNREADABLE = (
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    OverflowError,
    OSError,
    EOFError,
    RuntimeError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    etree.LxmlError,
    CellCoordinatesException,
)


def _xml(parts: dict[str, bytes], name: str):
    parser = etree.XMLParser(  # one per document: an lxml parser is not shared across threads
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    return etree.fromstring(parts[name], parser)


def _text(node) -> str:
    """The text of a shared or inline string: its own ``t`` and its rich-text runs' ``t``."""
    plain, runs = None, []
    for child in node:
        if child.tag == f"{_MAIN}t":
            plain = child.text
        elif child.tag == f"{_MAIN}r":
            run = None
            for run_text in child.iterchildren(f"{_MAIN}t"):
                run = run_text.text
            runs.append(run)
    return "".join(filter(None, [plain, *runs]))


@functools.lru_cache(maxsize=4096)
def _column_of(coordinate: str) -> int:
    return coordinate_to_tuple(coordinate)[1]


def _workbook_part(types) -> str:
    overrides = [(o.get("ContentType"), o.get("PartName")) for o in types.iter(f"{_TYPES}Override")]
    for content_type in _WORKBOOK_TYPES:
        for found, part in overrides:
            if found == content_type:
                return part[1:]
    defaults = {d.get("ContentType") for d in types.iter(f"{_TYPES}Default")}
    if defaults & set(_WORKBOOK_TYPES):
        return ARC_WORKBOOK
    raise KeyError("no workbook part")


def _sheet_path(parts: dict[str, bytes], workbook_path: str, workbook, name: str) -> str:
    folder, part = posixpath.split(workbook_path)
    rels_path = posixpath.join(folder, "_rels", f"{part}.rels")
    targets = {}
    for rel in _xml(parts, rels_path).iter(f"{_PKG}Relationship"):
        target = rel.get("Target")
        if rel.get("TargetMode") == "External" or target is None:
            continue
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        targets[rel.get("Id")] = (target, rel.get("Type") or "")
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        if not sheet.get(_REL_ID):
            continue
        target, kind = targets[sheet.get(_REL_ID)]
        if target not in parts or "chartsheet" in kind:
            continue
        if sheet.get("name") == name:
            return target
    raise _NoSuchSheet(name)


def _date_styles(parts: dict[str, bytes]) -> tuple[set[int], set[int]]:
    """The cell styles whose number format is a date, and those that are a duration."""
    if ARC_STYLE not in parts:
        return set(), set()
    styles = _xml(parts, ARC_STYLE)
    custom = {
        int(number_format.get("numFmtId")): number_format.get("formatCode")
        for formats in styles.iterchildren(f"{_MAIN}numFmts")
        for number_format in formats.iterchildren(f"{_MAIN}numFmt")
    }
    dates, durations = set(), set()
    cell_styles = styles.findall(f"{_MAIN}cellXfs")
    for index, xf in enumerate(cell_styles[-1].iterchildren(f"{_MAIN}xf") if cell_styles else ()):
        number_format = int(xf.get("numFmtId", 0))
        if number_format in custom:
            code = custom[number_format]
        else:
            code = builtin_format_code(number_format)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


def _sheet_values(parts: dict[str, bytes], name: str, *, width: int) -> list[tuple]:
    """The values of columns 1 to ``width`` of sheet ``name``, one tuple per row from row 1 to
    the last row present (missing rows and cells are ``None``)."""
    types = _xml(parts, "[Content_Types].xml")
    workbook_path = _workbook_part(types)
    workbook = _xml(parts, workbook_path)
    sheet_path = _sheet_path(parts, workbook_path, workbook, name)
    strings = []
    for override in types.iter(f"{_TYPES}Override"):
        if override.get("ContentType") == SHARED_STRINGS:
            table = _xml(parts, override.get("PartName")[1:])
            strings = [_text(item).replace("x005F_", "") for item in table.iter(f"{_MAIN}si")]
            break
    epoch = CALENDAR_WINDOWS_1900
    for properties in workbook.iterchildren(f"{_MAIN}workbookPr"):
        date1904 = properties.get("date1904")
        is_1904 = date1904 not in (None, "", "false", "f", "0")
        epoch = CALENDAR_MAC_1904 if is_1904 else CALENDAR_WINDOWS_1900
    dates, durations = _date_styles(parts)
    sheet = _xml(parts, sheet_path)

    rows: list[tuple] = []
    number = 0
    for row in sheet.iter(_ROW):
        found = row.get("r")
        number = number + 1 if found is None else _row_number(found)
        if number <= len(rows):
            continue  # a repeated or backward row: openpyxl keeps the first
        values = [None] * width
        column = 0
        for cell in row:
            coordinate = cell.get("r")
            column = _column_of(coordinate) if coordinate else column + 1
            if column <= width:
                values[column - 1] = _cell_value(cell, strings, dates, durations, epoch)
        rows.extend([(None,) * width] * (number - 1 - len(rows)))
        rows.append(tuple(values))
    return rows


def _row_number(found: str) -> int:
    try:
        number = int(found)
    except ValueError:
        as_float = float(found)
        if not as_float.is_integer():
            raise
        number = int(as_float)
    if number > _MAX_ROWS:
        raise ValueError(found)
    return number


def _cell_value(cell, strings: list[str], dates: set[int], durations: set[int], epoch):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        return None if inline is None else _text(inline)
    value = None
    for child in cell:
        if child.tag == _VALUE:
            value = child.text or None
            break
    if value is None:
        return None
    if kind == "n":
        number = float(value) if "." in value or "e" in value.lower() else int(value)
        style = cell.get("s")
        if style and int(style) in dates:
            try:
                return from_excel(number, epoch, timedelta=int(style) in durations)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return from_ISO8601(value)
    return value  # "str" (a formula's text), "e" (an error such as #N/A)


def read_workbook(parts: dict[str, bytes]) -> tuple[list[SheetRow], list[str]]:
    """The filled rows of a workbook, from the parts ``inspect_workbook`` checked, and the cell
    errors found, by sheet, row and column. Rows with no figure at all are skipped (months not
    reported yet)."""
    try:
        rows = _sheet_values(parts, SHEET, width=len(COLUMNS) + 1)
    except _NoSuchSheet:
        raise WorkbookRefused(
            [
                _("The workbook has no sheet '%(sheet)s'; download the template again.")
                % {"sheet": SHEET}
            ]
        ) from None
    except _UNREADABLE:
        raise WorkbookRefused([_("The file is damaged and cannot be read.")]) from None
    header = list(rows[HEADER_ROW - 1]) if len(rows) >= HEADER_ROW else []
    layout = COLUMNS
    if _header_errors(header, LEGACY_COLUMNS) == []:
        layout = LEGACY_COLUMNS  # a template downloaded before the kinds were asked for
    errors = _header_errors(header, layout)
    if errors:
        return [], errors
    columns = _letters(layout)

    code_cell = rows[CODE_ROW - 1][2] if len(rows[CODE_ROW - 1]) > 2 else None
    code = str(code_cell).strip() if code_cell is not None else ""
    if isinstance(code_cell, (int, float)) and not isinstance(code_cell, bool):
        code = gso_code(code_cell)
    if not re.fullmatch(r"\d{2}", code):
        errors.append(f"{_cell_name(CODE_ROW, 'C')}: " + _("the province code must be two digits."))
        return [], errors

    at_cell = functools.partial(cell_error, columns=columns)
    parsed: list[SheetRow] = []
    for number, values in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
        values = list(values) + [None] * (len(layout) - len(values))
        cells = {name: values[index] for index, (name, _header) in enumerate(layout)}
        if all(_blank(cells[name]) for name in EDITABLE_COLUMNS if name in cells):
            continue
        row_errors: list[str] = []
        period = {}
        for name in ("year", "month"):
            period[name] = _whole(cells[name])
            if period[name] is None:
                row_errors.append(at_cell(number, name, _("must be a whole number, 0 or more")))
        figures: dict = {}
        for name in COUNT_FIELDS:
            value = cells[name]
            if _blank(value) and name != "active_total":
                figures[name] = 0
                continue
            if _blank(value):
                row_errors.append(
                    at_cell(number, name, _("enter the number of cooperatives active at month end"))
                )
                continue
            whole = _whole(value)
            if whole is None:
                row_errors.append(at_cell(number, name, _("must be a whole number, 0 or more")))
            else:
                figures[name] = whole
        if layout is COLUMNS:
            # Of the active total, the unions (none when left empty); beside it the groups
            # (not reported when left empty). Their rules are the form's, in the service.
            for name, empty in (("active_unions", 0), ("active_groups", None)):
                if _blank(cells[name]):
                    figures[name] = empty
                elif (whole := _whole(cells[name])) is None:
                    row_errors.append(at_cell(number, name, _("must be a whole number, 0 or more")))
                else:
                    figures[name] = whole
        nil = cells["nil_report"]
        if _blank(nil):
            figures["nil_report"] = False
        elif isinstance(nil, str) and nil.strip().lower() == NIL_MARK:
            figures["nil_report"] = True
        else:
            row_errors.append(at_cell(number, "nil_report", _("leave empty or write x")))
        explanation = cells["explanation"]
        explanation = "" if _blank(explanation) else str(explanation).strip()
        explanation = ILLEGAL_CHARACTERS_RE.sub("", explanation)
        if len(explanation) > MAX_EXPLANATION:
            row_errors.append(
                at_cell(
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
                    at_cell(number, "version", _("do not change this cell; download again"))
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
                columns=columns,
            )
        )
    if not parsed and not errors:
        errors.append(_("The workbook has no filled row to save."))
    return parsed, errors


def _header_errors(header: list, layout) -> list[str]:
    """What is wrong with the heading row for the columns of ``layout``."""
    header = header + [None] * (len(layout) + 1 - len(header))
    errors = []
    for index, (_name, expected) in enumerate(layout):
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
    if not _blank(header[len(layout)]):
        errors.append(
            f"{_cell_name(HEADER_ROW, get_column_letter(len(layout) + 1))}: "
            + _("unexpected column; use the template without changing its columns.")
        )
    return errors


def months_between(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    year, month = start
    while (year, month) <= end:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
