"""Derived data kept in Django's cache until the rows it comes from change.

Each `Generation` names a token in the cache; values are stored under the current token, and a
change replaces the token rather than deleting keys, so a value computed from rows read before the
change can never be kept under the new token: the token is replaced at once (the changing
transaction sees its own change) and again on commit (other workers that read the old rows in
between wrote under a token nobody reads any more). Redis in production: every worker shares it.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

KEPT_SECONDS = 3600  # past tokens are never read again: their values expire (Redis: noeviction)


class Generation:
    def __init__(self, name: str):
        self.token_key = f"generation:{name}"

    def _token(self) -> str:
        token = cache.get(self.token_key)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(self.token_key, token, None):
                token = cache.get(self.token_key) or token
        return token

    def cached(self, name: str, build, timeout: int = KEPT_SECONDS):
        """`build()`'s value (never None), kept under the current token."""
        key = f"{self.token_key}:{self._token()}:{name}"
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        return value

    def renew(self):
        cache.set(self.token_key, uuid.uuid4().hex, None)

    def forget(self, **kwargs):
        """Signal receiver: every value of this generation is rebuilt on next use."""
        self.renew()
        transaction.on_commit(self.renew)
