"""Schedule the daily e-mail of overdue and nearly due inspection recommendations to their
teams (07:15 in Hà Nội, after the tasks' reminders). The schedule lives in django_celery_beat's
tables so that administrators can change or pause it in the admin without a release."""

from django.db import migrations

TASK_NAME = "inspections.send_recommendation_reminders"
SCHEDULE_NAME = "Daily inspection recommendation reminders"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    PeriodicTask.objects.update_or_create(
        name=SCHEDULE_NAME, defaults={"task": TASK_NAME, "crontab": crontab, "enabled": True}
    )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=SCHEDULE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0006_link_subjects_to_the_register"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
