"""No index of the portal's own tables is a prefix of another: PostgreSQL would keep both up to
date on every write and read through either, so the shorter one only costs."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

PORTAL_APPS = ("accounts", "cooperatives", "tasks", "meetings", "inspections", "reports")

# Plain btree indexes whose columns, operator classes and collations begin another index's.
COVERED = """
SELECT a.indrelid::regclass::text, a.indexrelid::regclass::text, b.indexrelid::regclass::text
FROM pg_index a
JOIN pg_index b ON b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid
JOIN pg_class ia ON ia.oid = a.indexrelid
JOIN pg_class ib ON ib.oid = b.indexrelid
JOIN pg_am am ON am.oid = ia.relam AND am.amname = 'btree'
WHERE ib.relam = ia.relam
  AND NOT a.indisunique
  AND a.indpred IS NULL AND b.indpred IS NULL AND a.indexprs IS NULL AND b.indexprs IS NULL
  AND a.indnatts <= b.indnatts
  AND (a.indkey::int2[])[0:a.indnatts - 1] = (b.indkey::int2[])[0:a.indnatts - 1]
  AND (a.indclass::oid[])[0:a.indnatts - 1] = (b.indclass::oid[])[0:a.indnatts - 1]
  AND (a.indcollation::oid[])[0:a.indnatts - 1] = (b.indcollation::oid[])[0:a.indnatts - 1]
  AND a.indrelid::regclass::text = ANY(%s)
"""


def _portal_tables() -> list[str]:
    """The tables of the portal's own models; Django's automatic many-to-many tables (an index
    per column beside the pair's unique one) are Django's layout, not ours."""
    return [
        model._meta.db_table
        for label in PORTAL_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.auto_created and model._meta.managed
    ]


def test_no_index_is_covered_by_another():
    with connection.cursor() as cursor:
        cursor.execute(COVERED, [_portal_tables()])
        covered = cursor.fetchall()
    assert covered == []


def test_the_check_finds_a_covered_index():
    with connection.cursor() as cursor:
        cursor.execute('CREATE INDEX "test_covered_idx" ON tasks_task (lead_unit_id)')
        cursor.execute(COVERED, [["tasks_task"]])
        covered = cursor.fetchall()
    assert covered == [("tasks_task", "test_covered_idx", "task_unit_due_idx")]
