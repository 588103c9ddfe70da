"""The Excel upload of monthly figures: every row of a workbook is checked against the same
rules as the browser form and the API (``services.submissions``), and then all are saved
together, in one transaction, or none is.

A file is handled as a whole: its provinces are resolved with one query, the months on file are
read (and locked) with another, every row is checked in memory, and only when no row has a
problem are the new drafts and the edits written with a few statements (``submissions_write``),
with a history entry per saved row and the audit of each row as any write makes it."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import is_provincial_officer, officer_province_ids
from vca_portal import clock
from vca_portal.errors import ConflictError, StaleVersionError

from ..excel import (
    SheetRow,
    WorkbookRefused,
    cell_error,
    inspect_workbook,
    read_workbook,
    row_error,
    upload_size_limit,
)
from ..models import MonthlySubmission, Province
from .submissions import (
    DraftsTaken,
    apply_edit,
    new_draft,
    province_of_code,
    provinces_with_code,
    require_officers_province,
    submissions_locked,
    submissions_write,
)

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
    """Save every row as a new draft or an edit of the month's draft or returned submission; a
    row identical to what is on file (e.g. an approved month sent back) is left alone. Raises
    ``IntakeRefused`` with every problem, in the order of the rows, and then nothing is saved."""
    problems: dict[int, list[str]] = {}
    own_ids = officer_province_ids(actor) if is_provincial_officer(actor) else None
    placed = _place(actor, rows, own_ids, problems)
    on_file = submissions_locked((province, row.year, row.month) for _i, row, province in placed)
    now = clock.now()
    changes: list[tuple[MonthlySubmission, dict | None]] = []
    change_rows: list[int] = []
    saved: dict[int, MonthlySubmission] = {}
    unchanged = 0
    for index, row, province in placed:
        existing = on_file.get((province.pk, row.year, row.month))
        try:
            if existing is None:
                submission = new_draft(
                    actor=actor,
                    province=province,
                    year=row.year,
                    month=row.month,
                    figures=row.figures,
                    at=now,
                    own_ids=own_ids,
                )
                before = None
            else:
                existing.province = province
                if _as_on_file(existing, row):
                    unchanged += 1
                    continue
                if row.version is None:
                    raise StaleVersionError(
                        _(
                            "%(month)02d/%(year)d was entered after this file was downloaded;"
                            " download the template again."
                        )
                        % {"month": row.month, "year": row.year}
                    )
                submission = existing
                before = apply_edit(
                    actor=actor,
                    submission=existing,
                    version=row.version,
                    changes=row.figures,
                    at=now,
                    own_ids=own_ids,
                )
                if before is None:  # the same figures once normalised: saved as they are
                    saved[index] = submission
                    continue
        except ValidationError as error:
            problems[index] = _messages(row, error)
            continue
        except (ConflictError, StaleVersionError, PermissionDenied) as error:
            problems[index] = [row_error(row.row, str(error))]
            continue
        saved[index] = submission
        changes.append((submission, before))
        change_rows.append(index)
    if not problems:
        try:
            submissions_write(actor=actor, changes=changes, at=now)
        except DraftsTaken as taken:
            for position, error in taken.errors.items():
                index = change_rows[position]
                problems[index] = [row_error(rows[index].row, str(error))]
    if problems:
        raise IntakeRefused([message for index in sorted(problems) for message in problems[index]])
    return IntakeResult(saved=[saved[index] for index in sorted(saved)], unchanged=unchanged)


def _place(
    actor, rows: list[SheetRow], own_ids, problems: dict[int, list[str]]
) -> list[tuple[int, SheetRow, Province]]:
    """Each row with the province its code named in its month, once the month is not a repeat
    of an earlier row's and the actor may report for that province; the others' problems go
    to ``problems``, by row."""
    seen: dict[tuple[int, int], int] = {}
    candidates: dict[str, list[Province]] = {}
    placed = []
    for index, row in enumerate(rows):
        period = (row.year, row.month)
        if period in seen:
            problems[index] = [
                row_error(
                    row.row,
                    _("%(month)02d/%(year)d is already on row %(other)d.")
                    % {"month": row.month, "year": row.year, "other": seen[period]},
                )
            ]
            continue
        seen[period] = row.row
        if row.province_code not in candidates:
            candidates[row.province_code] = provinces_with_code(row.province_code)
        try:
            province = province_of_code(
                candidates[row.province_code],
                code=row.province_code,
                year=row.year,
                month=row.month,
            )
            require_officers_province(actor, province, own_ids=own_ids)
        except ValidationError as error:
            problems[index] = _messages(row, error)
            continue
        except PermissionDenied as error:
            problems[index] = [row_error(row.row, str(error))]
            continue
        placed.append((index, row, province))
    return placed


def _as_on_file(submission: MonthlySubmission, row: SheetRow) -> bool:
    """The row repeats the figures on file (a month sent back as it is, e.g. an approved one)."""
    return submission.figures() == {**submission.figures(), **row.figures}


def _messages(row: SheetRow, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [row_error(row.row, message) for message in error.messages]
    messages = []
    for name, field_errors in error.message_dict.items():
        for message in field_errors:
            if name in row.columns:
                messages.append(cell_error(row.row, name, message, columns=row.columns))
            else:
                messages.append(row_error(row.row, message))
    return messages
