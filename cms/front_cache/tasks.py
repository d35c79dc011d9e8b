"""Purges go out in the background (django-tasks) after the change is committed,
and are retried with a growing delay where the task backend can defer
(the database backend in production).  Every purge is a FrontCachePurge row, so
that one that never got through is visible to staff.
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from wagtail.contrib.frontend_cache.utils import get_backends

from django_tasks import task

from .backends import PurgeError
from .models import FrontCachePurge

logger = logging.getLogger(__name__)

# Seconds before each retry; the attempt after the last one gives up.
RETRY_DELAYS = (5, 30, 120, 600)


def enabled():
    return bool(get_backends())


def schedule(reason, *, urls=(), bans=()):
    """Purge after the current transaction commits (so Varnish never refetches the old state).

    Changes in one transaction make one purge (deleting a page also unpublishes it;
    moving a subtree moves every page).
    """
    if not enabled() or not (urls or bans):
        return
    connection = transaction.get_connection()
    batch = getattr(connection, "front_cache_batch", None)
    # Still waiting for this transaction's commit?  (A rolled-back savepoint drops
    # its callbacks; Django keeps them in connection.run_on_commit.)
    if batch is None or not any(entry[1] == batch.send for entry in connection.run_on_commit):
        batch = connection.front_cache_batch = _Batch()
        batch.add(reason, urls, bans)
        transaction.on_commit(batch.send)  # at once when not in a transaction
    else:
        batch.add(reason, urls, bans)


class _Batch:
    def __init__(self):
        self.reasons, self.urls, self.bans = [], set(), set()

    def add(self, reason, urls, bans):
        if reason not in self.reasons:
            self.reasons.append(reason)
        self.urls.update(urls)
        self.bans.update(tuple(ban) for ban in bans)

    def send(self):
        purge = FrontCachePurge.objects.create(
            reason="；".join(self.reasons)[:200],
            urls=sorted(self.urls),
            bans=[list(ban) for ban in sorted(self.bans)],
        )
        send_purge.enqueue(purge.pk)


@task()
def send_purge(purge_id):
    purge = FrontCachePurge.objects.get(pk=purge_id)
    if deliver(purge):
        return
    delay = RETRY_DELAYS[purge.attempts - 1] if purge.attempts <= len(RETRY_DELAYS) else None
    if delay is not None and send_purge.get_backend().supports_defer:
        purge.status = FrontCachePurge.Status.RETRYING
        purge.save(update_fields=["status"])
        send_purge.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(purge.pk)
    else:
        purge.status = FrontCachePurge.Status.FAILED
        purge.save(update_fields=["status"])


def deliver(purge):
    """Send `purge` to every configured Varnish; True when all of them took it."""
    errors = []
    for name, backend in get_backends().items():
        try:
            urls = [url for url in purge.urls if backend.invalidates_hostname(_host(url))]
            backend.purge_batch(urls)
            for host, regex in purge.bans:
                if backend.invalidates_hostname(host.split(":")[0]):
                    backend.ban(host, regex)
        except PurgeError as exc:
            errors.append(f"[{name}] {exc}")
    purge.attempts += 1
    if errors:
        purge.last_error = "\n".join(errors)
        logger.error("front cache purge %s failed: %s", purge.pk, purge.last_error)
        purge.save(update_fields=["attempts", "last_error"])
        return False
    purge.status, purge.finished_at = FrontCachePurge.Status.DONE, timezone.now()
    purge.save(update_fields=["attempts", "status", "finished_at"])
    return True


def _host(url):
    return urlsplit(url).hostname or ""
