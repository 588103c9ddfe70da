"""The national dataset: reproducible from its seed, consistent with the portal's rules, and
loaded by COPY into tables the portal then reads correctly."""

import dataclasses
import datetime

import pytest

from bench import dataset
from bench.verify import recompute_monthly, summarise

SMALL = dataclasses.replace(dataset.Sizes.scaled(0.005), start=(2024, 10), end=(2025, 9), units=5)


def _by_period(tables):
    submissions = next(t for t in tables if t.name == "cooperatives_monthlysubmission")
    columns = submissions.columns
    rows = [dict(zip(columns, row, strict=True)) for row in submissions.rows]
    return {(r["province_id"], r["year"], r["month"]): r for r in rows}


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows_and_another_seed_others(provinces):
    rows = dataset.province_rows()
    first = dataset.generate(seed=7, sizes=SMALL, provinces=rows)
    again = dataset.generate(seed=7, sizes=SMALL, provinces=rows)
    other = dataset.generate(seed=8, sizes=SMALL, provinces=rows)
    assert [t.rows for t in first] == [t.rows for t in again]
    assert [t.rows for t in first] != [t.rows for t in other]


@pytest.mark.django_db
def test_every_valid_province_reports_every_month_and_the_stock_flow_holds(provinces):
    rows = dataset.province_rows()
    by_pk = {p["pk"]: p for p in rows}
    submissions = _by_period(dataset.generate(seed=7, sizes=SMALL, provinces=rows))
    per_month = {}
    for _pk, year, month in submissions:
        per_month[(year, month)] = per_month.get((year, month), 0) + 1
    assert per_month[(2025, 6)] == 63
    assert per_month[(2025, 7)] == 34
    assert len(per_month) == 12
    checked = 0
    for (pk, year, month), row in submissions.items():
        previous = (year - 1, 12) if month == 1 else (year, month - 1)
        if previous < SMALL.start:
            continue
        if (year, month) == (2025, 7):  # the new province takes over its old ones' stock
            before = sum(
                submissions[(q, *previous)]["active_total"]
                for q, p in by_pk.items()
                if p["successor_id"] == pk
            )
        else:
            before = submissions[(pk, *previous)]["active_total"]
        moved = (
            row["established_agricultural"]
            + row["established_non_agricultural"]
            - row["dissolved_agricultural"]
            - row["dissolved_non_agricultural"]
        )
        assert before + moved == row["active_total"], (pk, year, month)
        checked += 1
    assert checked > 600


@pytest.mark.django_db(transaction=True)
def test_the_load_fills_the_tables_the_statistics_read(provinces):
    from cooperatives.models import Cooperative, MonthlySubmission
    from cooperatives.selectors import monthly_statistics, register_discrepancies
    from tasks.models import Task

    tables = dataset.generate(seed=3, sizes=SMALL, provinces=dataset.province_rows())
    floor = dataset.bare_copy(tables, lambda *args: None)
    seconds = dataset.load(tables, lambda *args: None)
    assert floor > 0
    assert seconds > 0
    assert Cooperative.objects.count() == SMALL.cooperatives
    assert Task.objects.count() == SMALL.tasks
    assert MonthlySubmission.objects.filter(status="approved").count() == 9 * 63 + 3 * 34
    for year, month in ((2025, 6), (2025, 7)):
        assert summarise(monthly_statistics(year=year, month=month)) == recompute_monthly(
            year=year, month=month
        )
        # The monthly counts were derived from the register: the two sources agree.
        assert all(row["agrees"] for row in register_discrepancies(year=year, month=month))
    # The id sequences continue after the loaded rows.
    created = Cooperative.objects.create(
        name="HTX mới",
        registration_code="NEW-1",
        sector="agricultural",
        sub_sector="crops",
        province_id=Cooperative.objects.values_list("province_id", flat=True).first(),
        established_on=datetime.date(2026, 1, 5),
    )
    assert created.pk > SMALL.cooperatives


def _heap_pages(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s::regclass)", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_rehearsal_of_the_load_leaves_no_rows_behind(provinces):
    """The rehearsals the load is timed on are rolled back: the tables keep neither rows nor
    dead space that the real load would then have to scan and index."""
    from cooperatives.models import Cooperative

    tables = dataset.generate(seed=3, sizes=SMALL, provinces=dataset.province_rows())
    before = _heap_pages("cooperatives_cooperative")
    assert dataset.load(tables, lambda *args: None, commit=False) > 0
    assert Cooperative.objects.count() == 0
    assert _heap_pages("cooperatives_cooperative") == before


@pytest.mark.django_db(transaction=True)
def test_the_load_refuses_tables_that_hold_rows_and_changes_nothing(provinces):
    from cooperatives.models import Cooperative

    tables = dataset.generate(seed=3, sizes=SMALL, provinces=dataset.province_rows())
    existing = Cooperative.objects.create(
        name="HTX có sẵn",
        registration_code="OLD-1",
        sector="agricultural",
        sub_sector="crops",
        province_id=dataset.province_rows()[0]["pk"],
        established_on=datetime.date(2020, 1, 5),
    )
    with pytest.raises(RuntimeError, match="cooperatives_cooperative is not empty"):
        dataset.load(tables, lambda *args: None)
    assert list(Cooperative.objects.values_list("pk", flat=True)) == [existing.pk]


@pytest.mark.django_db(transaction=True)
def test_the_load_is_timed_against_a_bare_copy_and_recorded(provinces, tmp_path):
    import json

    from django.core.management import call_command

    record = tmp_path / "dataset.json"
    call_command("generate_national_dataset", "--scale", "0.002", "--record", str(record))
    measured = json.loads(record.read_text())
    assert measured["database"] == dataset.database_name()
    assert len(measured["runs"]) == len(measured["floor_runs"]) == 3
    assert measured["ratio"] == pytest.approx(measured["seconds"] / measured["floor_seconds"], 0.01)
