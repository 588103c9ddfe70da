"""Fixtures of the reports tests: the November 2021 figures, and real Celery worker processes
on Redis that work on the test database."""

import pytest

from accounts.choices import Role
from tests.factories.reports import make_november_2021
from tests.workers import Workers


@pytest.fixture
def november_2021(provinces):
    """The seed's November 2021 figures (see ``make_november_2021``)."""
    make_november_2021()


@pytest.fixture
def staff(user_factory):
    return user_factory(Role.STAFF)


@pytest.fixture
def leader(user_factory):
    return user_factory(Role.LEADERSHIP)


# Real workers ---------------------------------------------------------------------------------


@pytest.fixture
def workers(transactional_db, settings, tmp_path, monkeypatch):
    """Real Celery worker processes (``workers.start()``); the reports' build task is sent to
    their queue. Killed at teardown, before the test database is flushed."""
    from reports.tasks import build_report

    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("the worker tests need a broker (REDIS_URL or CELERY_BROKER_URL)")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    pool = Workers(settings, tmp_path)
    monkeypatch.setattr(build_report, "queue", pool.queue, raising=False)
    # A task caches its routing options on first use; make it read the queue again.
    monkeypatch.setattr(build_report, "_exec_options", None, raising=False)
    yield pool
    pool.stop_all()
    from vca_portal.celery import app

    with app.connection_for_write() as connection:
        channel = connection.default_channel
        channel.queue_delete(pool.queue)
        channel.client.delete(
            f"_kombu.binding.{pool.queue}", f"_kombu.binding_permanent.{pool.queue}"
        )
