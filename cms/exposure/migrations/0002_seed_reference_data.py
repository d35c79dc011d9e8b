"""Seed key areas, key groups and publicity-period bounds (staff edit them later)."""

from django.db import migrations


def seed(apps, schema_editor):
    from cms.exposure.seed_data import seed_reference_data

    seed_reference_data(
        apps.get_model("exposure", "KeyArea"), apps.get_model("exposure", "KeyGroup"),
        apps.get_model("exposure", "SeverityPeriod"),
    )


class Migration(migrations.Migration):
    dependencies = [("exposure", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
