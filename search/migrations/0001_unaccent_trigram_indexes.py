"""The extensions, the immutable folding function and the trigram indexes of the search.

On a server without ``unaccent`` the function folds the Vietnamese letters itself; on one
without ``pg_trgm`` (the embedded demo server) no trigram index is built and the search
matches words without ranking by similarity."""

from django.db import migrations

from search import sql


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        sql.create_extensions(cursor)
        cursor.execute(sql.unaccent_function_sql(sql.extension_schema(cursor, "unaccent")))
        for table, name, columns in sql.INDEXED_TEXTS:
            sql.create_trigram_index(cursor, table, name, columns)


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for _table, name, _columns in sql.INDEXED_TEXTS:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("DROP FUNCTION IF EXISTS vca_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0008_defaults_from_the_portal_clock"),
        ("meetings", "0002_drop_covered_meeting_indexes"),
        ("tasks", "0004_drop_covered_task_indexes"),
        ("inspections", "0002_plan_document_in_register"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
