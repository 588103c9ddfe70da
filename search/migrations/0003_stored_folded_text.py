"""The folded text kept in a stored generated column of each searched table, indexed there:
folding every candidate row again for the index's recheck and for the ranking cost ten times
the search itself on the national dataset."""

from django.db import migrations

from search import sql


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for entry in sql.STORED_TEXTS:
            sql.add_stored_text(cursor, *entry)


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for entry in sql.STORED_TEXTS:
            sql.drop_stored_text(cursor, *entry)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_document_text")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
