"""Celery beat builds the previous month's report on the configured day (REPORTS_BUILD_DAY,
default in ``reports.conf``), in the portal's time zone. The schedule lives in the database
(django-celery-beat), so administrators can change or pause it in the admin."""

import json

from django.conf import settings
from django.db import migrations

TASK_NAME = "Monthly report: build the previous month"


def create_schedule(apps, schema_editor):
    from reports import conf

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour=str(conf.build_hour()),
        day_of_month=str(conf.build_day()),
        month_of_year="*",
        day_of_week="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={
            "task": "reports.build_previous_month_report",
            "crontab": crontab,
            "args": json.dumps([]),
            "enabled": True,
            "description": "Builds last month's statistical report.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_report"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
