"""Real Celery worker processes on Redis that work on the test database."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]


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
