"""The rules of the monthly submissions, exercised through the services that the browser form,
the API and the Excel upload all call."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from accounts.choices import Role
from cooperatives.choices import SubmissionAction, SubmissionStatus
from cooperatives.models import MonthlySubmission
from cooperatives.selectors import (
    is_submission_late,
    previous_active_total,
    stock_flow_check,
    submission_deadline,
)
from cooperatives.services import submissions as svc
from cooperatives.signals import submission_figures_changed
from tests.factories.cooperatives import make_submission, province
from vca_portal.errors import ConflictError, StaleVersionError

pytestmark = pytest.mark.django_db

FIGURES = {
    "established_agricultural": 3,
    "established_non_agricultural": 1,
    "dissolved_agricultural": 1,
    "dissolved_non_agricultural": 0,
    "active_total": 103,
}


@pytest.fixture
def officer(user_factory):
    """The officer of the current Hà Nội (01)."""
    return user_factory(Role.PROVINCIAL_OFFICER, province="01")


@pytest.fixture
def staff(user_factory):
    return user_factory(Role.STAFF)


def create(officer, code="01", year=2021, month=11, **overrides):
    return svc.submission_create(
        actor=officer,
        province=province(code, year, month),
        year=year,
        month=month,
        **{**FIGURES, **overrides},
    )


def messages(exc_info, field):
    return " ".join(exc_info.value.message_dict[field])


# Counts, periods and provinces ----------------------------------------------------------------


@pytest.mark.parametrize("bad", [-1, 1.5, "7", None, True])
def test_counts_must_be_whole_numbers_not_below_zero(officer, bad):
    with pytest.raises(ValidationError) as exc_info:
        create(officer, dissolved_agricultural=bad)
    assert "dissolved_agricultural" in exc_info.value.message_dict
    assert not MonthlySubmission.objects.exists()


def test_the_database_refuses_negative_counts_too(provinces):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_submission("01", active_total=-5)


def month_after(day: datetime.date) -> tuple[int, int]:
    return (day.year, day.month + 1) if day.month < 12 else (day.year + 1, 1)


def test_a_future_month_is_refused(officer, any_day):
    year, month = month_after(any_day)
    with pytest.raises(ValidationError) as exc_info:
        create(officer, code="01", year=year, month=month)
    assert "tương lai" in messages(exc_info, "month")
    assert f"{month:02d}/{year}" in messages(exc_info, "month")
    assert not MonthlySubmission.objects.exists()


def test_the_current_month_can_be_drafted(officer, any_day):
    assert create(officer, year=any_day.year, month=any_day.month).status == SubmissionStatus.DRAFT


@pytest.mark.parametrize(
    ("code", "year", "month", "name"),
    [
        ("15", 2021, 11, "Tỉnh Yên Bái"),
        ("15", 2026, 1, "Tỉnh Lào Cai"),
        ("02", 2025, 6, "Tỉnh Hà Giang"),
        ("15", 2025, 7, "Tỉnh Lào Cai"),
    ],
)
def test_a_code_is_resolved_with_the_months_date(provinces, code, year, month, name):
    assert svc.resolve_province(code=code, year=year, month=month).name == name


@pytest.mark.parametrize(
    ("code", "year", "month"), [("02", 2026, 1), ("02", 2025, 7), ("99", 2021, 1)]
)
def test_a_code_that_did_not_exist_that_month_is_refused(provinces, code, year, month):
    with pytest.raises(ValidationError) as exc_info:
        svc.resolve_province(code=code, year=year, month=month)
    assert code in messages(exc_info, "province")


def test_a_province_object_from_another_period_is_refused(user_factory):
    admin = user_factory(Role.ADMINISTRATOR)
    yen_bai = province("15", 2021, 11)
    with pytest.raises(ValidationError) as exc_info:
        svc.submission_create(actor=admin, province=yen_bai, year=2026, month=1, **FIGURES)
    assert "Yên Bái" in messages(exc_info, "province")


def test_one_submission_per_province_and_month(officer):
    create(officer)
    with pytest.raises(ConflictError):
        create(officer)
    assert MonthlySubmission.objects.count() == 1


def test_a_nil_report_has_no_movements(officer):
    with pytest.raises(ValidationError) as exc_info:
        create(officer, nil_report=True)
    assert "nil_report" in exc_info.value.message_dict
    nil = create(
        officer,
        nil_report=True,
        established_agricultural=0,
        established_non_agricultural=0,
        dissolved_agricultural=0,
    )
    assert nil.nil_report
    assert nil.established_total == 0


# Stock-flow identity -----------------------------------------------------------------------


def test_stock_flow_uses_the_previous_month_of_the_same_province(officer):
    make_submission("01", 2021, 10, active_total=100, status=SubmissionStatus.APPROVED)
    check = stock_flow_check(
        province=province("01"), year=2021, month=11, established=4, dissolved=1, active_total=103
    )
    assert (check.previous_active, check.expected_active, check.matches) == (100, 103, True)
    wrong = stock_flow_check(
        province=province("01"), year=2021, month=11, established=4, dissolved=1, active_total=110
    )
    assert not wrong.matches
    assert wrong.difference == 7


def test_a_mismatch_is_submitted_only_with_an_explanation(officer):
    make_submission("01", 2021, 10, active_total=100, status=SubmissionStatus.APPROVED)
    draft = create(officer, active_total=110)  # expected 103: a draft may disagree
    with pytest.raises(ValidationError) as exc_info:
        svc.submission_submit(actor=officer, submission=draft)
    text = messages(exc_info, "explanation")
    assert "103" in text
    assert "110" in text
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT
    draft = svc.submission_update(
        actor=officer,
        submission=draft,
        version=draft.version,
        explanation="7 HTX chuyển từ tỉnh khác về",
    )
    assert svc.submission_submit(actor=officer, submission=draft).status == "submitted"


def test_across_the_merger_the_previous_month_sums_the_predecessors(provinces):
    """The new Lào Cai (15) of July 2025 follows Yên Bái (15) + Lào Cai (10) of June 2025."""
    make_submission("15", 2025, 6, active_total=300, status=SubmissionStatus.APPROVED)
    make_submission("10", 2025, 6, active_total=200, status=SubmissionStatus.APPROVED)
    new_lao_cai = province("15", 2025, 7)
    assert previous_active_total(province=new_lao_cai, year=2025, month=7) == 500
    make_submission(new_lao_cai, 2025, 7, active_total=505)
    assert previous_active_total(province=new_lao_cai, year=2025, month=8) == 505


def test_no_check_without_a_complete_previous_month(provinces):
    make_submission("15", 2025, 6, active_total=300)  # Lào Cai (10) has not reported June
    assert previous_active_total(province=province("15", 2025, 7), year=2025, month=7) is None
    assert stock_flow_check(
        province=province("15", 2025, 7),
        year=2025,
        month=7,
        established=0,
        dissolved=0,
        active_total=1,
    ).matches


# Workflow ----------------------------------------------------------------------------------


def test_the_whole_workflow_is_kept_in_the_history(officer, staff):
    draft = create(officer)
    draft = svc.submission_update(
        actor=officer, submission=draft, version=1, established_agricultural=4, active_total=104
    )
    submitted = svc.submission_submit(actor=officer, submission=draft, version=2)
    returned = svc.submission_return(
        actor=staff, submission=submitted, reason="Kiểm tra lại số giải thể", version=3
    )
    assert returned.return_reason == "Kiểm tra lại số giải thể"
    corrected = svc.submission_update(
        actor=officer, submission=returned, version=4, dissolved_agricultural=2, active_total=103
    )
    resubmitted = svc.submission_submit(actor=officer, submission=corrected)
    approved = svc.submission_approve(actor=staff, submission=resubmitted)
    assert approved.status == SubmissionStatus.APPROVED
    assert approved.version == 7
    history = list(approved.history.order_by("version"))
    assert [event.action for event in history] == [
        SubmissionAction.CREATED,
        SubmissionAction.EDITED,
        SubmissionAction.SUBMITTED,
        SubmissionAction.RETURNED,
        SubmissionAction.EDITED,
        SubmissionAction.SUBMITTED,
        SubmissionAction.APPROVED,
    ]
    first_edit = history[1]
    assert first_edit.actor == officer
    assert first_edit.before["established_agricultural"] == 3
    assert first_edit.after["established_agricultural"] == 4
    assert history[3].actor == staff
    assert history[3].reason == "Kiểm tra lại số giải thể"
    assert (
        history[4].before["dissolved_agricultural"],
        history[4].after["dissolved_agricultural"],
    ) == (1, 2)


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (SubmissionStatus.DRAFT, "approve"),
        (SubmissionStatus.DRAFT, "return"),
        (SubmissionStatus.DRAFT, "reopen"),
        (SubmissionStatus.SUBMITTED, "submit"),
        (SubmissionStatus.SUBMITTED, "reopen"),
        (SubmissionStatus.APPROVED, "submit"),
        (SubmissionStatus.APPROVED, "approve"),
        (SubmissionStatus.APPROVED, "return"),
        (SubmissionStatus.RETURNED, "approve"),
        (SubmissionStatus.RETURNED, "reopen"),
    ],
)
def test_illegal_transitions_are_conflicts_and_change_nothing(officer, user_factory, status, step):
    admin = user_factory(Role.ADMINISTRATOR)
    submission = make_submission("01", status=status)
    before = MonthlySubmission.objects.values().get(pk=submission.pk)
    action = getattr(svc, f"submission_{step}")
    kwargs = {"reason": "x"} if step in ("return", "reopen") else {}
    with pytest.raises(ConflictError):
        action(actor=admin, submission=submission, **kwargs)
    assert MonthlySubmission.objects.values().get(pk=submission.pk) == before
    assert not submission.history.exists()


@pytest.mark.parametrize("status", [SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED])
def test_submitted_and_approved_figures_are_locked(officer, status):
    submission = make_submission("01", status=status)
    with pytest.raises(ConflictError):
        svc.submission_update(actor=officer, submission=submission, version=1, active_total=1)
    submission.refresh_from_db()
    assert submission.active_total == 100


def test_returning_and_reopening_need_a_reason(staff):
    submitted = make_submission("01", status=SubmissionStatus.SUBMITTED)
    approved = make_submission("01", 2021, 10, status=SubmissionStatus.APPROVED)
    with pytest.raises(ValidationError) as exc_info:
        svc.submission_return(actor=staff, submission=submitted, reason="  ")
    assert "reason" in exc_info.value.message_dict
    with pytest.raises(ValidationError):
        svc.submission_reopen(actor=staff, submission=approved, reason="")


def test_reopening_is_staff_only_bumps_the_version_and_signals_the_month(
    officer, staff, django_capture_on_commit_callbacks
):
    approved = make_submission("01", status=SubmissionStatus.APPROVED, version=5)
    with pytest.raises(PermissionDenied):
        svc.submission_reopen(actor=officer, submission=approved, reason="sửa")
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    submission_figures_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            reopened = svc.submission_reopen(
                actor=staff, submission=approved, reason="Tỉnh báo sai số HTX giải thể"
            )
    finally:
        submission_figures_changed.disconnect(listener)
    assert reopened.status == SubmissionStatus.RETURNED
    assert reopened.version == 6
    assert reopened.history.get().action == SubmissionAction.REOPENED
    assert received == [
        {
            "signal": submission_figures_changed,
            "year": 2021,
            "month": 11,
            "province_id": approved.province_id,
        }
    ]


def test_approving_signals_only_after_commit(staff, django_capture_on_commit_callbacks):
    submitted = make_submission("01", status=SubmissionStatus.SUBMITTED)
    received = []

    def listener(sender, **kwargs):
        received.append((kwargs["year"], kwargs["month"]))

    submission_figures_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            svc.submission_approve(actor=staff, submission=submitted)
        assert received == []
        for callback in callbacks:
            callback()
    finally:
        submission_figures_changed.disconnect(listener)
    assert received == [(2021, 11)]


def test_a_provincial_officer_cannot_review(officer):
    submitted = make_submission("01", status=SubmissionStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        svc.submission_approve(actor=officer, submission=submitted)
    with pytest.raises(PermissionDenied):
        svc.submission_return(actor=officer, submission=submitted, reason="x")


def test_staff_do_not_enter_a_provinces_figures(staff):
    with pytest.raises(PermissionDenied):
        create(staff)


# Versions ----------------------------------------------------------------------------------


def test_a_stale_version_is_refused_and_nothing_is_overwritten(officer):
    draft = create(officer)
    svc.submission_update(actor=officer, submission=draft, version=1, active_total=104)
    with pytest.raises(StaleVersionError) as exc_info:
        svc.submission_update(actor=officer, submission=draft, version=1, active_total=999)
    assert "phiên bản 2" in str(exc_info.value)
    draft.refresh_from_db()
    assert (draft.active_total, draft.version) == (104, 2)


def test_an_edit_must_say_which_version_it_started_from(officer):
    draft = create(officer)
    with pytest.raises(ValidationError) as exc_info:
        svc.submission_update(actor=officer, submission=draft, version=None, active_total=1)
    assert "version" in exc_info.value.message_dict


def test_a_transition_from_a_stale_version_is_refused(officer):
    draft = create(officer)
    svc.submission_update(actor=officer, submission=draft, version=1, active_total=104)
    with pytest.raises(StaleVersionError):
        svc.submission_submit(actor=officer, submission=draft, version=1)


# Lateness -----------------------------------------------------------------------------------


def test_the_deadline_is_the_fifth_of_the_next_month_in_vietnam():
    assert submission_deadline(year=2021, month=11) == datetime.date(2021, 12, 5)
    assert submission_deadline(year=2021, month=12) == datetime.date(2022, 1, 5)
    # 5 December 23:30 in Hà Nội is still on time; 6 December 00:30 there is late, although it
    # is still 5 December in UTC.
    on_time = datetime.datetime(2021, 12, 5, 16, 30, tzinfo=datetime.UTC)
    late = datetime.datetime(2021, 12, 5, 17, 30, tzinfo=datetime.UTC)
    assert not is_submission_late(year=2021, month=11, at=on_time)
    assert is_submission_late(year=2021, month=11, at=late)


@override_settings(SUBMISSION_DEADLINE_DAY=10)
def test_the_deadline_day_is_configurable():
    assert submission_deadline(year=2021, month=11) == datetime.date(2021, 12, 10)


def test_a_submission_after_the_deadline_is_marked_late(officer, staff):
    draft = create(officer, year=2021, month=11)  # due 5/12/2021, long past
    submitted = svc.submission_submit(actor=officer, submission=draft)
    assert submitted.is_late
    returned = svc.submission_return(actor=staff, submission=submitted, reason="x")
    resubmitted = svc.submission_submit(actor=officer, submission=returned)
    assert resubmitted.is_late  # lateness is decided by the first submission


def test_a_submission_before_the_deadline_is_not_late(officer, any_day):
    draft = create(officer, year=any_day.year, month=any_day.month)  # due next month
    assert not svc.submission_submit(actor=officer, submission=draft).is_late


@pytest.mark.parametrize(
    ("hour", "late"),
    [(datetime.time(23, 59), False), (datetime.time(0, 1), True)],
    ids=["last-minute-of-the-5th", "first-minute-of-the-6th"],
)
def test_lateness_is_decided_by_the_day_in_vietnam(officer, clock, hour, late):
    draft = create(officer, year=2026, month=11)  # due 5/12/2026
    day = datetime.date(2026, 12, 5 if not late else 6)
    clock(datetime.datetime.combine(day, hour, datetime.timezone(datetime.timedelta(hours=7))))
    assert svc.submission_submit(actor=officer, submission=draft).is_late is late


# Provinces of an officer -------------------------------------------------------------------


def test_an_officer_reports_for_their_province_and_its_predecessors_only(user_factory):
    lao_cai_officer = user_factory(Role.PROVINCIAL_OFFICER, province="15")
    assert create(lao_cai_officer, code="15", year=2021, month=11).province.name == "Tỉnh Yên Bái"
    assert create(lao_cai_officer, code="10", year=2021, month=11).province.name == "Tỉnh Lào Cai"
    assert create(lao_cai_officer, code="15", year=2026, month=1).province.name == "Tỉnh Lào Cai"
    with pytest.raises(PermissionDenied):
        create(lao_cai_officer, code="01", year=2021, month=11)
    other = make_submission("01", status=SubmissionStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        svc.submission_update(actor=lao_cai_officer, submission=other, version=1, active_total=1)
    with pytest.raises(PermissionDenied):
        svc.submission_submit(actor=lao_cai_officer, submission=other)


def test_save_creates_then_edits_the_province_month(officer):
    first = svc.submission_save(
        actor=officer, province=province("01"), year=2021, month=11, **FIGURES
    )
    again = svc.submission_save(
        actor=officer,
        province=province("01"),
        year=2021,
        month=11,
        version=1,
        **{**FIGURES, "active_total": 104},
    )
    assert first.pk == again.pk
    assert again.active_total == 104
