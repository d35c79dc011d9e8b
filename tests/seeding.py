"""Helpers for tests of `seed_demo`."""

import os

from django.apps import apps
from django.core.management import call_command


def row_counts():
    """Rows in every table the project manages, by model label."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed
    }


def seed_demo():
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)
