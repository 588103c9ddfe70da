"""``make bench`` on a fresh machine builds its dataset first: ``bench.database ready`` tells a
database without the dataset from one that holds it."""

import psycopg
import pytest
from django.db import connection

from bench.database import ready, recreate
from tests.factories.cooperatives import make_cooperative


def _url(name: str) -> str:
    settings = connection.settings_dict
    user, host = settings["USER"] or "postgres", settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{name}"


def test_a_missing_or_empty_database_is_not_ready():
    assert ready(_url("vca_bench_never_created")) is False
    recreate(_url("vca_bench_empty_check"))
    try:
        assert ready(_url("vca_bench_empty_check")) is False
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS vca_bench_empty_check WITH (FORCE)")


def test_the_recreation_refuses_a_name_without_bench():
    with pytest.raises(SystemExit):
        recreate(_url("vca"))


@pytest.mark.django_db(transaction=True)
def test_a_database_with_the_register_filled_is_ready(provinces):
    make_cooperative("01")
    assert ready(_url(connection.settings_dict["NAME"])) is True
