"""make backup / make restore: a backup restored into an empty database holds every record and
every uploaded file."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from accounts.choices import Role
from tasks.models import Unit
from tests.factories.accounts import make_user

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def url_for(database: str) -> str:
    db = settings.DATABASES["default"]
    host = db["HOST"] or "127.0.0.1"
    from urllib.parse import quote

    return f"postgres://{db['USER']}@{quote(host, safe='')}:{db['PORT'] or 5432}/{database}"


def run(*args, database: str, media: Path):
    env = {**os.environ, "DATABASE_URL": url_for(database), "DJANGO_MEDIA_ROOT": str(media)}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "backup.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_backup_restores_every_record_and_file(tmp_path, provinces):
    make_user(Role.STAFF, username="backed-up")
    Unit.objects.create(code="ban-backup", name="Ban Sao lưu", kind="department")
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "784-TB-LMHTXVN.pdf").write_bytes(b"%PDF-1.4 test")
    source = connection.settings_dict["NAME"]

    done = run("backup", str(tmp_path / "backup"), database=source, media=media)
    assert done.returncode == 0, done.stderr

    empty = f"restore_{uuid.uuid4().hex[:8]}"
    admin = url_for("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{empty}"')
    try:
        restored_media = tmp_path / "restored-media"
        done = run("restore", str(tmp_path / "backup"), database=empty, media=restored_media)
        assert done.returncode == 0, done.stderr
        with psycopg.connect(url_for(empty)) as conn:
            tables = ["accounts_user", "tasks_unit", "cooperatives_province", "tasks_unitevent"]
            for table in tables:
                (restored,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
                    assert restored == cursor.fetchone()[0], table
            assert conn.execute(
                "SELECT name FROM tasks_unit WHERE code = 'ban-backup'"
            ).fetchone() == ("Ban Sao lưu",)
        restored_file = restored_media / "documents" / "784-TB-LMHTXVN.pdf"
        assert restored_file.read_bytes() == b"%PDF-1.4 test"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')


def test_restore_refuses_a_folder_without_a_backup(tmp_path):
    done = run("restore", str(tmp_path), database="postgres", media=tmp_path / "m")
    assert done.returncode != 0
    assert "database.dump" in done.stderr
