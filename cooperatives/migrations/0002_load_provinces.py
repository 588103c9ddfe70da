"""Load the 63 + 34 provinces from the vietnam-provinces package."""

from django.db import migrations


def load(apps, schema_editor):
    from cooperatives.services.provinces import provinces_sync

    provinces_sync(province_model=apps.get_model("cooperatives", "Province"))


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
