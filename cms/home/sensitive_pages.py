"""Pages that show or take personal data (exposure lists, objections and repairs).

Three protections, one mechanism each:

- protect(): kept out of search engines and archives, never kept by any cache (so every
  request meets its rate limit, and a record that leaves the public is gone on the next
  request);
- refuse_if_limited(): per client IP rate limits (django-ratelimit), one setting
  RATE_LIMITS = {"<app>.<group>": "<n>/<period>"} for every app;
- guarded_lookup(): the budget of failed identity lookups (name + ID number). It counts
  against the person targeted, not the client: failures are counted per masked form of the
  number tried (first 6 + last 4, which every candidate for one listed person shares), in
  the shared cache (Redis in production, atomic incr), across all clients and all forms that
  look a person up. See docs/privacy.md for the arithmetic.
"""

import contextlib
import time
from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.cache import add_never_cache_headers

from django_ratelimit.core import is_ratelimited

from cms.accounts.network import rate_limit_address

from .privacy import redact_id_numbers
from .views import rate_limited

ROBOTS = (
    "noindex, noarchive"  # the <meta name="robots"> tag says the same: includes/robots_noindex.html
)


class NeverEchoedInput(forms.TextInput):
    """The input for ID numbers: it never renders its value, so a typed number is not sent back.

    Every form that takes an ID number (查询本人, request step 1, the admin entry form) uses it.
    """

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        return None


class _Redacting:
    """Renders its value with any full ID number in it masked (a name or reason re-shown after
    an error never sends back a number typed into it)."""

    def format_value(self, value):
        value = super().format_value(value)
        return redact_id_numbers(value) if value else value


class RedactingInput(_Redacting, forms.TextInput):
    pass


class RedactingTextarea(_Redacting, forms.Textarea):
    pass


def rate_for(group):
    """The rate of a group from settings.RATE_LIMITS; None switches it off (load benchmarks)."""
    try:
        return settings.RATE_LIMITS[group]
    except KeyError:
        raise ImproperlyConfigured(f"RATE_LIMITS has no rate for {group!r}") from None


def refuse_if_limited(request, *groups):
    """Count this request in every group; the Chinese 429 page once one is exceeded, else None."""
    for group in groups:
        rate = rate_for(group)
        if rate and is_ratelimited(
            request, group=group, key=rate_limit_address, rate=rate, increment=True
        ):
            return rate_limited(request)
    return None


def protect(response):
    """No search engine, no archive, no cache."""
    response["X-Robots-Tag"] = ROBOTS
    add_never_cache_headers(response)
    return response


# --- The budget of failed identity lookups -------------------------------------------------

DAY = 24 * 3600
YEAR = 365 * DAY
LOCKED_MESSAGE = (
    "与该身份证号码有关的查询今日核验失败次数过多，已暂停查询。"
    "请次日再试，或携带身份证到信用阳江服务窗口办理。"
)
_LOCKS_INDEX = "identity-lookup:locks"


class LookupLocked(Exception):
    """The masked form of the number tried is locked; message in Chinese."""

    message = LOCKED_MESSAGE


def lookup_budget():
    """(failures allowed per day, failures allowed per year) for one masked form."""
    budget = settings.IDENTITY_LOOKUP_BUDGET
    return budget["per_day"], budget["per_year"]


def _counters(lookup_key):
    per_day, per_year = lookup_budget()
    return (
        (f"identity-lookup:day:{lookup_key}", per_day, DAY, "day"),
        (f"identity-lookup:year:{lookup_key}", per_year, YEAR, "year"),
    )


def _incr(key, timeout):
    """Atomic in Redis (INCR) and in the local-memory cache; creates the key with its timeout.

    Increments first: the key usually exists (two round trips on Redis, EXISTS and INCR), and
    a missing one is created at 1 by one ADD; only a race with another worker costs more.
    """
    for _ in range(2):
        try:
            return cache.incr(key)
        except ValueError:  # not there (or expired): the first failure of the period
            if cache.add(key, 1, timeout):
                return 1
    return cache.incr(key)


def _decr(key):
    with contextlib.suppress(ValueError):  # expired meanwhile: nothing to give back
        cache.decr(key)


def guarded_lookup(id_number, lookup):
    """Run `lookup()` (returns the records found) within the person's budget of failures.

    The attempt is counted *before* the lookup runs, so that a burst of parallel requests
    cannot all slip in before the lock; a lookup that finds records gives its count back
    (only failures are counted). Raises LookupLocked once the masked form is locked.
    """
    counters = _counters(id_number.lookup_key)
    taken = []
    for key, allowed, timeout, _scope in counters:
        count = _incr(key, timeout)
        taken.append((key, count))
        if count > allowed:
            for taken_key, _count in taken:
                _decr(taken_key)
            raise LookupLocked
    records = lookup()
    if records:
        for key, _count in taken:
            _decr(key)
        return records
    for (key, failures), (_key, allowed, timeout, scope) in zip(taken, counters, strict=True):
        # The count this failure made (no second read): the failure that uses up the budget
        # locks the masked form for a whole day (or year) from now, not from the first one.
        if failures >= allowed:
            cache.touch(key, timeout)
            _index_lock(id_number.lookup_key, id_number.masked, scope, failures, timeout)
    return records


def _index_lock(lookup_key, masked, scope, failures, timeout):
    """Remember a lock for the staff dashboard (the counters themselves are the lock)."""
    locks = cache.get(_LOCKS_INDEX) or {}
    now = time.time()
    locks = {key: lock for key, lock in locks.items() if lock["until"] > now}
    until = now + timeout
    if lookup_key not in locks or locks[lookup_key]["until"] < until:
        locks[lookup_key] = {"masked": masked, "scope": scope, "failures": failures, "until": until}
    cache.set(_LOCKS_INDEX, locks, YEAR)


def locked_lookups():
    """The masked forms locked now, for staff: [{"key", "masked", "scope", "failures", "until"}]."""
    now = time.time()
    locks = cache.get(_LOCKS_INDEX) or {}
    return sorted(
        (
            {**lock, "key": key, "until": datetime.fromtimestamp(lock["until"], UTC)}
            for key, lock in locks.items()
            if lock["until"] > now
        ),
        key=lambda lock: lock["until"],
        reverse=True,
    )


def unlock_lookups(lookup_key):
    """Staff lift a lock (e.g. the person came to the counter with their ID card)."""
    for key, *_rest in _counters(lookup_key):
        cache.delete(key)
    locks = cache.get(_LOCKS_INDEX) or {}
    if locks.pop(lookup_key, None) is not None:
        cache.set(_LOCKS_INDEX, locks, YEAR)


@checks.register(checks.Tags.security, deploy=True)
def check_client_address_behind_proxy(app_configs, **kwargs):
    """Behind nginx every request comes from nginx's address: per-IP limits would be one limit."""
    behind_proxy = bool(getattr(settings, "SECURE_PROXY_SSL_HEADER", None)) or getattr(
        settings, "USE_X_FORWARDED_HOST", False
    )
    if behind_proxy and not getattr(settings, "RATELIMIT_IP_META_KEY", None):
        return [
            checks.Warning(
                "The site runs behind a proxy but RATELIMIT_IP_META_KEY is not set: every "
                "visitor shares the proxy's address, so per-client rate limits count everyone "
                "together.",
                hint="Set RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP and have nginx send "
                "`proxy_set_header X-Real-IP $remote_addr;` (README, production deployment).",
                id="xyyj.W001",
            )
        ]
    return []
