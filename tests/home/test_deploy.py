"""Production settings: `check --deploy` is clean, and missing secrets refuse to start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(args, extra_env, tmp_path):
    # Not the services of the test leg (make test-postgres sets them): each test says its own.
    services = {"REDIS_URL", "PAGE_CACHE_REDIS_URL", "DATABASE_URL", "TEST_DATABASE_URL"}
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO") and key not in services
    }
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production_env(tmp_path):
    return {
        "SECRET_KEY": "prod-" + "k9X!b2#Lq7vR@t4Zm8Wc" * 3,
        "ID_HASH_KEY": "prod-id-hash-key-for-the-check-" + "q" * 16,
        "REDIS_URL": "redis://127.0.0.1:6399/0",  # settings only: check --deploy connects to nothing
        "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
        "ALLOWED_HOSTS": "credit.yangjiang.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }


def test_check_deploy_prints_no_warning(tmp_path):
    result = _manage(["check", "--deploy"], _production_env(tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    result = _manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_development_or_a_short_id_hash_key(tmp_path):
    for key in ["dev-only-id-hash-key-change-me", "short-key-of-31-bytes-xxxxxxxxx"]:
        env = {**_production_env(tmp_path), "ID_HASH_KEY": key}
        result = _manage(["check"], env, tmp_path)
        assert result.returncode != 0
        assert "ID_HASH_KEY of at least 32 bytes" in result.stderr


def test_production_refuses_to_run_without_a_shared_cache(tmp_path):
    env = _production_env(tmp_path)
    del env["REDIS_URL"]
    result = _manage(["check"], env, tmp_path)
    assert result.returncode != 0 and "REDIS_URL" in result.stderr


def test_pages_cache_gets_its_own_redis_database(tmp_path):
    result = _manage(
        [
            "shell",
            "-c",
            "from django.conf import settings; print(settings.CACHES['pages']['LOCATION'])",
        ],
        _production_env(tmp_path),
        tmp_path,
    )
    assert result.stdout.strip().splitlines()[-1] == "redis://127.0.0.1:6399/1", result.stderr


def test_check_deploy_warns_behind_a_proxy_without_the_client_ip_key(tmp_path):
    env = _production_env(tmp_path)
    del env["RATELIMIT_IP_META_KEY"]
    result = _manage(["check", "--deploy"], env, tmp_path)
    output = result.stdout + result.stderr
    assert "xyyj.W001" in output and "RATELIMIT_IP_META_KEY" in output
