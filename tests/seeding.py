"""Helpers for tests of `seed_demo`."""

import os
from contextlib import contextmanager

from django.apps import apps
from django.core.management import call_command
from django.db import transaction

import pytest

DEMO_ADMIN_PASSWORD = "demo-password-for-tests"
# RFC 6238's test key (hex): the demo admin's second factor in seeded tests.
DEMO_ADMIN_TOTP_KEY = "3132333435363738393031323334353637383930"


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


@contextmanager
def seeded_once(django_db_blocker):
    """The demo site for a whole test module, seeded once and rolled back at the end.

    For modules whose tests only read the demo: each test's own transaction (pytest-django's
    `db`) is a savepoint inside this one, so whatever a test changes is undone after it.
    Not for transactional tests (live_server), which cannot run inside a transaction.
    """
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEMO_ADMIN_PASSWORD", DEMO_ADMIN_PASSWORD)
        patch.setenv("DEMO_ADMIN_TOTP_KEY", DEMO_ADMIN_TOTP_KEY)
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
