"""The files are rendered by a real Celery worker process, as in production."""

import hashlib
import time

import pytest

from drafting import services
from drafting.choices import DraftKind, RenderState
from drafting.models import DraftedDocument
from tests.workers import Workers


@pytest.fixture
def worker(transactional_db, settings, tmp_path, monkeypatch):
    from drafting.tasks import render_document

    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("the worker tests need a broker (REDIS_URL or CELERY_BROKER_URL)")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    pool = Workers(settings, tmp_path)
    monkeypatch.setattr(render_document, "queue", pool.queue, raising=False)
    monkeypatch.setattr(render_document, "_exec_options", None, raising=False)
    pool.start()
    yield pool
    pool.stop_all()


def wait_for_files(drafted: DraftedDocument, pool, timeout: float = 90) -> DraftedDocument:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        drafted.refresh_from_db()
        if drafted.render_state in (RenderState.READY, RenderState.FAILED):
            return drafted
        time.sleep(0.3)
    raise AssertionError(f"not rendered in time:\n{pool.log(pool.processes[0])}")


def test_a_worker_renders_the_draft_then_the_issued_files_once(seed_meeting, staff, worker):
    drafted = services.draft_create(
        kind=DraftKind.NOTICE, meeting=seed_meeting, signer_name="Phạm Ngọc Toại"
    )
    drafted = wait_for_files(drafted, worker)
    assert drafted.render_state == RenderState.READY, drafted.render_error
    preview = drafted.pdf_sha256
    services.draft_issue(drafted=drafted, issued_by=staff)
    drafted = wait_for_files(drafted, worker)
    assert drafted.files_ready
    assert drafted.document.number == "843/TB-LMHTXVN"
    assert drafted.pdf_sha256 != preview  # the final files carry the number and date
    with drafted.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == drafted.pdf_sha256
