"""The project's WeChat client against the stand-in: shared token, bounded retries, clear errors."""

import os
import subprocess
import sys
import time

from django.core.cache import cache

import pytest

from wechat.client import WeChatError, get_client
from wechat.standin.server import StandIn

MENU = {"button": [{"type": "click", "name": "信用查询", "key": "credit"}]}


def test_token_is_fetched_once_and_shared_through_the_cache(wechat_standin):
    get_client().menu.create(MENU)
    get_client().menu.get()  # another client (another process would do the same)
    assert [c.endpoint for c in wechat_standin.calls] == ["stable_token", "menu/create", "menu/get"]
    assert wechat_standin.calls[0].method == "POST"  # stable_token, not cgi-bin/token


def test_stale_token_is_refreshed_once_then_the_call_succeeds(wechat_standin):
    get_client().menu.get  # noqa: B018
    wechat_standin.fail_next(40001, endpoint="menu/create")
    get_client().menu.create(MENU)
    assert wechat_standin.account.menu == MENU
    assert len(wechat_standin.calls_to("menu/create")) == 2


def test_a_revoked_token_is_replaced(wechat_standin):
    get_client().menu.create(MENU)
    wechat_standin.account.revoke_tokens()
    assert get_client().menu.get()["menu"] == MENU


def test_a_server_that_always_refuses_the_token_ends_after_bounded_calls(wechat_standin, settings):
    wechat_standin.fail_next(40001, times=None, endpoint="menu/create")
    with pytest.raises(WeChatError) as error:
        get_client().menu.create(MENU)
    assert error.value.errcode == 40001
    assert len(wechat_standin.calls_to("menu/create")) == 1 + settings.WECHAT_MAX_TOKEN_RETRIES
    assert len(wechat_standin.calls) <= 3 * (1 + settings.WECHAT_MAX_TOKEN_RETRIES)


def test_quota_errors_back_off_and_retry(wechat_standin):
    wechat_standin.fail_next(45009, times=2, endpoint="menu/create")
    get_client().menu.create(MENU)
    assert len(wechat_standin.calls_to("menu/create")) == 3


def test_a_quota_that_never_frees_ends_with_the_error(wechat_standin, settings):
    wechat_standin.fail_next(45011, times=None)
    with pytest.raises(WeChatError) as error:
        get_client().menu.create(MENU)
    assert error.value.errcode == 45011
    assert "频繁" in error.value.message
    assert len(wechat_standin.calls_to("menu/create")) == 1 + settings.WECHAT_MAX_RATE_LIMIT_RETRIES


def test_other_errors_are_surfaced_with_code_and_message(wechat_standin):
    wechat_standin.fail_next(48001, endpoint="menu/create", errmsg="api unauthorized")
    with pytest.raises(WeChatError) as error:
        get_client().menu.create(MENU)
    assert error.value.errcode == 48001
    assert "48001" in error.value.message and "api unauthorized" in error.value.message
    assert len(wechat_standin.calls_to("menu/create")) == 1


def test_wechat_down_is_a_clear_error(settings):
    from bench.harness import free_port

    settings.WECHAT_API_BASE_URL = f"http://127.0.0.1:{free_port()}/"
    cache.clear()
    with pytest.raises(WeChatError) as error:
        get_client().menu.get()
    assert error.value.errcode is None
    assert "无法连接" in error.value.message


def test_no_base_url_means_wechat_itself(settings):
    settings.WECHAT_API_BASE_URL = ""
    assert get_client().API_BASE_URL == "https://api.weixin.qq.com/cgi-bin/"


def test_two_processes_refreshing_at_once_keep_one_valid_token(tmp_path, settings):
    """cgi-bin/token invalidates the previous token: only one process may fetch it."""
    standin = StandIn(
        settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET, latency=0.3, stale_grace=0
    )
    standin.start()
    env = {
        **os.environ,
        "RACE_DB": str(tmp_path / "race.sqlite3"),
        "WECHAT_API_BASE_URL": standin.url,
        "DJANGO_SETTINGS_MODULE": "tests.wechat.race_settings",
        "PYTHONPATH": os.getcwd(),
    }
    try:
        subprocess.run(
            [sys.executable, "manage.py", "createcachetable"], env=env, check=True, timeout=60
        )
        start_at = str(time.time() + 4)
        racers = [
            subprocess.Popen(
                [sys.executable, "tests/wechat/token_race.py", start_at],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        tokens = [racer.communicate(timeout=60)[0].strip() for racer in racers]
        assert all(racer.returncode == 0 for racer in racers)
    finally:
        standin.stop()
    assert len(standin.calls_to("token")) == 1
    assert tokens[0] == tokens[1]
    # Both processes' calls went through with that one token: none was refused.
    assert [c.errcode for c in standin.calls_to("menu/create")] == [0, 0]
