"""One of two processes racing for the access token (run by test_client.py)."""

import os
import sys
import time

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.wechat.race_settings"
django.setup()

from wechat.client import get_client  # noqa: E402

start_at = float(sys.argv[1])
time.sleep(max(0, start_at - time.time()))
client = get_client()
token = client.access_token
client.menu.create({"button": [{"type": "click", "name": "测试", "key": "k"}]})
print(token)
