"""The soak's accounting (bench/soak.py, bench/soak.lua): what counts as an error, a stall and a
publish seen too late. wrk runs for real against a tiny local server."""

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import soak

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")


class Handler(BaseHTTPRequestHandler):
    seen_ips = set()

    def do_GET(self):
        Handler.seen_ips.add(self.headers.get("X-Real-IP"))
        status = {"/ok": 200, "/limited": 429, "/broken": 500}[self.path]
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def publish(visible_s, stale_after_fresh=0):
    return {
        "publish_s": 0.1,
        "visible_s": visible_s,
        "stale_after_fresh": stale_after_fresh,
        "paths": {},
    }


PROBER = {"probes": 10, "failures": 0, "max_gap_s": 0.3}


def test_429s_are_counted_apart_from_errors_and_every_request_has_its_own_address(server):
    Handler.seen_ips.clear()
    summary = soak.run_wrk(server, ["/ok", "/limited", "/broken"], 1, 4)
    result = soak.Soak("test", summary, PROBER, [publish(0.2)])

    statuses = summary["statuses"]
    assert set(statuses) == {"200", "429", "500"}
    assert result.limited == statuses["429"]
    assert result.errors == statuses["500"]
    assert result.requests == sum(statuses.values())
    assert summary["over_5s"] == 0
    assert len(Handler.seen_ips) > 10


def test_one_address_for_the_burst(server):
    Handler.seen_ips.clear()
    soak.run_wrk(server, ["/limited"], 1, 2, ip="192.0.2.1")
    assert Handler.seen_ips == {"192.0.2.1"}


def summary(per_second):
    return {
        "requests": sum(per_second),
        "duration_us": len(per_second) * 1_000_000,
        "statuses": {"200": sum(per_second)},
        "per_second": per_second,
        "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0},
        "latency_us": {"p50": 1000, "p99": 2000, "max": 3000},
        "over_5s": 0,
    }


def test_a_second_without_any_answer_is_a_stall():
    assert not soak.Soak("test", summary([5, 40, 40, 3]), PROBER, []).stalled
    assert soak.Soak("test", summary([5, 40, 0, 40, 3]), PROBER, []).stalled
    long_gap = {**PROBER, "max_gap_s": soak.STALL_GAP_S + 1}
    assert soak.Soak("test", summary([5, 40, 40, 3]), long_gap, []).stalled


def test_a_prober_gap_no_longer_than_the_loads_queue_is_not_a_stall():
    queued = summary([5, 40, 40, 3])
    queued["latency_us"]["max"] = 14_000_000
    gap = {**PROBER, "max_gap_s": 12.0}
    assert not soak.Soak("test", queued, gap, []).stalled
    assert soak.Soak("test", queued, {**gap, "max_gap_s": 16.0}, []).stalled


def test_a_publish_counts_only_when_every_reader_saw_it_within_a_second():
    ok = soak.Soak("test", summary([1, 1, 1]), PROBER, [publish(0.2), publish(0.9)])
    assert ok.publish_ok
    late = soak.Soak("test", summary([1, 1, 1]), PROBER, [publish(0.2), publish(1.3)])
    assert not late.publish_ok
    never = soak.Soak("test", summary([1, 1, 1]), PROBER, [publish(0.2), publish(None)])
    assert not never.publish_ok and never.never_visible == 1
    flapping = soak.Soak("test", summary([1, 1, 1]), PROBER, [publish(0.2, stale_after_fresh=1)])
    assert not flapping.publish_ok
    assert not soak.Soak("test", summary([1, 1, 1]), PROBER, []).publish_ok
