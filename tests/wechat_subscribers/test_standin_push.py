"""End to end: the stand-in publishes an article and pushes PUBLISHJOBFINISH, encrypted, to a live
callback; the republishing side hears `publish_job_finished`."""

import time

import pytest

from wechat.client import get_client
from wechat.signals import publish_job_finished
from wechat.subscribers.models import MessageLog

from ..wechat.images import image_bytes, upload


@pytest.mark.django_db(transaction=True)
def test_publish_result_pushed_by_the_standin_reaches_the_signal(
    wagtail_tree, live_server, wechat_standin
):
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    publish_job_finished.connect(listener, dispatch_uid="standin-push-test")
    wechat_standin.callback_url = f"{live_server.url}/wechat/callback/"
    try:
        client = get_client()
        thumb = client.material.add("thumb", upload("t.jpg", image_bytes()))["media_id"]
        article = {
            "title": "诚信建设万里行",
            "content": "<p>正文</p>",
            "thumb_media_id": thumb,
        }
        media_id = client.post("draft/add", data={"articles": [article]})["media_id"]
        publish_id = client.freepublish.submit(media_id)["publish_id"]
        deadline = time.monotonic() + 10
        # The log row is written after the reply has gone out (message_log.py), and the stand-in
        # records its push only once it has read that reply: wait for all three.
        while time.monotonic() < deadline and not (
            heard and wechat_standin.callbacks and MessageLog.objects.exists()
        ):
            time.sleep(0.05)
    finally:
        publish_job_finished.disconnect(dispatch_uid="standin-push-test")
    assert wechat_standin.callbacks[0]["status"] == 200
    assert len(heard) == 1
    assert heard[0]["publish_id"] == str(publish_id)
    assert heard[0]["publish_status"] == 0
    assert heard[0]["article_urls"] and heard[0]["article_id"]
    entry = MessageLog.objects.get()
    assert (entry.event, entry.encrypted, entry.keyword) == ("PUBLISHJOBFINISH", True, "发布结果")
