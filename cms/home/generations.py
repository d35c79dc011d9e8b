"""Derived data kept in Django's cache until the rows it comes from change.

Each `Generation` names a token in the cache; values are stored under the current token, and a
change replaces the token rather than deleting keys, so a value computed from rows read before the
change can never be kept under the new token: the token is replaced at once (the changing
transaction sees its own change) and again on commit (other workers that read the old rows in
between wrote under a token nobody reads any more). Redis in production: every worker shares it.

Within one request each token and value is read from the cache once (a page asks for the same
snapshot from its menu, footer, listings and sections): a per-request memo, emptied when the
request starts and ends and whenever this process renews a generation.
"""

import uuid

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

from asgiref.local import Local

KEPT_SECONDS = 3600  # past tokens are never read again: their values expire (Redis: noeviction)


class Generation:
    def __init__(self, name: str):
        self.token_key = f"generation:{name}"

    def _token(self) -> str:
        memo = _request_memo()
        if memo is not None and self.token_key in memo:
            return memo[self.token_key]
        token = cache.get(self.token_key)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(self.token_key, token, None):
                token = cache.get(self.token_key) or token
        if memo is not None:
            memo[self.token_key] = token
        return token

    def cached(self, name: str, build, timeout: int = KEPT_SECONDS):
        """`build()`'s value (never None), kept under the current token."""
        key = f"{self.token_key}:{self._token()}:{name}"
        memo = _request_memo()
        if memo is not None and key in memo:
            return memo[key]
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        if memo is not None:
            memo[key] = value
        return value

    def renew(self):
        cache.set(self.token_key, uuid.uuid4().hex, None)
        memo = _request_memo()
        if memo is not None:
            memo.clear()  # this request sees its own change at once

    def forget(self, **kwargs):
        """Signal receiver: every value of this generation is rebuilt on next use."""
        self.renew()
        transaction.on_commit(self.renew)


_request = Local()


def _request_memo():
    return getattr(_request, "memo", None)


def _start_memo(**kwargs):
    _request.memo = {}


def _end_memo(**kwargs):
    _request.memo = None


request_started.connect(_start_memo, dispatch_uid="generations-request-memo-start")
request_finished.connect(_end_memo, dispatch_uid="generations-request-memo-end")
