"""An inspection plan's document lives in the document register: each plan with a number is
linked to the registered document of that number (registered now when missing), its history
rows likewise, and the plan's own copy of the number and date is dropped."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

from meetings.numbers import normalise, parse_number


def _document(Document, number: str, issued_on, year: int, title: str):
    number = normalise(number)
    found = Document.objects.filter(number=number).order_by("-year").first()
    if found is not None:
        return found
    parsed = parse_number(number)
    return Document.objects.create(
        **parsed.document_fields(),
        year=issued_on.year if issued_on else (parsed.year or year),
        issued_on=issued_on,
        title=title,
    )


def link_documents(apps, schema_editor):
    Document = apps.get_model("meetings", "Document")
    Plan = apps.get_model("inspections", "InspectionPlan")
    PlanEvent = apps.get_model("inspections", "InspectionPlanEvent")
    linked = {}
    for plan in Plan.objects.exclude(document_number=""):
        document = _document(
            Document, plan.document_number, plan.document_date, plan.year, plan.title
        )
        Plan.objects.filter(pk=plan.pk).update(document=document)
        linked[plan.document_number] = document
    for event in PlanEvent.objects.exclude(document_number=""):
        document = linked.get(event.document_number) or _document(
            Document, event.document_number, event.document_date, event.year, event.title
        )
        PlanEvent.objects.filter(pk=event.pk).update(document=document)


def unlink_documents(apps, schema_editor):
    Plan = apps.get_model("inspections", "InspectionPlan")
    PlanEvent = apps.get_model("inspections", "InspectionPlanEvent")
    for model in (Plan, PlanEvent):
        for row in model.objects.exclude(document=None).select_related("document"):
            model.objects.filter(pk=row.pk).update(
                document_number=row.document.number, document_date=row.document.issued_on
            )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_casework"),
        ("meetings", "0002_drop_covered_meeting_indexes"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="inspectionplan",
            options={
                "ordering": ["-year", "-pk"],
                "verbose_name": "inspection plan",
                "verbose_name_plural": "inspection plans",
            },
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="inspectionplan",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="inspectionplan",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="inspectionplan",
            name="delete_delete",
        ),
        migrations.RemoveConstraint(
            model_name="inspectionplan",
            name="inspection_plan_document_number_unique",
        ),
        migrations.AddField(
            model_name="inspectionplan",
            name="document",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="inspection_plan",
                to="meetings.document",
                verbose_name="document",
            ),
        ),
        migrations.AddField(
            model_name="inspectionplanevent",
            name="document",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="meetings.document",
                verbose_name="document",
            ),
        ),
        migrations.RunPython(link_documents, unlink_documents),
        migrations.RemoveField(
            model_name="inspectionplan",
            name="document_date",
        ),
        migrations.RemoveField(
            model_name="inspectionplan",
            name="document_number",
        ),
        migrations.RemoveField(
            model_name="inspectionplanevent",
            name="document_date",
        ),
        migrations.RemoveField(
            model_name="inspectionplanevent",
            name="document_number",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="inspectionplan",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "inspections_inspectionplanevent" ("document_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "themes", "title", "year") VALUES (NEW."document_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."themes", NEW."title", NEW."year"); RETURN NULL;',
                    hash="34c90da21501ff69a74a3938bbb29868accd03fa",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_1dd3a",
                    table="inspections_inspectionplan",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="inspectionplan",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "inspections_inspectionplanevent" ("document_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "themes", "title", "year") VALUES (NEW."document_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."themes", NEW."title", NEW."year"); RETURN NULL;',
                    hash="18561e075b57236e1323163daf5227ea16220158",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_f2b05",
                    table="inspections_inspectionplan",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="inspectionplan",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "inspections_inspectionplanevent" ("document_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "themes", "title", "year") VALUES (OLD."document_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."themes", OLD."title", OLD."year"); RETURN NULL;',
                    hash="36e69d5c5c3a6fe3b923cb34cde150bcc67e980e",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_654c4",
                    table="inspections_inspectionplan",
                    when="AFTER",
                ),
            ),
        ),
    ]
