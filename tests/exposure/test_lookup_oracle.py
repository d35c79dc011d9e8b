"""The lookup forms are no oracle: a walk through the candidates of a listed person's number,
from many client addresses and through both forms, gets a few answers and then only the lock."""

from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

import pytest
import time_machine

from cms.credit_requests.targets import register_target
from cms.exposure.request_target import ExposureRequestTarget
from cms.home.privacy import check_character, parse_id_number
from cms.home.sensitive_pages import (
    LOCKED_MESSAGE,
    LookupLocked,
    guarded_lookup,
    locked_lookups,
)

pytestmark = pytest.mark.django_db

NAME = "陈试探"
SECRET = "441704" + "19850312" + "117"
SECRET += check_character(SECRET)  # the listed person's number; public: 441704********1173-like


def candidates(masked, decision_date):
    """Every number an attacker could derive from the masked form: birth dates for an adult of
    18–80 on the decision date whose check character matches the last one shown."""
    region, last4 = masked[:6], masked[-4:]
    day = decision_date.replace(year=decision_date.year - 80)
    latest = decision_date.replace(year=decision_date.year - 18)
    while day <= latest:
        body = f"{region}{day:%Y%m%d}{last4[:3]}"
        if check_character(body) == last4[3]:
            yield body + last4[3]
        day += timedelta(days=1)


@pytest.fixture
def listed(make_entry):
    register_target(ExposureRequestTarget())  # another test module may have swapped it out
    return make_entry(name=NAME, id_number=SECRET, decision_date=date(2026, 1, 15))


def answer(client, form, number):
    """'found', 'not found' or 'locked' as the person trying sees it."""
    if form == "self":
        response = client.post("/exposure/", {"name": NAME, "id_number": number})
        body = response.content.decode()
        if LOCKED_MESSAGE in body:
            return "locked"
        return "found" if "查询结果：1 条" in body else "not found"
    response = client.post("/credit-requests/", {"name": NAME, "id_number": number})
    if response.status_code == 302:
        return "found"
    return "locked" if LOCKED_MESSAGE in response.content.decode() else "not found"


def test_there_are_about_two_thousand_candidates(listed):
    walk = list(candidates(listed.masked_id, listed.decision_date))
    assert SECRET in walk
    assert 1900 < len(walk) < 2200


def test_a_walk_from_many_addresses_through_both_forms_never_reaches_the_number(listed):
    walk = [n for n in candidates(listed.masked_id, listed.decision_date) if n != SECRET]
    # The right number comes after 30 wrong ones; every request from its own address.
    walk = walk[:30] + [SECRET]
    answers = []
    for position, number in enumerate(walk):
        client = Client(REMOTE_ADDR=f"10.{position // 250}.{position % 250}.7")
        answers.append(answer(client, "self" if position % 2 else "request", number))
    assert answers[:3] == ["not found"] * 3  # the daily budget: 3 failures
    assert set(answers[3:]) == {"locked"}  # then the masked form is locked, the right number too
    # The person's masked form shows on the dashboard for staff.
    assert [lock["masked"] for lock in locked_lookups()] == [listed.masked_id]


def test_the_right_number_is_found_and_costs_nothing(listed):
    for position in range(10):
        client = Client(REMOTE_ADDR=f"10.1.1.{position}")
        assert answer(client, "self", SECRET) == "found"
    assert answer(Client(REMOTE_ADDR="10.1.2.1"), "request", SECRET) == "found"


# Locks end by the cache's own expiry: Redis keeps its own clock, which the frozen test clock
# cannot move, so this walk through a year runs on the local-memory cache.
@override_settings(
    CACHES={
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
)
def test_the_lock_holds_a_day_and_the_year_budget_ends_the_walk(listed):
    walk = iter(n for n in candidates(listed.masked_id, listed.decision_date) if n != SECRET)
    person = parse_id_number(SECRET)
    answered = []
    with time_machine.travel(date(2026, 2, 1), tick=False) as traveller:
        for _day in range(10):
            count = 0
            for _ in range(20):
                number = parse_id_number(next(walk))
                try:
                    guarded_lookup(number, list)
                    count += 1
                except LookupLocked:
                    pass
            answered.append(count)
            traveller.shift(timedelta(days=1, seconds=1))
    # 3 a day until 10 in the year; then nothing for a year, whichever numbers are tried.
    assert answered == [3, 3, 3, 1, 0, 0, 0, 0, 0, 0]
    with pytest.raises(LookupLocked):  # the right number too
        guarded_lookup(person, lambda: ["found"])


def test_staff_see_and_lift_a_lock_on_the_dashboard(listed, admin_client):
    client = admin_client
    walk = candidates(listed.masked_id, listed.decision_date)
    for position in range(4):
        answer(Client(REMOTE_ADDR=f"10.2.0.{position}"), "self", next(walk))
    dashboard = client.get("/admin/").content.decode()
    assert listed.masked_id in dashboard and "解除锁定" in dashboard
    key = locked_lookups()[0]["key"]
    response = client.post(f"/admin/credit-requests/lookup-locks/{key}/unlock/")
    assert response.status_code == 302
    assert locked_lookups() == []
    assert answer(Client(REMOTE_ADDR="10.2.1.1"), "self", SECRET) == "found"


def test_counters_live_in_the_shared_cache(listed):
    """Not in a process: what one worker counted, another sees (here: a second client)."""
    walk = candidates(listed.masked_id, listed.decision_date)
    for position in range(3):
        answer(Client(REMOTE_ADDR=f"10.3.0.{position}"), "request", next(walk))
    lookup_key = parse_id_number(SECRET).lookup_key
    assert cache.get(f"identity-lookup:day:{lookup_key}") == 3
