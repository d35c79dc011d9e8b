"""Seed the honour categories and Yangjiang's towns (staff edit them later)."""

from django.db import migrations


def seed(apps, schema_editor):
    from cms.honor_roll.seed_data import seed_reference_data

    seed_reference_data(apps.get_model("honor_roll", "HonorCategory"), apps.get_model("honor_roll", "Town"))


class Migration(migrations.Migration):
    dependencies = [("honor_roll", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
