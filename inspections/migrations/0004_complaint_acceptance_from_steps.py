"""Existing cases: the acceptance date is the date of their "accepted" step, and both deadlines
are counted anew on the working-day calendar (public holidays and Tết now included)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from inspections.services import complaint_deadlines
    from inspections.workdays import WorkingCalendar

    Complaint = apps.get_model("inspections", "Complaint")
    ComplaintStep = apps.get_model("inspections", "ComplaintStep")
    calendar = WorkingCalendar()  # no day off has been recorded yet
    accepted = {}
    for complaint_id, on in (
        ComplaintStep.objects.filter(status="accepted")
        .order_by("on", "pk")
        .values_list("complaint_id", "on")
    ):
        accepted.setdefault(complaint_id, on)
    for complaint in Complaint.objects.all().iterator():
        complaint.accepted_on = accepted.get(complaint.pk)
        deadlines = complaint_deadlines(
            received_on=complaint.received_on,
            kind=complaint.kind,
            is_complex=complaint.is_complex,
            accepted_on=complaint.accepted_on,
            calendar=calendar,
        )
        complaint.acceptance_due_on = deadlines.acceptance_due_on
        complaint.due_on = deadlines.due_on
        complaint.save(update_fields=["accepted_on", "acceptance_due_on", "due_on"])


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_complaint_acceptance_and_days_off")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
