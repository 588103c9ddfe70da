"""``vca_portal.batch``: several querysets read in one statement give exactly the rows and
Python types that reading each queryset on its own gives."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, F, Sum

from cooperatives.models import Cooperative, MonthlySubmission
from tests.factories.cooperatives import make_cooperative, make_submission
from vca_portal.batch import QueryBatch, aggregate_values, run_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(provinces):
    make_cooperative("01", charter_capital=Decimal("123456789012345"), members=7)
    make_cooperative("01", charter_capital=Decimal("10"), dissolved_on=datetime.date(2021, 3, 1))
    make_cooperative("79", charter_capital=Decimal("5"), members=12)
    make_submission("01", 2021, 11, status="approved")


def test_a_batch_gives_each_queryset_its_own_rows_in_one_query(register, django_assert_num_queries):
    querysets = {
        "cooperatives": Cooperative.objects.order_by("-charter_capital").values(
            "name", "charter_capital", "established_on", "dissolved_on", "province__code"
        ),
        "first_two": Cooperative.objects.order_by("registration_code").values("pk")[:2],
        "per_province": Cooperative.objects.order_by("province__code")
        .values("province__code")
        .annotate(n=Count("pk"), capital=Sum("charter_capital")),
        "submissions": MonthlySubmission.objects.values(
            "submitted_at", "is_late", "status", total=F("active_total")
        ),
        "nothing": Cooperative.objects.none().values("pk"),
        "no_match": Cooperative.objects.filter(pk__in=[]).values("pk"),
    }
    expected = {name: list(queryset) for name, queryset in querysets.items()}
    batch = QueryBatch()
    handles = {name: batch.add(queryset) for name, queryset in querysets.items()}
    with django_assert_num_queries(1):
        batch.run()
    for name, rows in handles.items():
        assert rows.rows == expected[name], name
    assert isinstance(handles["cooperatives"].rows[0]["charter_capital"], Decimal)
    richest = Cooperative.objects.order_by("-charter_capital").first()
    assert handles["cooperatives"].rows[0]["charter_capital"] == richest.charter_capital
    assert isinstance(handles["cooperatives"].rows[0]["established_on"], datetime.date)
    submitted_at = handles["submissions"].rows[0]["submitted_at"]
    assert submitted_at == MonthlySubmission.objects.get().submitted_at
    assert submitted_at is None or submitted_at.utcoffset() is not None


def test_aggregate_values_is_a_lazy_aggregate(register):
    queryset = Cooperative.objects.filter(province__code="01")
    batch = QueryBatch()
    totals = batch.add(aggregate_values(queryset, n=Count("pk"), members=Sum("members")))
    empty = batch.add(aggregate_values(queryset.filter(members__lt=0), n=Count("pk")))
    batch.run()
    assert totals.first() == queryset.aggregate(n=Count("pk"), members=Sum("members"))
    assert empty.first() == {"n": 0}


def test_rows_are_read_only_after_the_run_and_only_values_querysets_join():
    batch = QueryBatch()
    rows = batch.add(Cooperative.objects.values("pk"))
    with pytest.raises(RuntimeError):
        rows.rows  # noqa: B018
    with pytest.raises(TypeError):
        batch.add(Cooperative.objects.all())


def test_run_plan_runs_a_plan_on_its_own_batch(register):
    def plan(batch, *, code):
        rows = batch.add(Cooperative.objects.filter(province__code=code).values("pk"))
        return lambda: len(rows.rows)

    assert run_plan(plan, code="01") == 2
    assert run_plan(plan, code="79") == 1
