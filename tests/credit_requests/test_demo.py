"""seed_demo's part: a few requests in different states, idempotent, silent without targets."""

from io import StringIO

from django.core.management.base import BaseCommand

import pytest

from cms.credit_requests import demo
from cms.credit_requests.models import CreditRequest

from .fake_target import OTHER_ID

pytestmark = pytest.mark.django_db


def run_seed():
    command = BaseCommand(stdout=StringIO())
    demo.seed(command)
    return command.stdout.getvalue()


def test_seed_creates_requests_in_different_states_once(target, admin_user):
    target.add(2, "李四", OTHER_ID)
    run_seed()
    assert CreditRequest.objects.count() == len(demo.PLANS)
    assert {r.status for r in CreditRequest.objects.all()} >= {
        CreditRequest.RECEIVED,
        CreditRequest.PROCESSING,
        CreditRequest.CLOSED,
    }
    assert set(CreditRequest.objects.values_list("kind", flat=True)) == {"objection", "repair"}
    assert target.decisions == [(2, "repair", "dismissed", demo.DECISION_NOTES["dismiss"])]
    assert all(r.id_hash and len(r.id_last4) == 4 for r in CreditRequest.objects.all())
    run_seed()
    assert CreditRequest.objects.count() == len(demo.PLANS)


def test_seed_without_targets_does_nothing():
    assert run_seed() == ""
    assert CreditRequest.objects.count() == 0
