"""Reminders to the provinces that have not reported last month: before the deadline, after
it and a week after it, by e-mail to the province's officers and on their submissions page,
each step once per province however often the run is repeated, and recorded for staff."""

import datetime

import pytest
from django.core import mail

from accounts.choices import Role
from cooperatives.models import Province, SubmissionReminder, month_end
from cooperatives.services.reminders import reminder_due, submission_reminders_send
from tests.factories.accounts import make_user
from tests.factories.cooperatives import make_submission

pytestmark = pytest.mark.django_db

MISSING = ["01", "04", "08"]  # Hà Nội, Cao Bằng, Tuyên Quang have not reported 11/2026


@pytest.mark.parametrize(
    ("day", "step"),
    [
        (datetime.date(2026, 12, 2), None),
        (datetime.date(2026, 12, 3), "before"),
        (datetime.date(2026, 12, 5), "before"),
        (datetime.date(2026, 12, 6), "after"),
        (datetime.date(2026, 12, 11), "after"),
        (datetime.date(2026, 12, 12), "final"),
        (datetime.date(2026, 12, 31), "final"),
        (datetime.date(2027, 1, 3), "before"),
    ],
)
def test_the_step_follows_the_deadline(day, step):
    due = reminder_due(day)
    if step is None:
        assert due is None
        return
    year, month, found, deadline = due
    assert found == step
    expected = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    assert (year, month) == expected
    assert deadline == datetime.date(day.year, day.month, 5)


@pytest.fixture
def november_2026(provinces):
    codes = Province.objects.valid_on(month_end(2026, 11)).values_list("code", flat=True)
    for code in codes:
        if code in MISSING:
            continue
        make_submission(code, 2026, 11, status="submitted", active_total=900)
    make_submission("08", 2026, 11, status="draft", active_total=900)  # a draft is not reported
    return {
        "hanoi": [
            make_user(Role.PROVINCIAL_OFFICER, province="01", email="a@hanoi.gov.vn"),
            make_user(Role.PROVINCIAL_OFFICER, province="01", email="b@hanoi.gov.vn"),
            make_user(Role.PROVINCIAL_OFFICER, province="01", email="", username="no-mail"),
        ],
        "cao_bang": make_user(Role.PROVINCIAL_OFFICER, province="04", email="cb@caobang.gov.vn"),
        "reported": make_user(Role.PROVINCIAL_OFFICER, province="15", email="lc@laocai.gov.vn"),
    }


def test_each_late_province_gets_one_message_per_step(november_2026, clock):
    clock(datetime.date(2026, 12, 6))
    assert submission_reminders_send() == 3
    assert submission_reminders_send() == 0  # a repeated run sends nothing again
    by_address = {tuple(m.to): m for m in mail.outbox}
    assert set(by_address) == {("a@hanoi.gov.vn", "b@hanoi.gov.vn"), ("cb@caobang.gov.vn",)}
    message = by_address["cb@caobang.gov.vn",]
    assert (
        message.subject == "Quá hạn: số liệu tháng 11/2026 (hạn gửi ngày 05/12/2026) chưa được gửi"
    )
    assert "Cao Bằng" in message.body
    assert "lc@laocai.gov.vn" not in str([m.to for m in mail.outbox])
    # Tuyên Quang has no officer with an address: its reminder is recorded, with no e-mail.
    tuyen_quang = SubmissionReminder.objects.get(province__code="08", step="after")
    assert tuyen_quang.sent_at is not None
    assert tuyen_quang.recipients == []

    clock(datetime.date(2026, 12, 12))
    assert submission_reminders_send() == 3
    assert submission_reminders_send() == 0
    assert len(mail.outbox) == 4
    assert mail.outbox[-1].subject.startswith("Vẫn chưa có số liệu")
    assert SubmissionReminder.objects.filter(step="final").count() == 3


def test_a_province_that_reports_meanwhile_is_not_reminded(november_2026, clock):
    clock(datetime.date(2026, 12, 4))
    submission_reminders_send()
    make_submission("04", 2026, 11, status="submitted", active_total=900)
    clock(datetime.date(2026, 12, 7))
    submission_reminders_send()
    assert not SubmissionReminder.objects.filter(province__code="04", step="after").exists()
    assert SubmissionReminder.objects.filter(province__code="01", step="after").exists()


def test_a_former_province_is_reminded_through_the_union_it_merged_into(provinces, clock):
    """June 2025 is reported by the 63 provinces; Hà Giang (02) merged into Tuyên Quang (08)."""
    clock(datetime.date(2025, 7, 6))
    for code in Province.objects.valid_on(month_end(2025, 6)).values_list("code", flat=True):
        if code != "02":
            make_submission(code, 2025, 6, status="approved", active_total=500)
    make_user(Role.PROVINCIAL_OFFICER, province="08", email="tq@tuyenquang.gov.vn")
    assert submission_reminders_send() == 1
    assert mail.outbox[0].to == ["tq@tuyenquang.gov.vn"]
    assert "Hà Giang" in mail.outbox[0].body


def test_officers_see_their_reminder_and_staff_see_what_was_sent(november_2026, clock, client):
    clock(datetime.date(2026, 12, 6))
    submission_reminders_send()
    officer = november_2026["hanoi"][0]
    client.force_login(officer)
    page = client.get("/cooperatives/submissions/?year=2026", HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert 'data-testid="reminder-01-2026-11"' in html
    assert "Nhắc nhở: Thành phố Hà Nội chưa báo cáo tháng 11/2026 (hạn gửi 05/12/2026)" in html
    assert 'data-testid="reminder-04-2026-11"' not in html  # another province's
    client.force_login(make_user(Role.STAFF))
    staff_page = client.get("/cooperatives/reminders/?year=2026&month=11").content.decode()
    assert "Sau hạn nộp" in staff_page
    assert "2 địa chỉ" in staff_page
    make_submission("01", 2026, 11, status="submitted", active_total=900)
    client.force_login(officer)
    html = client.get("/cooperatives/submissions/?year=2026").content.decode()
    assert 'data-testid="reminder-01-2026-11"' not in html
