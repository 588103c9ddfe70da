"""Create the benchmark's own database: ``python -m bench.database recreate URL``;
``python -m bench.database ready URL`` exits 0 when it holds the national dataset, 1 when it
does not (missing, not migrated or empty), so that ``make bench`` builds it first on a fresh
machine.

Refuses any database whose name does not contain ``bench``, so that the dev and test databases
can never be dropped by mistake."""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def _admin(url: str) -> tuple[str, str]:
    """The server's ``postgres`` database and the benchmark database's name."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: the benchmark database has 'bench' in it.")
    return urlunsplit(parts._replace(path="/postgres")), name


def drop(url: str) -> None:
    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def recreate(url: str) -> None:
    admin, name = _admin(url)
    drop(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"Created the empty database {name}.")


def ready(url: str) -> bool:
    """Whether the database exists and holds the dataset (its register is filled)."""
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            table = conn.execute("SELECT to_regclass('cooperatives_cooperative')").fetchone()[0]
            if table is None:
                return False
            return conn.execute(
                "SELECT EXISTS (SELECT 1 FROM cooperatives_cooperative)"
            ).fetchone()[0]
    except psycopg.OperationalError:
        return False


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("recreate", "ready"):
        raise SystemExit("usage: python -m bench.database recreate|ready URL")
    if sys.argv[1] == "recreate":
        recreate(sys.argv[2])
    elif ready(sys.argv[2]):
        print("The benchmark database holds the national dataset.")
    else:
        print("The benchmark database has no dataset yet.")
        raise SystemExit(1)
