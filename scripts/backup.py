"""Back up and restore the portal: the PostgreSQL database (pg_dump custom format) and the
uploaded files (a tar archive of MEDIA_ROOT), side by side in one folder.

    python scripts/backup.py backup [FOLDER]     # default backups/<UTC timestamp>/
    python scripts/backup.py restore FOLDER      # into DATABASE_URL, which should be empty

DATABASE_URL and DJANGO_MEDIA_ROOT (default media/) say where from and where to.
"""

import datetime
import glob
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("Set DATABASE_URL to the database to back up or restore.")
    return url


def libpq_env(url: str) -> dict:
    """pg_dump/pg_restore take the connection from PG* variables (host may be a socket)."""
    parts = urlparse(url)
    env = dict(os.environ)
    env.update(
        PGHOST=unquote(parts.hostname or "") if parts.hostname else "",
        PGPORT=str(parts.port or 5432),
        PGUSER=unquote(parts.username or "postgres"),
        PGDATABASE=parts.path.lstrip("/"),
    )
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    host = unquote(parts.netloc.rpartition("@")[2].split(":")[0])
    if host.startswith("/"):
        env["PGHOST"] = host
    return env


def server_major(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.info.server_version // 10000


def tool(name: str, major: int) -> str:
    """A pg_dump/pg_restore at least as new as the server."""
    candidates = [shutil.which(name) or ""]
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    try:
        import pgserver

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name))
    except ImportError:
        pass
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            version = subprocess.run([candidate, "--version"], capture_output=True, text=True)
            found = re.search(r"(\d+)", version.stdout.split(")")[-1])
            if found and int(found.group(1)) >= major:
                return candidate
    raise SystemExit(f"No {name} for PostgreSQL {major} or newer was found.")


def media_root() -> Path:
    return Path(os.environ.get("DJANGO_MEDIA_ROOT", ROOT / "media"))


def backup(folder: Path) -> Path:
    url = database_url()
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            tool("pg_dump", server_major(url)),
            "--format=custom",
            "--no-owner",
            f"--file={folder / DUMP_NAME}",
        ],
        check=True,
        env=libpq_env(url),
    )
    with tarfile.open(folder / MEDIA_NAME, "w:gz") as archive:
        if media_root().is_dir():
            archive.add(media_root(), arcname="media")
    print(f"Backed up to {folder}")
    return folder


def restore(folder: Path) -> None:
    url = database_url()
    if not (folder / DUMP_NAME).is_file():
        raise SystemExit(f"{folder} holds no {DUMP_NAME}.")
    subprocess.run(
        [
            tool("pg_restore", server_major(url)),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={libpq_env(url)['PGDATABASE']}",
            str(folder / DUMP_NAME),
        ],
        check=True,
        env=libpq_env(url),
    )
    target = media_root()
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_NAME, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.name.startswith("media"):
                continue
            member.name = member.name.removeprefix("media").lstrip("/")
            if member.name:
                archive.extract(member, target, filter="data")
    print(f"Restored {folder}")


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("backup", "restore"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "backup":
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        backup(Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "backups" / stamp)
    else:
        if len(sys.argv) < 3:
            raise SystemExit("Say which backup folder to restore.")
        restore(Path(sys.argv[2]))


if __name__ == "__main__":
    main()
