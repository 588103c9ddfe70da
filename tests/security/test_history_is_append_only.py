"""The application's database role can add to the audit history but never alter or delete it."""

import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def app_role():
    name = f"vca_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" LOGIN')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{name}"')
        cursor.execute(f'DROP ROLE "{name}"')


def connect_as(role: str):
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=role,
        autocommit=True,
    )


def test_the_app_role_appends_history_but_cannot_rewrite_it(app_role):
    call_command("grant_app_role", app_role)
    with connect_as(app_role) as conn:
        conn.execute(
            "INSERT INTO tasks_unit (code, name, kind, is_active, email, head_name) "
            "VALUES ('ban-kt', 'Ban Kiểm tra', 'department', true, '', '')"
        )
        conn.execute("UPDATE tasks_unit SET name = 'Ban Kiểm tra mới' WHERE code = 'ban-kt'")
        (events,) = conn.execute(
            "SELECT count(*) FROM tasks_unitevent WHERE code = 'ban-kt'"
        ).fetchone()
        assert events == 2  # the triggers still record, as this role
        for statement in (
            "UPDATE tasks_unitevent SET name = 'forged'",
            "DELETE FROM tasks_unitevent",
            "TRUNCATE tasks_unitevent",
            "DELETE FROM pghistory_context",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_an_unknown_role_is_a_clear_error():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no database role"):
        call_command("grant_app_role", "nobody_here")
