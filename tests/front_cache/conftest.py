"""Fixtures of the front-cache tests: a small HTTP server standing in for Varnish's purge
interface (it records every PURGE and BAN it gets), and a real varnishd for the frontcache leg."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class PurgeRecorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _RecordingHandler)
        self.requests = []
        self.status = 200

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def methods(self, method):
        return [request for request in self.requests if request["method"] == method]


class _RecordingHandler(BaseHTTPRequestHandler):
    def _record(self):
        self.server.requests.append(
            {
                "method": self.command,
                "path": self.path,
                "host": self.headers.get("Host"),
                "ban_path": self.headers.get("X-Ban-Path"),
            }
        )
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_recorder(settings):
    """FRONTEND_CACHE_URLS pointing at a recorder; `.status` sets what it answers."""
    server = PurgeRecorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish1": {"BACKEND": "cms.front_cache.backends.VarnishBackend", "LOCATION": server.url}
    }
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def varnish_base(live_server):
    """A real varnishd with deploy/varnish/default.vcl in front of the live test server."""
    import os

    from bench.varnish import available, varnish

    if not available():
        if os.environ.get("REQUIRE_FRONTCACHE_TESTS"):
            pytest.fail("varnishd not found (apt-get install varnish)")
        pytest.skip("varnishd is not installed")
    port = int(live_server.url.rsplit(":", 1)[1])
    with varnish(port) as base:
        yield base
