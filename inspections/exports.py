"""CSV and Excel exports of the lists. Cells a spreadsheet would read as a formula are written
as text, and what a complainant's row shows is decided by ``selectors.complainant_for``."""

import csv
import datetime
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from vca_portal.spreadsheets import safe_text

from .selectors import complainant_for, local_today


def inspection_table(inspections: Iterable) -> tuple[list[str], list[list]]:
    header = [
        _("No."),
        pgettext("inspection", "Title"),
        _("Kind"),
        _("Subject"),
        _("Plan"),
        _("Team lead"),
        _("Start date"),
        _("End date"),
        _("Status"),
        _("Conclusion document"),
        _("Concluded on"),
    ]
    rows = [
        [
            i.pk,
            i.title,
            i.get_kind_display(),
            i.subject_display,
            i.plan.document_number if i.plan else "",
            str(i.lead) if i.lead else "",
            i.start_date,
            i.end_date,
            i.get_status_display(),
            i.conclusion_number,
            i.concluded_on,
        ]
        for i in inspections
    ]
    return header, rows


def complaint_table(complaints: Iterable, *, user) -> tuple[list[str], list[list]]:
    from .selectors import may_see_complainant_details

    with_contact = may_see_complainant_details(user)
    header = [
        _("No."),
        _("Received on"),
        _("Accepted on"),
        _("Kind"),
        _("Channel"),
        _("Complainant is"),
        _("Complainant"),
        _("Province"),
    ]
    if with_contact:
        header += [_("Contact person"), _("Phone"), _("Address"), _("E-mail")]
    header += [
        _("Matter"),
        _("Summary"),
        _("Handling unit"),
        _("Handling officer"),
        _("Acceptance deadline"),
        _("Legal deadline"),
        _("Overdue"),
        _("Status"),
        _("Outcome"),
        _("Closed on"),
    ]
    today = local_today()
    rows = []
    for c in complaints:
        who = complainant_for(user=user, complaint=c)
        row = [
            c.pk,
            c.received_on,
            c.accepted_on,
            c.get_kind_display(),
            c.get_channel_display(),
            who.kind_label,
            who.name,
            who.province,
        ]
        if who.contact is not None:
            row += list(who.contact.values())
        row += [
            c.subject,
            c.summary,
            str(c.handling_unit) if c.handling_unit else "",
            str(c.handling_officer) if c.handling_officer else "",
            c.acceptance_due_on,
            c.due_on,
            _("yes") if c.is_overdue_on(today) else "",
            c.get_status_display(),
            c.outcome,
            c.closed_on,
        ]
        rows.append(row)
    return header, rows


def csv_response(filename: str, header: list, rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else safe_text(v) for v in row]
        )
    return response


def xlsx_response(filename: str, title: str, header: list, rows: list[list]) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append([safe_text(v) for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(fmt: str, filename: str, title: str, header: list, rows: list[list]):
    if fmt == "xlsx":
        return xlsx_response(filename, title, header, rows)
    return csv_response(filename, header, rows)
