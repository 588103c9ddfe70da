"""Fixtures of the reports tests: the November 2021 figures, and real Celery worker processes
on Redis that work on the test database."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from accounts.choices import Role
from tests.factories.reports import make_november_2021

ROOT = Path(__file__).resolve().parents[2]


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


class Workers:
    """Starts ``celery -A vca_portal worker`` processes on a queue of their own, pointed at the
    test database, and kills whatever is left at the end."""

    def __init__(self, settings, tmp_path):
        database = settings.DATABASES["default"]
        credentials = quote(database["USER"] or "")
        if database.get("PASSWORD"):
            credentials += ":" + quote(database["PASSWORD"])
        self.database_url = (
            f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
        self.broker_url = settings.CELERY_BROKER_URL
        self.queue = f"reports-test-{uuid.uuid4().hex[:10]}"
        self.media_root = str(settings.MEDIA_ROOT)
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []

    def start(self, **environment) -> subprocess.Popen:
        number = len(self.processes) + 1
        log_path = self.tmp_path / f"worker-{number}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vca_portal.settings.test",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self.broker_url,
            "REDIS_URL": self.broker_url,
            "DJANGO_MEDIA_ROOT": self.media_root,
            **{k: str(v) for k, v in environment.items()},
        }
        env.pop("TEST_DATABASE_NAME", None)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "vca_portal",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}-{number}@%h",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_path.open("wb"),
            stderr=subprocess.STDOUT,
            # Its own process group, so that killing it kills its pool child too.
            start_new_session=True,
        )
        process.log_path = log_path
        self.processes.append(process)
        self._wait_until_ready(process)
        return process

    def _wait_until_ready(self, process, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the worker exited:\n{self.log(process)}")
            if b" ready." in process.log_path.read_bytes():
                return
            time.sleep(0.2)
        raise RuntimeError(f"the worker did not start:\n{self.log(process)}")

    def log(self, process) -> str:
        return process.log_path.read_text(errors="replace")

    def kill(self, process) -> None:
        """SIGKILL to the worker and its pool: nothing is acknowledged or cleaned up."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                self.kill(process)


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
