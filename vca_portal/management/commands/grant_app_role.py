"""Give the application's database role what it needs and no more: read and write the domain
tables, but only read and append to the audit history (no UPDATE, DELETE or TRUNCATE), so that
not even the application can rewrite what happened.

Run it as the owner of the tables (the role migrations run as) after every ``migrate``:

    manage.py grant_app_role vca_app
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

HISTORY_TABLES_SQL = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r'
      AND (c.relname LIKE '%%event' OR c.relname LIKE 'pghistory_%%')
"""


class Command(BaseCommand):
    help = "Grant the application role DML on domain tables and append-only audit history."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the portal connects as")

    def handle(self, *args, role: str, **options):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(f"There is no database role {role!r}; create it first.")
            target = sql.Identifier(role)
            cursor.execute("SELECT current_schema()")
            (schema_name,) = cursor.fetchone()
            schema = sql.Identifier(schema_name)
            statements = [
                sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, target),
                sql.SQL(
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}"
                ).format(schema, target),
                sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
                    schema, target
                ),
            ]
            for statement in statements:
                cursor.execute(statement)
            cursor.execute(HISTORY_TABLES_SQL)
            history = [name for (name,) in cursor.fetchall()]
            for table in history:
                # The request context row is upserted by pghistory as a request goes on
                # (INSERT … ON CONFLICT DO UPDATE), so it keeps UPDATE; events do not.
                privileges = (
                    "DELETE, TRUNCATE"
                    if table == "pghistory_context"
                    else ("UPDATE, DELETE, TRUNCATE")
                )
                cursor.execute(
                    sql.SQL("REVOKE {} ON {} FROM {}").format(
                        sql.SQL(privileges), sql.Identifier(table), target
                    )
                )
        self.stdout.write(
            f"{role}: read/write on domain tables, append-only on {len(history)} history tables."
        )
