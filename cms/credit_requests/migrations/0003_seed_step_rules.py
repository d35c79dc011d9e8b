"""Seed the default steps and deadlines (staff edit them later)."""

from django.db import migrations


def seed(apps, schema_editor):
    from cms.credit_requests.seed_data import seed_step_rules

    seed_step_rules(apps.get_model("credit_requests", "StepRule"))


class Migration(migrations.Migration):
    dependencies = [("credit_requests", "0002_one_open_request_per_person")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
