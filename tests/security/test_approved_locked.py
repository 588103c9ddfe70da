"""Approved figures are locked by the database itself; only the reopen service unlocks them."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.choices import Role
from cooperatives.choices import SubmissionStatus
from cooperatives.models import MonthlySubmission
from cooperatives.services.submissions import submission_reopen
from tests.factories.cooperatives import make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(provinces):
    return make_submission("79", 2021, 11, status=SubmissionStatus.APPROVED, active_total=1234)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE cooperatives_monthlysubmission SET active_total = 1 WHERE id = %s",
        "UPDATE cooperatives_monthlysubmission SET status = 'draft' WHERE id = %s",
        "DELETE FROM cooperatives_monthlysubmission WHERE id = %s",
    ],
)
def test_direct_sql_cannot_change_an_approved_submission(approved, statement):
    with (
        pytest.raises(DatabaseError, match="approved_submission_locked"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [approved.pk])
    approved.refresh_from_db()
    assert (approved.status, approved.active_total) == (SubmissionStatus.APPROVED, 1234)


def test_the_orm_cannot_either(approved):
    approved.active_total = 1
    with pytest.raises(DatabaseError), transaction.atomic():
        approved.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        MonthlySubmission.objects.filter(pk=approved.pk).update(active_total=1)


def test_reopening_through_the_service_unlocks_it(approved, user_factory):
    staff = user_factory(Role.STAFF)
    reopened = submission_reopen(actor=staff, submission=approved, reason="Sai số liệu tháng 11")
    assert reopened.status == SubmissionStatus.RETURNED
    assert reopened.active_total == 1234
    MonthlySubmission.objects.filter(pk=approved.pk).update(active_total=1240)  # now editable
    assert MonthlySubmission.objects.get(pk=approved.pk).active_total == 1240


def test_a_submitted_row_is_not_locked(provinces):
    submitted = make_submission("01", 2021, 11, status=SubmissionStatus.SUBMITTED)
    MonthlySubmission.objects.filter(pk=submitted.pk).update(active_total=7)
    assert MonthlySubmission.objects.get(pk=submitted.pk).active_total == 7
