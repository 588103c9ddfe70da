"""The Excel upload of monthly figures: all rows of a workbook are saved through the same
submission services as the browser form and the API, in one transaction, or none is."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import is_provincial_officer, officer_province_ids
from vca_portal.errors import ConflictError, StaleVersionError

from ..excel import (
    COLUMN_OF,
    SheetRow,
    WorkbookRefused,
    cell_error,
    inspect_workbook,
    read_workbook,
    row_error,
    upload_size_limit,
)
from ..models import MonthlySubmission
from .submissions import resolve_province, submission_save

__all__ = [
    "IntakeRefused",
    "IntakeResult",
    "submissions_import",
    "submissions_upload",
    "upload_size_limit",
]


class IntakeRefused(Exception):
    """Nothing was saved; ``messages`` lists every problem found, by sheet, row and column."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class IntakeResult:
    saved: list[MonthlySubmission]
    unchanged: int


def submissions_upload(*, actor, data: bytes, filename: str = "") -> IntakeResult:
    """Check the workbook (size, zip, macros, XML) before parsing, read every cell, then save
    every filled month as a draft (or an edit of the month's draft or returned submission).
    Raises ``IntakeRefused`` with all the problems, and then nothing is saved."""
    try:
        rows, errors = read_workbook(inspect_workbook(data, filename=filename))
    except WorkbookRefused as refused:
        raise IntakeRefused(refused.messages) from None
    if errors:
        raise IntakeRefused(errors)
    return submissions_import(actor=actor, rows=rows)


@transaction.atomic
def submissions_import(*, actor, rows: list[SheetRow]) -> IntakeResult:
    errors: list[str] = []
    saved: list[MonthlySubmission] = []
    unchanged = 0
    seen: dict[tuple[int, int], int] = {}
    for row in rows:
        period = (row.year, row.month)
        if period in seen:
            errors.append(
                row_error(
                    row.row,
                    _("%(month)02d/%(year)d is already on row %(other)d.")
                    % {"month": row.month, "year": row.year, "other": seen[period]},
                )
            )
            continue
        seen[period] = row.row
        try:
            with transaction.atomic():
                submission = _save_row(actor, row)
        except ValidationError as error:
            errors.extend(_messages(row, error))
            continue
        except (ConflictError, StaleVersionError, PermissionDenied) as error:
            errors.append(row_error(row.row, str(error)))
            continue
        if submission is None:
            unchanged += 1
        else:
            saved.append(submission)
    if errors:
        raise IntakeRefused(errors)  # leaving the atomic block rolls every row back
    return IntakeResult(saved=saved, unchanged=unchanged)


def _save_row(actor, row: SheetRow) -> MonthlySubmission | None:
    province = resolve_province(code=row.province_code, year=row.year, month=row.month)
    if is_provincial_officer(actor) and province.pk not in officer_province_ids(actor):
        raise PermissionDenied(_("You may only report for your own province."))
    existing = MonthlySubmission.objects.filter(
        province=province, year=row.year, month=row.month
    ).first()
    if existing is not None:
        if existing.figures() == {**existing.figures(), **row.figures}:
            return None  # a month sent back as it is on file (e.g. an approved one)
        if row.version is None:
            raise StaleVersionError(
                _(
                    "%(month)02d/%(year)d was entered after this file was downloaded;"
                    " download the template again."
                )
                % {"month": row.month, "year": row.year}
            )
    return submission_save(
        actor=actor,
        province=province,
        year=row.year,
        month=row.month,
        version=row.version if existing is not None else None,
        **row.figures,
    )


def _messages(row: SheetRow, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [row_error(row.row, message) for message in error.messages]
    messages = []
    for name, field_errors in error.message_dict.items():
        for message in field_errors:
            if name in COLUMN_OF:
                messages.append(cell_error(row.row, name, message))
            else:
                messages.append(row_error(row.row, message))
    return messages
