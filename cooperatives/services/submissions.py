"""The rules of the monthly submissions, in one place for the browser form, the API and the
Excel upload alike.

Every write locks the row (``select_for_update``), checks that the step fits the current status
(else ``ConflictError``), then the version the caller started from (else ``StaleVersionError``),
bumps the version and records a ``SubmissionEvent`` with the figures before and after.
Validation problems are a Django ``ValidationError`` keyed by field, with Vietnamese messages.

The rules of a creation (``new_draft``) and of an edit (``apply_edit``) work on objects in
memory, so that the Excel upload can check a whole file and then write it in a few statements
(``submissions_write``) under the very same rules as ``submission_create`` and
``submission_update``.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable
from functools import partial, reduce
from operator import or_

import pgtrigger
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.access import Capability, has_capability, is_provincial_officer, officer_province_ids
from vca_portal import bounds, clock
from vca_portal.errors import ConflictError, StaleVersionError
from vca_portal.numbers import grouped

from ..choices import (
    COOPERATIVE_LAW_2023_IN_FORCE,
    EDITABLE_STATUSES,
    SubmissionAction,
    SubmissionStatus,
)
from ..models import (
    COUNT_FIELDS,
    FIGURE_FIELDS,
    KIND_FIELDS,
    MonthlySubmission,
    Province,
    SubmissionEvent,
    month_end,
)
from ..selectors import is_submission_late, stock_flow_check
from ..signals import submission_figures_changed
from ..statistics_cache import invalidate_on_commit as statistics_changed

# The database trigger that locks approved rows; only reopening lifts it.
APPROVED_LOCK = "cooperatives.MonthlySubmission:approved_submission_locked"

MOVEMENT_FIELDS = COUNT_FIELDS[:4]


# Checks shared by every entry path ---------------------------------------------------------


def current_period() -> tuple[int, int]:
    """This month (year, month) in Vietnam."""
    today = clock.today()
    return today.year, today.month


def validate_period(*, year, month) -> None:
    """A real month that is not in the future."""
    errors = {}
    if not _is_whole(year) or not 2000 <= year <= 2100:
        errors["year"] = _("Enter a year between 2000 and 2100.")
    if not _is_whole(month) or not 1 <= month <= 12:
        errors["month"] = _("Enter a month between 1 and 12.")
    if errors:
        raise ValidationError(errors)
    if (year, month) > current_period():
        raise ValidationError(
            {
                "month": _("%(month)02d/%(year)d is in the future; it cannot be reported yet.")
                % {"month": month, "year": year}
            }
        )


def resolve_province(*, code: str | int, year: int, month: int) -> Province:
    """The province that bore GSO ``code`` in that month: ``15`` is Yên Bái in 2021 and the
    merged Lào Cai in 2026; ``02`` (Hà Giang) does not exist in 2026."""
    return province_of_code(provinces_with_code(code), code=code, year=year, month=month)


def provinces_with_code(code: str | int) -> list[Province]:
    """Every province that has borne GSO ``code`` (two where the code was reused in 2025), for
    ``province_of_code`` to choose from month by month."""
    try:
        return list(Province.objects.with_code(code))
    except (ValueError, TypeError):
        return []


def province_of_code(
    candidates: Iterable[Province], *, code: str | int, year: int, month: int
) -> Province:
    """The one of ``candidates`` (``provinces_with_code(code)``) that bore ``code`` in that
    month, with ``resolve_province``'s checks and messages."""
    validate_period(year=year, month=month)
    day = month_end(year, month)
    found = [province for province in candidates if province.is_valid_on(day)]
    if len(found) > 1:
        raise Province.MultipleObjectsReturned(f"Provinces {found} all bore code {code} on {day}.")
    if not found:
        raise ValidationError(
            {
                "province": _(
                    "No province had the code “%(code)s” in %(month)02d/%(year)d."
                    " The 63 former provinces report until 06/2025, the 34 current ones"
                    " from 07/2025."
                )
                % {"code": code, "month": month, "year": year}
            }
        )
    return found[0]


def validate_province_in_period(*, province: Province, year: int, month: int) -> None:
    if not province.is_valid_on(month_end(year, month)):
        raise ValidationError(
            {
                "province": _("%(province)s did not exist in %(month)02d/%(year)d.")
                % {"province": province.name, "month": month, "year": year}
            }
        )


def validate_figures(figures: dict) -> None:
    """Counts are whole numbers ≥ 0; a nil report has no establishments or dissolutions."""
    bounds.refuse_out_of_range(
        MonthlySubmission, {field: figures.get(field) for field in COUNT_FIELDS}
    )
    if figures.get("nil_report") and any(figures[field] for field in MOVEMENT_FIELDS):
        raise ValidationError(
            {
                "nil_report": _(
                    "A nil report cannot have established or dissolved cooperatives;"
                    " untick “nothing to report” or set those counts to 0."
                )
            }
        )


def validate_kinds(figures: dict, *, year: int, month: int) -> None:
    """The active total by kind: the unions of cooperatives are part of it, so no more than it;
    cooperative groups are reported from 07/2024 (the 2023 Cooperative Law), not before."""
    values = {"active_unions": figures.get("active_unions", 0)}
    if figures.get("active_groups") is not None:
        values["active_groups"] = figures["active_groups"]
    bounds.refuse_out_of_range(MonthlySubmission, values)
    if values["active_unions"] > figures["active_total"]:
        raise ValidationError(
            {
                "active_unions": _(
                    "The unions of cooperatives (%(unions)s) are part of the active cooperatives"
                    " (%(active)s) and cannot outnumber them."
                )
                % {
                    "unions": grouped(values["active_unions"]),
                    "active": grouped(figures["active_total"]),
                }
            }
        )
    if "active_groups" in values and (year, month) < COOPERATIVE_LAW_2023_IN_FORCE:
        raise ValidationError(
            {
                "active_groups": _(
                    "Cooperative groups are reported from 07/2024, when the 2023 Cooperative"
                    " Law took effect; leave the field empty for %(month)02d/%(year)d."
                )
                % {"month": month, "year": year}
            }
        )


def _is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _require(actor, capability: Capability) -> None:
    if not has_capability(actor, capability):
        raise PermissionDenied(_("You do not have permission to perform this action."))


def require_officers_province(
    actor, province: Province, *, own_ids: Collection[int] | None = None
) -> None:
    """A provincial officer acts only for their own province (and its predecessors).
    ``own_ids`` is ``officer_province_ids(actor)`` when the caller has it already."""
    if not is_provincial_officer(actor):
        return
    if own_ids is None:
        own_ids = officer_province_ids(actor)
    if province.pk not in own_ids:
        raise PermissionDenied(_("You may only report for your own province."))


def _require_own_province(
    actor, province: Province, *, own_ids: Collection[int] | None = None
) -> None:
    """A provincial officer changes only their own province's (and its predecessors') rows."""
    _require(actor, Capability.EDIT_OWN_PROVINCE)
    require_officers_province(actor, province, own_ids=own_ids)


def _check_version(submission: MonthlySubmission, version: int | None, *, required: bool):
    if version is None:
        if required:
            raise ValidationError(
                {"version": _("State the version of the submission this change starts from.")}
            )
        return
    if not _is_whole(version):
        raise ValidationError({"version": _("The version must be a whole number.")})
    bounds.refuse_out_of_range(MonthlySubmission, {"version": version})
    if version != submission.version:
        raise StaleVersionError(
            _(
                "This submission was changed by someone else (now version %(current)d, your"
                " copy is version %(yours)d); reload it and try again."
            )
            % {"current": submission.version, "yours": version}
        )


def _locked(submission: MonthlySubmission) -> MonthlySubmission:
    return (
        MonthlySubmission.objects.select_for_update()
        .select_related("province")
        .get(pk=submission.pk)
    )


def _record(submission: MonthlySubmission, **step) -> SubmissionEvent:
    event = _event(submission, **step)
    event.save(force_insert=True)
    return event


def _event(
    submission: MonthlySubmission,
    *,
    action: str,
    actor,
    before: dict | None,
    status_before: str,
    reason: str = "",
    at: datetime.datetime,
) -> SubmissionEvent:
    """The history entry of one step, as the submission stands after it."""
    return SubmissionEvent(
        submission=submission,
        action=action,
        actor=actor,
        at=at,
        version=submission.version,
        status_before=status_before,
        status_after=submission.status,
        before=before,
        after=submission.figures(),
        reason=reason,
    )


def _figures_changed(submission: MonthlySubmission) -> None:
    transaction.on_commit(
        partial(
            submission_figures_changed.send,
            sender=MonthlySubmission,
            year=submission.year,
            month=submission.month,
            province_id=submission.province_id,
        )
    )


def _normalise(figures: dict) -> dict:
    figures = dict(figures)
    figures["nil_report"] = bool(figures.get("nil_report", False))
    figures["explanation"] = (figures.get("explanation") or "").strip()
    for field in MOVEMENT_FIELDS:
        figures.setdefault(field, 0)
    if figures.get("active_unions") is None:
        figures["active_unions"] = 0
    figures.setdefault("active_groups", None)
    return figures


# The rules of a creation and of an edit, in memory ---------------------------------------


def new_draft(
    *,
    actor,
    province: Province,
    year: int,
    month: int,
    figures: dict,
    at: datetime.datetime,
    own_ids: Collection[int] | None = None,
) -> MonthlySubmission:
    """The draft (not yet saved) of a province-month, once every rule of a creation holds:
    the actor may report for the province, the month is real and not in the future, the
    province existed then, the figures are whole numbers ≥ 0 and a nil report has no
    movements. ``figures`` holds the counts, ``nil_report`` and ``explanation``."""
    _require_own_province(actor, province, own_ids=own_ids)
    validate_period(year=year, month=month)
    validate_province_in_period(province=province, year=year, month=month)
    figures = _normalise(figures)
    validate_figures(figures)
    validate_kinds(figures, year=year, month=month)
    return MonthlySubmission(
        province=province,
        year=year,
        month=month,
        created_by=actor,
        created_at=at,
        updated_by=actor,
        updated_at=at,
        **figures,
    )


def apply_edit(
    *,
    actor,
    submission: MonthlySubmission,
    version: int | None,
    changes: dict,
    at: datetime.datetime,
    own_ids: Collection[int] | None = None,
) -> dict | None:
    """Change the figures of a locked submission in memory once every rule of an edit holds:
    only known figures change, the actor may report for its province, it is a draft or
    returned, ``version`` is the one on file, the new figures are valid. Bumps the version.
    Returns the figures before, or ``None`` when nothing changes (and nothing is touched)."""
    unknown = set(changes) - {*COUNT_FIELDS, *KIND_FIELDS, "nil_report", "explanation"}
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in unknown})
    _require_own_province(actor, submission.province, own_ids=own_ids)
    if submission.status not in EDITABLE_STATUSES:
        raise ConflictError(
            _("Only a draft or returned submission can be edited; this one is %(status)s.")
            % {"status": submission.get_status_display().lower()}
        )
    _check_version(submission, version, required=True)
    before = submission.figures()
    figures = _normalise({**before, **changes})
    validate_figures(figures)
    validate_kinds(figures, year=submission.year, month=submission.month)
    if figures == before:
        return None
    for field, value in figures.items():
        setattr(submission, field, value)
    submission.version += 1
    submission.updated_at = at
    submission.updated_by = actor
    return before


def _already_reported(province: Province, year: int, month: int) -> ConflictError:
    return ConflictError(
        _("%(province)s already has a submission for %(month)02d/%(year)d; open and edit it.")
        % {"province": province.name, "month": month, "year": year}
    )


def _created(submission: MonthlySubmission, *, actor, at) -> SubmissionEvent:
    return _event(
        submission,
        action=SubmissionAction.CREATED,
        actor=actor,
        before=None,
        status_before="",
        at=at,
    )


def _edited(submission: MonthlySubmission, *, actor, before: dict, at) -> SubmissionEvent:
    return _event(
        submission,
        action=SubmissionAction.EDITED,
        actor=actor,
        before=before,
        status_before=submission.status,
        at=at,
    )


# Writes -------------------------------------------------------------------------------------


@transaction.atomic
def submission_create(
    *,
    actor,
    province: Province,
    year: int,
    month: int,
    active_total: int,
    established_agricultural: int = 0,
    established_non_agricultural: int = 0,
    dissolved_agricultural: int = 0,
    dissolved_non_agricultural: int = 0,
    active_unions: int = 0,
    active_groups: int | None = None,
    nil_report: bool = False,
    explanation: str = "",
) -> MonthlySubmission:
    """A draft for one province and month. A second one for the same province and month is a
    ``ConflictError``, also when two requests race (the database constraint decides)."""
    now = clock.now()
    submission = new_draft(
        actor=actor,
        province=province,
        year=year,
        month=month,
        figures={
            "established_agricultural": established_agricultural,
            "established_non_agricultural": established_non_agricultural,
            "dissolved_agricultural": dissolved_agricultural,
            "dissolved_non_agricultural": dissolved_non_agricultural,
            "active_total": active_total,
            "active_unions": active_unions,
            "active_groups": active_groups,
            "nil_report": nil_report,
            "explanation": explanation,
        },
        at=now,
    )
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        raise _already_reported(province, year, month) from None
    _created(submission, actor=actor, at=now).save(force_insert=True)
    return submission


@transaction.atomic
def submission_update(
    *, actor, submission: MonthlySubmission, version: int | None, **changes
) -> MonthlySubmission:
    """Change the figures of a draft or returned submission. ``changes`` holds any of the
    counts, ``nil_report`` and ``explanation``; ``version`` is the one the edit started from."""
    submission = _locked(submission)
    now = clock.now()
    before = apply_edit(
        actor=actor, submission=submission, version=version, changes=changes, at=now
    )
    if before is None:
        return submission
    submission.save()
    _edited(submission, actor=actor, before=before, at=now).save(force_insert=True)
    return submission


class DraftsTaken(ConflictError):
    """Another request created some of the drafts' province-months meanwhile; ``errors`` holds
    the ``ConflictError`` of each such draft, by its position in the list written."""

    def __init__(self, errors: dict[int, ConflictError]):
        super().__init__("; ".join(map(str, errors.values())))
        self.errors = errors


def _of_months(months: Iterable[tuple[int, int, int]]) -> Q:
    """The submissions of these (province id, year, month); there is at least one."""
    wanted: dict[tuple[int, int], set[int]] = defaultdict(set)
    for province_id, year, month in months:
        wanted[(province_id, year)].add(month)
    return reduce(
        or_,
        (
            Q(province_id=province_id, year=year, month__in=sorted(in_year))
            for (province_id, year), in_year in wanted.items()
        ),
    )


def submissions_locked(
    months: Iterable[tuple[Province, int, int]],
) -> dict[tuple[int, int, int], MonthlySubmission]:
    """The submissions on file for these (province, year, month), locked for update like
    every write locks its row, in one query; keyed by (province id, year, month)."""
    keys = [(province.pk, year, month) for province, year, month in months]
    if not keys:
        return {}
    # Locked in id order, so that two uploads touching the same rows cannot deadlock.
    found = MonthlySubmission.objects.select_for_update().filter(_of_months(keys)).order_by("pk")
    return {(s.province_id, s.year, s.month): s for s in found}


def submissions_write(
    *,
    actor,
    changes: list[tuple[MonthlySubmission, dict | None]],
    at: datetime.datetime,
) -> None:
    """Save, in a few statements, what ``new_draft`` and ``apply_edit`` prepared: each change
    is a new draft (``before`` is ``None``) or an edited, locked submission with its figures
    before. Records the same history as ``submission_create`` and ``submission_update``
    (the audit triggers fire for every row all the same), and since bulk writes send no
    ``post_save``, invalidates the statistics once. Raises ``DraftsTaken`` (and writes
    nothing) when another request created one of the drafts' months meanwhile."""
    if not changes:
        return
    drafts = [submission for submission, before in changes if before is None]
    edits = [submission for submission, before in changes if before is not None]
    if drafts:
        try:
            with transaction.atomic():
                MonthlySubmission.objects.bulk_create(drafts)
        except IntegrityError:
            months = [(d.province_id, d.year, d.month) for d in drafts]
            taken = set(
                MonthlySubmission.objects.filter(_of_months(months)).values_list(
                    "province_id", "year", "month"
                )
            )
            if not taken:
                raise
            raise DraftsTaken(
                {
                    index: _already_reported(submission.province, submission.year, submission.month)
                    for index, (submission, before) in enumerate(changes)
                    if before is None
                    and (submission.province_id, submission.year, submission.month) in taken
                }
            ) from None
    if edits:
        MonthlySubmission.objects.bulk_update(
            edits, fields=[*FIGURE_FIELDS, "version", "updated_at", "updated_by"]
        )
    SubmissionEvent.objects.bulk_create(
        _created(submission, actor=actor, at=at)
        if before is None
        else _edited(submission, actor=actor, before=before, at=at)
        for submission, before in changes
    )
    statistics_changed()


def _transition(
    submission: MonthlySubmission,
    *,
    actor,
    allowed_from: tuple[str, ...],
    to: str,
    action: str,
    refusal: str,
    version: int | None,
    reason: str = "",
    check=None,
) -> MonthlySubmission:
    submission = _locked(submission)
    if check is not None:
        check(submission)
    if submission.status not in allowed_from:
        raise ConflictError(refusal % {"status": submission.get_status_display().lower()})
    _check_version(submission, version, required=False)
    status_before = submission.status
    now = clock.now()
    if to == SubmissionStatus.SUBMITTED:
        _check_stock_flow(submission)
        if submission.first_submitted_at is None:
            submission.first_submitted_at = now
            submission.is_late = is_submission_late(
                year=submission.year, month=submission.month, at=now
            )
        submission.submitted_at = now
        submission.submitted_by = actor
        submission.return_reason = ""
    else:
        submission.reviewed_at = now
        submission.reviewed_by = actor
        if to == SubmissionStatus.RETURNED:
            submission.return_reason = reason
    submission.status = to
    submission.version += 1
    submission.updated_at = now
    submission.updated_by = actor
    submission.save()
    _record(
        submission,
        action=action,
        actor=actor,
        before=submission.figures(),
        status_before=status_before,
        reason=reason,
        at=now,
    )
    return submission


def _check_stock_flow(submission: MonthlySubmission) -> None:
    check = stock_flow_check(
        province=submission.province,
        year=submission.year,
        month=submission.month,
        established=submission.established_total,
        dissolved=submission.dissolved_total,
        active_total=submission.active_total,
    )
    if not check.matches and not submission.explanation:
        raise ValidationError(
            {
                "explanation": _(
                    "Previous month's active (%(previous)s) + established (%(established)s) −"
                    " dissolved (%(dissolved)s) = %(expected)s, but %(active)s active are"
                    " reported. Correct the figures or explain the difference before submitting."
                )
                % {
                    "previous": grouped(check.previous_active),
                    "established": grouped(submission.established_total),
                    "dissolved": grouped(submission.dissolved_total),
                    "expected": grouped(check.expected_active),
                    "active": grouped(submission.active_total),
                }
            }
        )


@transaction.atomic
def submission_submit(
    *, actor, submission: MonthlySubmission, version: int | None = None
) -> MonthlySubmission:
    """Draft or returned → submitted. A stock-flow mismatch needs a written explanation; a
    first submission after the deadline day is marked late."""
    return _transition(
        submission,
        actor=actor,
        allowed_from=EDITABLE_STATUSES,
        to=SubmissionStatus.SUBMITTED,
        action=SubmissionAction.SUBMITTED,
        refusal=_("Only a draft or returned submission can be submitted; this one is %(status)s."),
        version=version,
        check=lambda locked: _require_own_province(actor, locked.province),
    )


@transaction.atomic
def submission_approve(
    *, actor, submission: MonthlySubmission, version: int | None = None
) -> MonthlySubmission:
    """Submitted → approved (staff). The figures are then locked and count nationally."""
    _require(actor, Capability.REVIEW_SUBMISSIONS)
    submission = _transition(
        submission,
        actor=actor,
        allowed_from=(SubmissionStatus.SUBMITTED,),
        to=SubmissionStatus.APPROVED,
        action=SubmissionAction.APPROVED,
        refusal=_("Only a submitted submission can be approved; this one is %(status)s."),
        version=version,
    )
    _figures_changed(submission)
    return submission


def _reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


@transaction.atomic
def submission_return(
    *, actor, submission: MonthlySubmission, reason: str, version: int | None = None
) -> MonthlySubmission:
    """Submitted → returned to the province with a reason (staff)."""
    _require(actor, Capability.REVIEW_SUBMISSIONS)
    return _transition(
        submission,
        actor=actor,
        allowed_from=(SubmissionStatus.SUBMITTED,),
        to=SubmissionStatus.RETURNED,
        action=SubmissionAction.RETURNED,
        refusal=_("Only a submitted submission can be returned; this one is %(status)s."),
        version=version,
        reason=_reason(reason),
    )


@transaction.atomic
def submission_reopen(
    *, actor, submission: MonthlySubmission, reason: str, version: int | None = None
) -> MonthlySubmission:
    """Approved → returned, so the province can revise a locked figure (staff, with a reason).
    The month's national figures change, so its report is marked out of date."""
    _require(actor, Capability.REVIEW_SUBMISSIONS)
    with pgtrigger.ignore(APPROVED_LOCK):
        submission = _transition(
            submission,
            actor=actor,
            allowed_from=(SubmissionStatus.APPROVED,),
            to=SubmissionStatus.RETURNED,
            action=SubmissionAction.REOPENED,
            refusal=_("Only an approved submission can be reopened; this one is %(status)s."),
            version=version,
            reason=_reason(reason),
        )
    _figures_changed(submission)
    return submission


@transaction.atomic
def submission_save(
    *,
    actor,
    province: Province,
    year: int,
    month: int,
    version: int | None = None,
    **figures,
) -> MonthlySubmission:
    """Create the province-month's submission or, when it exists, edit it (for forms that do not
    know whether a row exists; the Excel upload does the same for a whole file at once, in
    ``services.intake``). Editing needs ``version``."""
    existing = MonthlySubmission.objects.filter(province=province, year=year, month=month).first()
    if existing is None:
        return submission_create(actor=actor, province=province, year=year, month=month, **figures)
    return submission_update(actor=actor, submission=existing, version=version, **figures)
