"""Signals between the two halves of the WeChat channel.

The subscriber callback (wechat.subscribers) hears WeChat's PUBLISHJOBFINISH /
FREEPUBLISHJOBFINISH events and sends `publish_job_finished`; the republishing
side (wechat) listens and updates its state, so neither imports the other.

    publish_job_finished.send(
        sender=None,
        publish_id="2247483697",      # str, as WeChat sends it
        publish_status=0,             # int: 0 success, 1 publishing, 2-6 failures (WECHAT.md)
        article_id="...",             # str or None
        article_urls=["https://..."], # list of str, possibly empty
        fail_idx=[],                  # list of int, possibly empty
    )
"""

from django.dispatch import Signal

publish_job_finished = Signal()
