"""The IDOR matrix: provincial officers against other provinces' submissions, register
entries, unions and plan targets. Everything is refused and nothing changes.

- The access decision, for every officer against every other province (all 97, current and
  former): the scope of each model gives the officer exactly their own lineage's objects.
- Over HTTP, every operation of those endpoints (read from the OpenAPI schema, so a new one is
  covered automatically) for every officer, against the objects of another province's whole
  lineage (the next current province and each former province merged into it), so that every
  one of the 97 provinces is attacked on every operation; and every officer's lists and creates.
"""

import datetime
import re

import pytest
from django.db import transaction
from rest_framework.test import APIClient
from vietnam_provinces import Province as CurrentProvinces

from accounts.access import visible_to
from accounts.choices import Role
from cooperatives.models import (
    Cooperative,
    MonthlySubmission,
    PlanTarget,
    Province,
    ProvincialUnion,
)
from cooperatives.services.provinces import provinces_sync
from tests.accounts.endpoints import schema
from tests.factories.accounts import make_user
from tests.factories.cooperatives import make_cooperative, make_plan, make_submission, make_union

OBJECT_ENDPOINTS = {
    "submissions": "submission",
    "cooperatives": "cooperative",
    "provincial-unions": "union",
    "plan-targets": "plan_target",
}
CURRENT_CODES = sorted(f"{int(p.code):02d}" for p in CurrentProvinces.iter_all())


def detail_operations() -> list[tuple[str, str, str]]:
    """(method, path template with {id}, kind of object) for every operation on one object."""
    operations = []
    for path, item in schema()["paths"].items():
        match = re.fullmatch(r"/api/v1/([a-z-]+)/\{[^}]+\}/(?:[a-z-]+/)?", path)
        if not match or match[1] not in OBJECT_ENDPOINTS:
            continue
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                operations.append((method, re.sub(r"\{[^}]+\}", "{id}", path), match[1]))
    return sorted(operations)


def test_the_matrix_covers_every_object_operation():
    operations = {(method, path) for method, path, _kind in detail_operations()}
    assert ("post", "/api/v1/submissions/{id}/approve/") in operations
    assert ("delete", "/api/v1/cooperatives/{id}/") in operations
    assert ("patch", "/api/v1/provincial-unions/{id}/") in operations
    assert len(operations) >= 12


def _objects(province: Province, day: datetime.date, year: int) -> dict:
    """One object of each kind in ``province``, each in the state where the operations would
    otherwise be allowed for its owner."""
    return {
        "submission": make_submission(province, day.year, day.month, status="draft"),
        "cooperative": make_cooperative(province, established_on=day),
        "union": make_union(province),
        "plan_target": make_plan(year, 1000, province),
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Objects of every province and the 34 officers, made once for the module inside a
    transaction rolled back at its end (each test runs in a savepoint on top)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        if Province.objects.count() != 97:
            provinces_sync()
        lineages = {}
        for current in Province.objects.current().prefetch_related("predecessors"):
            lineages[current.code] = [
                _objects(current, datetime.date(2026, 1, 15), 2026),
                *(
                    _objects(old, datetime.date(2021, 11, 15), 2021)
                    for old in current.predecessors.order_by("code")
                ),
            ]
        officers = {code: make_user(Role.PROVINCIAL_OFFICER, province=code) for code in lineages}
    yield {"lineages": lineages, "officers": officers}
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def client_of(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (MonthlySubmission, Cooperative, ProvincialUnion, PlanTarget)
    ]


BODIES = {
    "patch": {
        "active_total": 1,
        "version": 1,
        "name": "Chiếm quyền",
        "charter_decision_number": "1/QĐ",
        "charter_approved_on": "2021-01-01",
    },
    "post": {"reason": "thử", "version": 1},
}


def test_every_officer_sees_only_their_own_lineage_in_every_model(db, world):
    models = {
        "submission": MonthlySubmission,
        "cooperative": Cooperative,
        "union": ProvincialUnion,
        "plan_target": PlanTarget,
    }
    for code, officer in world["officers"].items():
        own = set(officer.province.lineage_ids())
        assert len(own) == len(world["lineages"][code])
        for kind, model in models.items():
            everything = model.objects.filter(province__isnull=False)
            visible = set(visible_to(officer, everything).values_list("pk", flat=True))
            expected = {objects[kind].pk for objects in world["lineages"][code]}
            assert visible == expected, (code, kind)
            assert everything.count() == 97


@pytest.mark.parametrize("officer_code", CURRENT_CODES)
def test_an_officer_is_refused_every_operation_on_another_lineage(db, world, officer_code):
    officer = world["officers"][officer_code]
    # The next current province in code order, with every former province merged into it.
    target_code = CURRENT_CODES[(CURRENT_CODES.index(officer_code) + 1) % len(CURRENT_CODES)]
    client = client_of(officer)
    before = snapshot()
    operations = detail_operations()
    for target in world["lineages"][target_code]:
        for method, template, endpoint in operations:
            path = template.format(id=target[OBJECT_ENDPOINTS[endpoint]].pk)
            response = getattr(client, method)(path, BODIES.get(method, {}), format="json")
            assert response.status_code in (403, 404), (method, path, response.status_code)
    assert snapshot() == before


@pytest.mark.parametrize("officer_code", CURRENT_CODES)
def test_an_officers_lists_hide_and_creates_refuse_other_provinces(db, world, officer_code):
    officer = world["officers"][officer_code]
    own = set(officer.province.lineage_ids())
    client = client_of(officer)
    for endpoint in ("submissions", "cooperatives", "provincial-unions", "plan-targets"):
        rows = client.get(f"/api/v1/{endpoint}/", {"page_size": 500}).json()["results"]
        assert rows, endpoint
        provinces = {row["province"]["id"] for row in rows if row["province"]}
        assert provinces == own, endpoint
    before = snapshot()
    other = "79" if officer_code != "79" else "01"
    created = [
        client.post(
            "/api/v1/submissions/",
            {"province": other, "year": 2026, "month": 2, "active_total": 1},
            format="json",
        ),
        client.post(
            "/api/v1/cooperatives/",
            {
                "name": "HTX X",
                "registration_code": "X-1",
                "sector": "agricultural",
                "sub_sector": "crops",
                "province": other,
                "established_on": "2026-01-02",
            },
            format="json",
        ),
        client.post(
            "/api/v1/plan-targets/",
            {"year": 2026, "province": other, "active_target": 5},
            format="json",
        ),
    ]
    assert [response.status_code for response in created] == [403, 403, 403]
    assert snapshot() == before
