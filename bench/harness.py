"""Reusable pieces for benchmarks: a throwaway production-like site, gunicorn, wrk.

Everything runs on 127.0.0.1 and is bounded in time.  Used by bench/campaigns_bench.py;
meant to be folded into the shared bench runner.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK = shutil.which("wrk") or "/usr/bin/wrk"


def production_env(workdir: Path) -> dict:
    """Environment for production settings on a SQLite database inside `workdir`."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ID_HASH_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "DEMO_ADMIN_PASSWORD": secrets.token_urlsafe(12),
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    })
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare_site(workdir: Path) -> dict:
    """Migrate, seed the demo content and collect static files; returns the environment."""
    env = production_env(workdir)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, *, app: str = "cms.wsgi", workers: int = 2, port: int | None = None, ready_path: str = "/"):
    """Serve `app` with gunicorn on 127.0.0.1; yields the base URL; stops the server after."""
    port = port or free_port()
    log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", app, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--access-logfile", "-"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + ready_path, process, log.name)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        os.unlink(log.name)


def _wait_until_up(url, process, log_name, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{Path(log_name).read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout}s")


def run_wrk(url: str, *, connections: int, duration: int = 10, threads: int = 2) -> dict:
    """Load `url` with wrk; returns requests/s, p50/p99 latency (ms) and the error count."""
    threads = min(threads, connections)
    result = subprocess.run(
        [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url],
        capture_output=True, text=True, timeout=duration + 30,
    )
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr}")
    return parse_wrk(result.stdout)


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * _UNITS_MS[unit]


def parse_wrk(output: str) -> dict:
    """Parse `wrk --latency` output."""
    stats = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percentile in ("50", "99"):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+\w+)", output, re.M)
        stats[f"p{percentile}_ms"] = _ms(match.group(1)) if match else float("nan")
    stats["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    stats["errors"] = errors
    return stats


def count_queries(env: dict, paths: list[str]) -> dict:
    """SQL queries per page (second request, warm caches), measured in a separate process."""
    code = (
        "import django, json, sys; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client, counts = Client(), {}\n"
        "for path in json.loads(sys.argv[1]):\n"
        "    client.get(path, HTTP_HOST='127.0.0.1')\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        status = client.get(path, HTTP_HOST='127.0.0.1').status_code\n"
        "    counts[path] = (status, len(queries))\n"
        "print(json.dumps(counts))\n"
    )
    result = subprocess.run([PYTHON, "-c", code, json.dumps(paths)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def format_row(label: str, connections: int, stats: dict) -> str:
    return (f"{label:<28} c={connections:<3} {stats['requests_per_s']:>9.1f} req/s   "
            f"p50 {stats['p50_ms']:>8.2f} ms   p99 {stats['p99_ms']:>8.2f} ms   errors {stats['errors']}")
