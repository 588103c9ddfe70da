"""An inspection plan is issued as a document, and that document lives in the register once:
the plan links to it by number, registering it when it is new."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from inspections import services
from inspections.models import InspectionPlan
from meetings.models import Document
from meetings.services import document_register

pytestmark = pytest.mark.django_db

OCTOBER_26 = datetime.date(2021, 10, 26)


def test_a_plan_registers_its_new_document_and_links_an_existing_one():
    plan = services.inspection_plan_create(
        year=2021,
        title="Kế hoạch giám sát",
        document_number=" 758 / KH-LMHTX",
        document_date=OCTOBER_26,
    )
    document = Document.objects.get()
    assert (plan.document, document.number, document.issued_on) == (
        document,
        "758/KH-LMHTX",
        OCTOBER_26,
    )
    assert (document.doc_type, document.title) == ("KH", "Kế hoạch giám sát")

    registered = document_register(number="800/KH-LMHTX", year=2021, title="Kế hoạch kiểm tra")
    other = services.inspection_plan_create(
        year=2021, title="Kế hoạch kiểm tra", document_number="800/KH-LMHTX"
    )
    assert other.document == registered
    assert Document.objects.count() == 2


def test_a_document_is_the_plan_of_one_plan_and_keeps_its_date():
    first = services.inspection_plan_create(
        year=2021, title="Kế hoạch A", document_number="758/KH-LMHTX", document_date=OCTOBER_26
    )
    with pytest.raises(ValidationError) as error:
        services.inspection_plan_create(
            year=2021, title="Kế hoạch B", document_number="758/KH-LMHTX"
        )
    assert "document_number" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.inspection_plan_update(plan=first, document_date=datetime.date(2021, 10, 27))
    assert "document_date" in error.value.message_dict
    assert InspectionPlan.objects.count() == 1
    first.refresh_from_db()
    assert (first.document_number, first.document_date) == ("758/KH-LMHTX", OCTOBER_26)
    services.inspection_plan_update(plan=first, document_number="")
    first.refresh_from_db()
    assert first.document is None
    assert Document.objects.count() == 1  # the register keeps its document


def test_the_api_reads_and_writes_the_plan_by_its_document_number(user_factory, token_client):
    from accounts.choices import Role

    client = token_client(user_factory(Role.INSPECTOR))
    response = client.post(
        "/api/v1/inspection-plans/",
        {
            "year": 2021,
            "title": "Kế hoạch giám sát",
            "document_number": "758/KH-LMHTX",
            "document_date": "2021-10-26",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["document_number"], body["document_date"]) == ("758/KH-LMHTX", "2021-10-26")
    assert body["document"] == Document.objects.get(number="758/KH-LMHTX").pk
    again = client.post(
        "/api/v1/inspection-plans/",
        {"year": 2021, "title": "Trùng", "document_number": "758/KH-LMHTX"},
        format="json",
    )
    assert again.status_code == 400
    assert "document_number" in again.json()
    assert InspectionPlan.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_links_existing_plans_and_their_history_to_the_register():
    executor = MigrationExecutor(connection)
    before = [("inspections", "0001_casework")]
    after = [("inspections", "0002_plan_document_in_register")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Plan = old.get_model("inspections", "InspectionPlan")
    Plan.objects.create(
        year=2021,
        title="Kế hoạch giám sát",
        document_number="758/KH-LMHTX",
        document_date=OCTOBER_26,
    )
    Plan.objects.create(year=2021, title="Kế hoạch chưa số")
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    numbered = InspectionPlan.objects.get(title="Kế hoạch giám sát")
    assert (numbered.document.number, numbered.document.issued_on) == ("758/KH-LMHTX", OCTOBER_26)
    assert InspectionPlan.objects.get(title="Kế hoạch chưa số").document is None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document_id FROM inspections_inspectionplanevent WHERE title = %s",
            ["Kế hoạch giám sát"],
        )
        assert {row[0] for row in cursor.fetchall()} == {numbered.document_id}
