"""A real Celery worker runs the daily reminder task: repeated (as a retried task would be) it
sends each late province one message per step, on the day the worker's clock says."""

import time

import pytest

from cooperatives.models import Province, SubmissionReminder, month_end
from cooperatives.tasks import send_submission_reminders
from tests.factories.accounts import make_user
from tests.factories.cooperatives import make_submission
from tests.reports.conftest import workers  # noqa: F401  (the real worker processes)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _messages(directory) -> list[str]:
    return [path.read_text() for path in sorted(directory.glob("*.log"))]


def _run_twice(pool, what: str) -> None:
    for _ in range(2):
        result = send_submission_reminders.apply_async(queue=pool.queue)
        deadline = time.monotonic() + 60
        while not result.ready():
            if time.monotonic() > deadline:
                logs = "\n".join(pool.log(p) for p in pool.processes)
                raise AssertionError(f"timed out waiting for {what}\n{logs}")
            time.sleep(0.25)
        assert result.successful(), result.traceback


def test_a_worker_sends_each_late_province_one_message_per_step(workers, provinces, tmp_path):  # noqa: F811
    for code in Province.objects.valid_on(month_end(2026, 11)).values_list("code", flat=True):
        if code not in ("01", "04"):
            make_submission(code, 2026, 11, status="approved", active_total=900)
    make_user("provincial_officer", province="01", email="a@hanoi.gov.vn")
    make_user("provincial_officer", province="04", email="cb@caobang.gov.vn")
    make_user("provincial_officer", province="15", email="lc@laocai.gov.vn")
    outbox = tmp_path / "mail"
    outbox.mkdir()

    after = workers.start(VCA_TEST_CLOCK="2026-12-06", VCA_TEST_EMAIL_DIR=str(outbox))
    _run_twice(workers, "the reminders after the deadline")
    workers.kill(after)
    messages = _messages(outbox)
    assert len(messages) == 2
    assert sum("a@hanoi.gov.vn" in m for m in messages) == 1
    assert sum("cb@caobang.gov.vn" in m for m in messages) == 1
    assert not any("lc@laocai.gov.vn" in m for m in messages)

    workers.start(VCA_TEST_CLOCK="2026-12-12", VCA_TEST_EMAIL_DIR=str(outbox))
    _run_twice(workers, "the final reminders")
    assert len(_messages(outbox)) == 4
    assert sorted(SubmissionReminder.objects.values_list("province__code", "step")) == [
        ("01", "after"),
        ("01", "final"),
        ("04", "after"),
        ("04", "final"),
    ]
    assert not SubmissionReminder.objects.filter(sent_at__isnull=True).exists()
