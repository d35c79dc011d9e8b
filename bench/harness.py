"""Reusable pieces for benchmarks: a production-like environment, gunicorn, wrk, peak memory.

Everything binds to 127.0.0.1 and is bounded in time.  Functions are named
by what they do so that other apps' benchmarks can share them.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK = "/usr/bin/wrk"


def production_env(workdir: Path, *, settings_module="cms.settings.production", **extra) -> dict:
    """Environment for production settings against a throw-away SQLite database in `workdir`."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ID_HASH_KEY": "bench-only-id-hash-key",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    })
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env: dict, *args, timeout=600, check=True) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, timeout=timeout,
                          check=check, capture_output=True, text=True)


def prepare_database(env: dict):
    """Migrate and collect static files (the manifest storage needs them) for a production run."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn_server(env: dict, *, workers=2, port=None, ready_path="/", timeout=60):
    """Run `gunicorn cms.wsgi` on 127.0.0.1 and yield its base URL; stopped on exit."""
    port = port or free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "cms.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + ready_path, process, timeout)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _wait_until_up(url, process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout}s")


def run_wrk(url, *, duration=15, connections=16, threads=2, timeout_s=10) -> dict:
    """Load `url` with wrk and return parse_wrk_output() of its report."""
    result = subprocess.run(
        [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout_s}s", "--latency", url],
        capture_output=True, text=True, timeout=duration + 60, check=True,
    )
    return parse_wrk_output(result.stdout)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk_output(text: str) -> dict:
    """requests/s, p50/p99 latency (ms), total requests and errors from wrk --latency output."""
    percentile = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50_ms": _ms(percentile["50"]),
        "p99_ms": _ms(percentile["99"]),
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
    }


def run_with_peak_rss(argv, env, *, timeout=900) -> tuple[float, int, str]:
    """Run a child process; return (seconds, peak RSS in MB of that child alone, stdout).

    The child reports its own resource.getrusage(RUSAGE_SELF).ru_maxrss on the
    last line of stdout as `PEAK_RSS_KB=<n>` (see report_peak_rss()).
    """
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
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
