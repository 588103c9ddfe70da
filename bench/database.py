"""Create the benchmark's own database: ``python -m bench.database recreate URL``.

Refuses any database whose name does not contain ``bench``, so that the dev and test databases
can never be dropped by mistake."""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def recreate(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to recreate {name!r}: the benchmark database has 'bench' in it."
        )
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"Created the empty database {name}.")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "recreate":
        raise SystemExit("usage: python -m bench.database recreate URL")
    recreate(sys.argv[2])
