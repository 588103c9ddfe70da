"""Find or start the PostgreSQL and Redis the portal needs, and print their URLs as shell
``export`` lines.

``services.py test``  uses DATABASE_URL / REDIS_URL when set, else the local servers on their
                      standard ports (started when installed but stopped; Redis installed from
                      Debian's packages when missing), falling back to a private PostgreSQL
                      from the ``pgserver`` wheel.
``services.py demo``  uses DATABASE_URL when set, else a private PostgreSQL from ``pgserver``
                      in ``.data/pg`` that keeps running between runs.
"""

import glob
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg

ROOT = Path(__file__).resolve().parent.parent
LOCAL_PG = "postgres://postgres@127.0.0.1:5432/postgres"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def pg_reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def start_local_postgres() -> None:
    if shutil.which("pg_ctlcluster"):
        for version_dir in glob.glob("/etc/postgresql/*"):
            version = os.path.basename(version_dir)
            say(f"Starting PostgreSQL {version} …")
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                check=False,
            )


def pgserver_url(data_dir: Path, database: str) -> str:
    import pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    say(f"Using the private PostgreSQL in {data_dir} …")
    server = pgserver.get_server(str(data_dir), cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    admin = f"postgres://postgres@{quote(str(socket_dir), safe='')}/postgres"
    ensure_database(admin, database)
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{database}"


def ensure_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')


def test_database_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if not pg_reachable(LOCAL_PG):
        start_local_postgres()
        for _ in range(20):
            if pg_reachable(LOCAL_PG):
                break
            time.sleep(0.5)
    if pg_reachable(LOCAL_PG):
        ensure_database(LOCAL_PG, "vca")
        return "postgres://postgres@127.0.0.1:5432/vca"
    return pgserver_url(ROOT / ".data" / "pg-test", "vca")


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def test_redis_url() -> str:
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    if redis_reachable(LOCAL_REDIS):
        return LOCAL_REDIS
    if not shutil.which("redis-server") and shutil.which("apt-get"):
        say("Installing Redis from Debian's packages …")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "redis-server"], check=True)
    if shutil.which("redis-server"):
        say("Starting Redis …")
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
        )
        for _ in range(20):
            if redis_reachable(LOCAL_REDIS):
                return LOCAL_REDIS
            time.sleep(0.5)
    raise SystemExit("Redis is not reachable on 127.0.0.1:6379 and could not be started.")


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else "test"
    if mode == "test":
        exports = {"DATABASE_URL": test_database_url(), "REDIS_URL": test_redis_url()}
    elif mode == "demo":
        exports = {
            "DATABASE_URL": os.environ.get("DATABASE_URL")
            or pgserver_url(ROOT / ".data" / "pg", "vca")
        }
    else:
        raise SystemExit(f"unknown mode {mode!r}: use test or demo")
    for name, value in exports.items():
        print(f"export {name}='{value}'")


if __name__ == "__main__":
    main()
