"""How many guesses does an attacker get at one listed person's ID number?

Walks every candidate number that the masked form (first 6 + last 4) leaves open, against the
real budget of cms.home.sensitive_pages (settings.IDENTITY_LOOKUP_BUDGET), as fast as the
budget allows, from "any number of addresses" (the budget ignores the client), with the clock
moved one day at a time (time-machine). Prints the guesses answered per day, per year and
over the longest publicity period (3 years), and the share of the candidates covered; the
headline figures go to `make bench` (bench/figures.py), the goal being the budget itself.

    .venv/bin/python bench/lookup_budget_bench.py
"""

import os
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402

import time_machine  # noqa: E402

from bench.figures import record  # noqa: E402
from cms.home.privacy import check_character, parse_id_number  # noqa: E402
from cms.home.sensitive_pages import LookupLocked, guarded_lookup  # noqa: E402

DECISION = date(2026, 1, 15)
PUBLICITY_DAYS = 3 * 365  # 严重: at most 3 years
SECRET_BODY = "44170419850312117"
SECRET = SECRET_BODY + check_character(SECRET_BODY)


def candidates(number, decision):
    region, last4 = number[:6], number[-4:]
    day, latest = (
        decision.replace(year=decision.year - 80),
        decision.replace(year=decision.year - 18),
    )
    while day <= latest:
        body = f"{region}{day:%Y%m%d}{last4[:3]}"
        if check_character(body) == last4[3]:
            yield body + last4[3]
        day += timedelta(days=1)


def main():
    cache.clear()
    walk = [n for n in candidates(SECRET, DECISION) if n != SECRET]
    walk.insert(len(walk) // 2, SECRET)  # the right number halfway: an average walk
    position, answered_per_day, found_on = 0, [], None
    with time_machine.travel(date(2026, 2, 1), tick=False) as traveller:
        for day in range(PUBLICITY_DAYS):
            answered = 0
            # An attacker retries until refused, then waits for the next day.
            while position < len(walk):
                number = parse_id_number(walk[position])
                try:
                    found = guarded_lookup(
                        number, lambda n=number: ["hit"] if n.value == SECRET else []
                    )
                except LookupLocked:
                    break
                answered += 1
                position += 1
                if found:
                    found_on = day
                    break
            answered_per_day.append(answered)
            if found_on is not None:
                break
            traveller.shift(timedelta(days=1))
    total = sum(answered_per_day)
    print(f"budget: {settings.IDENTITY_LOOKUP_BUDGET}")
    print(f"candidates for one masked form (adult aged 18–80 on the decision date): {len(walk)}")
    print(f"guesses answered on day 1: {answered_per_day[0]}; best day: {max(answered_per_day)}")
    print(f"guesses answered in the first year: {sum(answered_per_day[:365])}")
    print(f"guesses answered over {PUBLICITY_DAYS} days (longest publicity period): {total}")
    print(f"share of the candidates tried: {total / len(walk):.2%}")
    if found_on is None:
        print("the right number (placed halfway in the walk) was NOT reached within the period")
    else:
        print(f"the right number was reached on day {found_on + 1}")
    budget = settings.IDENTITY_LOOKUP_BUDGET
    per_year = budget["per_year"]
    print(f"a full walk at {per_year} guesses a year takes {len(walk) / per_year:.0f} years")
    best_day, first_year = max(answered_per_day), sum(answered_per_day[:365])
    name = "ID lookup budget"
    record(
        name,
        "guesses on the best day",
        best_day,
        "guesses",
        goal=f"≤ {budget['per_day']}",
        met=best_day <= budget["per_day"],
    )
    record(
        name,
        "guesses in the first year",
        first_year,
        "guesses",
        goal=f"≤ {per_year}",
        met=first_year <= per_year,
    )
    record(
        name,
        f"candidates tried in {PUBLICITY_DAYS} days",
        100 * total / len(walk),
        "%",
        goal="right number not reached",
        met=found_on is None,
        note=f"of {len(walk)} candidates",
    )


if __name__ == "__main__":
    main()
