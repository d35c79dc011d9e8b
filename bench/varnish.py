"""Run Debian's varnishd with the project's VCL (deploy/varnish/default.vcl) in front of a
backend on loopback: for the front-cache tests (`make test-frontcache`) and benchmarks.

The VCL is used as deployed; only the backend address is replaced.  varnishd runs in
the foreground in a throwaway -n directory with no jail (-j none), as root in CI or as
any user locally.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
DEPLOYED_BACKEND = '.host = "127.0.0.1";\n    .port = "8001";'


def available() -> bool:
    return Path(VARNISHD).exists()


def render_vcl(backend_host: str, backend_port: int) -> str:
    text = VCL.read_text()
    if DEPLOYED_BACKEND not in text:
        raise RuntimeError(f"{VCL}: backend default is not {DEPLOYED_BACKEND!r}")
    return text.replace(
        DEPLOYED_BACKEND, f'.host = "{backend_host}";\n    .port = "{backend_port}";'
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def varnish(backend_port: int, *, backend_host: str = "127.0.0.1", memory: str = "64m"):
    """Yield Varnish's base URL (http://127.0.0.1:<free port>); stop it afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="xyyj-varnish-"))
    vcl = workdir / "default.vcl"
    vcl.write_text(render_vcl(backend_host, backend_port))
    port = _free_port()
    process = subprocess.Popen(
        [
            VARNISHD,
            "-F",
            "-j",
            "none",
            "-n",
            str(workdir / "instance"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-s",
            f"malloc,{memory}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_for_port(port: int, process, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"varnishd exited:\n{process.stdout.read()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise RuntimeError("varnishd did not start in time")
