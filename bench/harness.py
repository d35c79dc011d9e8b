"""Shared benchmark harness: a production-configured site on a temporary
SQLite database, served by gunicorn on loopback, measured with wrk.

Every run is bounded (fixed durations, loopback only) and stops its servers.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK = shutil.which("wrk") or "/usr/bin/wrk"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BENCH_ID_HASH_KEY = "bench-only-id-hash-key-" + "k" * 24  # production wants 32+ bytes
_redis = {"process": None, "port": None, "databases": iter(range(0, 64, 2))}


def bench_redis_url() -> str:
    """A throwaway redis-server for this benchmark process (production refuses to run without a
    shared cache); each call gets a fresh pair of databases (counters, pages)."""
    if _redis["process"] is None:
        import atexit

        port = free_port()
        process = subprocess.Popen(
            [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port)]
            + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--databases", "64"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        atexit.register(process.terminate)
        for _ in range(50):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
                break
            time.sleep(0.1)
        _redis.update(process=process, port=port)
    return f"redis://127.0.0.1:{_redis['port']}/{next(_redis['databases'])}"


def production_env(
    workdir: Path, *, settings_module: str = "cms.settings.production", **extra: str
) -> dict[str, str]:
    """Environment for production settings on a throwaway SQLite database and redis-server."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ID_HASH_KEY=BENCH_ID_HASH_KEY,
        REDIS_URL=bench_redis_url(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        PAGE_CACHE_DIR=str(workdir / "page-cache"),
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DEMO_ADMIN_PASSWORD="bench-admin-password",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_database(env: dict[str, str], seed: bool = True) -> None:
    """Migrate, optionally seed, and collect static files (the manifest storage needs them)."""
    manage(env, "migrate", "--noinput")
    if seed:
        manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput")


@contextlib.contextmanager
def prepared_site(seed: bool = True):
    """Yield (workdir, env) for a migrated, seeded, collected production site."""
    workdir = Path(tempfile.mkdtemp(prefix="xyyj-bench-"))
    env = production_env(workdir)
    try:
        prepare_database(env, seed=seed)
        yield workdir, env
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def redis_server():
    """A throwaway redis-server on a free loopback port (no persistence); yield its URL, or None
    when redis-server or the redis client package is missing."""
    binary = shutil.which("redis-server")
    try:
        import redis  # noqa: F401  (Django's RedisCache needs the client)
    except ImportError:
        binary = None
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


PG_BIN = Path("/usr/lib/postgresql/15/bin")


@contextlib.contextmanager
def postgres_server():
    """A throwaway PostgreSQL cluster (Debian's binaries, run as the postgres user when we are root)
    on a free loopback port; yield its DATABASE_URL, or None when PostgreSQL or psycopg is missing."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        yield None
        return
    if not (PG_BIN / "initdb").exists():
        yield None
        return
    datadir = Path(tempfile.mkdtemp(prefix="xyyj-bench-pg-"))
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(datadir, "postgres", "postgres")
    port = free_port()
    run = lambda *argv: subprocess.run([*as_user, *argv], check=True, capture_output=True)  # noqa: E731
    try:
        run(str(PG_BIN / "initdb"), "-D", str(datadir / "data"), "-A", "trust", "-U", "bench")
        run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(datadir / "data"),
            "-o",
            f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1",
            "-w",
            "-l",
            str(datadir / "log"),
            "start",
        )
        run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "bench", "bench")
        yield f"postgres://bench@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(
            [*as_user, str(PG_BIN / "pg_ctl"), "-D", str(datadir / "data"), "-m", "fast", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(datadir, ignore_errors=True)


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    app: str = "cms.wsgi:application",
    workers: int = 2,
    extra_env=None,
    ready_path: str = "/",
):
    """Run gunicorn on a free loopback port; yield its base URL."""
    port = free_port()
    run_env = {**env, **(extra_env or {})}
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=ROOT,
        env=run_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + ready_path, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_up(url: str, process, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {process.stderr.read()}")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


@dataclass
class WrkResult:
    url: str
    concurrency: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int

    def row(self, label: str, ceiling: float | None = None) -> str:
        share = f"{100 * self.requests_per_second / ceiling:6.2f} %" if ceiling else "      -"
        return (
            f"{label:<28} c={self.concurrency:<3} {self.requests_per_second:>9.1f} req/s  "
            f"p50 {self.p50_ms:>8.2f} ms  p99 {self.p99_ms:>8.2f} ms  errors {self.errors:<5} ceiling {share}"
        )


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def drain(url: str, timeout: float = 300.0) -> None:
    """Wait until the server has answered what wrk left queued: gunicorn still serves the requests
    of a finished run, and a slow run's backlog would otherwise eat the next run's seconds."""
    # An error status (403, 429 …) still means the queue ahead of it was served.
    with contextlib.suppress(urllib.error.URLError, TimeoutError, ConnectionError):
        urllib.request.urlopen(url, timeout=timeout).read()


def wrk(
    url: str,
    concurrency: int,
    seconds: int = 10,
    threads: int = 2,
    script: str | None = None,
    script_args: tuple[str, ...] = (),
) -> WrkResult:
    """Run wrk with latency percentiles and parse its report.

    `script` is a wrk Lua script (e.g. one that POSTs pre-generated bodies), `script_args` what it
    reads from its init(args)."""
    output = subprocess.run(
        [
            WRK,
            f"-t{min(threads, concurrency)}",
            f"-c{concurrency}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            *(["-s", script] if script else []),
            url,
            *(["--", *script_args] if script_args else []),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    drain(url)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups())
    return WrkResult(url, concurrency, rps, p50, p99, errors, requests)


def query_counts(env: dict[str, str], paths: list[str]) -> dict[str, int]:
    """SQL queries per page for a warm, anonymous GET (second request), in a production-settings process."""
    script = (
        "import json, django; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        f"paths = {paths!r}\n"
        "out = {}\n"
        "for path in paths:\n"
        "    client.get(path)\n"
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        response = client.get(path)\n"
        "    assert response.status_code == 200, (path, response.status_code)\n"
        "    out[path] = len(ctx)\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_with_peak_rss(argv, env, *, timeout=900) -> tuple[float, int, str]:
    """Run a child process; return (seconds, its own peak RSS in MB, stdout).

    The child prints its resource.getrusage(RUSAGE_SELF).ru_maxrss as
    `PEAK_RSS_KB=<n>` (see report_peak_rss()).
    """
    started = time.perf_counter()
    result = subprocess.run(
        argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    match = re.search(r"PEAK_RSS_KB=(\d+)", result.stdout)
    return seconds, int(match.group(1)) // 1024 if match else -1, result.stdout


def report_peak_rss():
    import resource

    print(f"PEAK_RSS_KB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


@contextlib.contextmanager
def task_worker(env: dict[str, str]):
    """The production task path: `manage.py db_worker` polling every 0.2 s."""
    process = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)
