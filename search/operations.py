"""Migration operations for changing a column the search folds.

The folded text of each searched table is a stored generated column (``sql.STORED_TEXTS``),
and PostgreSQL refuses to change the type of a column a generated column is made from (a
new ``max_length`` on a title, say) or to drop it. A migration doing so puts its change
between the two operations of ``around_searched_columns``::

    before, after = around_searched_columns("meetings_document")
    operations = [before, migrations.AlterField(...), after]
"""

from django.db import migrations

from . import sql


def around_searched_columns(*tables: str) -> tuple[migrations.RunPython, migrations.RunPython]:
    entries = [entry for entry in sql.STORED_TEXTS if entry[0] in tables]

    def drop(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            for table, column, _index, _columns in entries:
                cursor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{column}"')

    def add(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            for entry in entries:
                sql.add_stored_text(cursor, *entry)

    return (
        migrations.RunPython(drop, add, elidable=False),
        migrations.RunPython(add, drop, elidable=False),
    )
