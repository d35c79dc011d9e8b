"""消息记录 rows, written after the reply has gone out, several in one INSERT.

One transaction per message put a commit on every callback's path: on SQLite every worker queued
for the single writer (and its disk flush); on PostgreSQL it cost four round trips. Each worker
now keeps the rows of the messages it answered and writes them with one INSERT (bulk_create) once
WECHAT_MESSAGE_LOG_BATCH rows wait or the oldest has waited WECHAT_MESSAGE_LOG_SECONDS: checked
when a response has been sent (`request_finished`, after the server wrote the body), by a timer
when no further request comes, and when the worker exits. Any database, any number of processes:
each writes its own rows.

What it costs: a worker killed outright (SIGKILL, out of memory, power loss) loses the rows it
holds, at most one batch or one second of the log, never a reply (the dedup cache already holds
it). A write that fails is logged as an error with the number of rows it lost, never silently.
"""

import atexit
import logging
import threading
import time

from django.conf import settings
from django.core.signals import request_finished
from django.db import connection, transaction

from .models import MessageLog

logger = logging.getLogger("wechat.subscribers.callback")


def write(rows: list[MessageLog]) -> None:
    """On PostgreSQL the rows commit without waiting for the WAL flush (this transaction only):
    a database crash may lose the last fraction of a second of the log, never a reply."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        MessageLog.objects.bulk_create(rows)


class PendingRows:
    """The rows one worker process has not written yet."""

    def __init__(self):
        self._rows: list[MessageLog] = []
        self._since = 0.0
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, row: MessageLog) -> None:
        with self._lock:
            if not self._rows:
                self._since = time.monotonic()
            self._rows.append(row)

    def after_response(self, **kwargs) -> None:
        """request_finished: write when due, otherwise make sure the timer will."""
        if not self._rows:
            return
        seconds = settings.WECHAT_MESSAGE_LOG_SECONDS
        if (
            len(self._rows) >= settings.WECHAT_MESSAGE_LOG_BATCH
            or time.monotonic() - self._since >= seconds
        ):
            self.flush()
            return
        with self._lock:
            if self._timer is None:
                self._timer = threading.Timer(seconds, self._flush_from_timer)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> None:
        with self._lock:
            rows, self._rows = self._rows, []
            timer, self._timer = self._timer, None
        if timer is not None and timer is not threading.current_thread():
            timer.cancel()
        if not rows:
            return
        try:
            write(rows)
        except Exception:
            logger.exception("wechat message log: %d rows could not be written", len(rows))

    def _flush_from_timer(self) -> None:
        try:
            self.flush()
        finally:
            connection.close()  # this thread's own connection


pending = PendingRows()
request_finished.connect(pending.after_response, dispatch_uid="wechat-message-log")
atexit.register(pending.flush)
