"""The legal handling deadline and the overdue flag."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from inspections import selectors, services
from inspections.choices import ComplaintKind, ComplaintStatus
from tests.factories.inspections import make_complaint

D = datetime.date


def test_a_complaint_received_on_a_friday_whose_period_ends_on_a_sunday_is_due_monday():
    friday = D(2021, 11, 5)
    assert friday.weekday() == 4
    # 30 days later is Sunday 5 December: the period ends on the next working day.
    assert services.complaint_due_on(received_on=friday, kind=ComplaintKind.COMPLAINT) == D(
        2021, 12, 6
    )


def test_a_friday_receipt_with_a_weekday_end_is_not_moved():
    friday = D(2021, 11, 19)
    assert services.complaint_due_on(received_on=friday, kind=ComplaintKind.COMPLAINT) == D(
        2021, 12, 20
    )


def test_the_period_runs_across_the_end_of_the_year():
    received = D(2021, 12, 15)
    assert services.complaint_due_on(received_on=received, kind=ComplaintKind.COMPLAINT) == D(
        2022, 1, 14
    )
    # A complex case has 45 days: Saturday 29 January 2022, so Monday 31 January.
    assert services.complaint_due_on(
        received_on=received, kind=ComplaintKind.COMPLAINT, is_complex=True
    ) == D(2022, 1, 31)


def test_each_kind_has_its_own_period():
    received = D(2021, 11, 1)  # a Monday
    due = {
        (kind, complex_): services.complaint_due_on(
            received_on=received, kind=kind, is_complex=complex_
        )
        for kind in ComplaintKind.values
        for complex_ in (False, True)
    }
    assert due[(ComplaintKind.COMPLAINT, False)] == D(2021, 12, 1)
    assert due[(ComplaintKind.COMPLAINT, True)] == D(2021, 12, 16)
    assert due[(ComplaintKind.DENUNCIATION, True)] == D(2021, 12, 31)
    assert due[(ComplaintKind.PETITION, False)] == D(2021, 11, 16)


@override_settings(COMPLAINT_HANDLING_DAYS={ComplaintKind.PETITION: (10, 20)})
def test_the_periods_can_be_configured_per_kind():
    received = D(2021, 11, 1)
    assert services.complaint_due_on(received_on=received, kind=ComplaintKind.PETITION) == D(
        2021, 11, 11
    )
    # Kinds not overridden keep the statutory default.
    assert services.complaint_due_on(received_on=received, kind=ComplaintKind.COMPLAINT) == D(
        2021, 12, 1
    )


@pytest.mark.django_db
def test_recording_a_case_sets_its_deadline_and_editing_the_kind_moves_it(provinces):
    complaint = make_complaint(received_on=D(2021, 11, 5))
    assert complaint.due_on == D(2021, 12, 6)
    assert complaint.steps.get().status == ComplaintStatus.RECEIVED
    services.complaint_update(complaint=complaint, is_complex=True)
    complaint.refresh_from_db()
    assert complaint.due_on == D(2021, 12, 20)


@pytest.mark.django_db
def test_overdue_is_derived_from_the_deadline_and_the_status(provinces, user_factory):
    inspector = user_factory("inspector")
    complaint = make_complaint(received_on=D(2021, 11, 1))  # due 1 December 2021
    flags = {
        day: selectors.complaints(user=inspector, today=day).get(pk=complaint.pk).is_overdue
        for day in (D(2021, 12, 1), D(2021, 12, 2))
    }
    assert flags == {D(2021, 12, 1): False, D(2021, 12, 2): True}
    services.complaint_transition(
        complaint=complaint, status=ComplaintStatus.ACCEPTED, on=D(2021, 11, 2)
    )
    services.complaint_transition(
        complaint=complaint,
        status=ComplaintStatus.RESOLVED,
        on=D(2021, 12, 10),
        outcome="Đã giải quyết.",
    )
    closed = selectors.complaints(user=inspector, today=D(2021, 12, 20)).get(pk=complaint.pk)
    assert closed.is_overdue is False


@pytest.mark.django_db
def test_overdue_counts_days_in_vietnam_not_in_utc(provinces, user_factory, monkeypatch):
    inspector = user_factory("inspector")
    complaint = make_complaint(received_on=D(2021, 11, 1))  # due 1 December 2021
    # 18:00 UTC on 1 December is already 01:00 on 2 December in Hà Nội.
    moment = datetime.datetime(2021, 12, 1, 18, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert selectors.local_today() == D(2021, 12, 2)
    assert selectors.complaints(user=inspector).get(pk=complaint.pk).is_overdue is True
    assert [c.pk for c in selectors.open_complaints(user=inspector)] == [complaint.pk]
