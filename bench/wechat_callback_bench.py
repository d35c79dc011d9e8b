"""Benchmark of the WeChat callback: encrypted (安全模式) text messages under gunicorn, beside the ceiling.

Production settings with the demo content on a throwaway PostgreSQL cluster (production's database)
and on SQLite (the embedded default), the shared cache on a throwaway redis-server (the replay and
dedup caches are Redis in production), gunicorn with 4 workers (the README's production
command; the ceiling app gets the same) on 127.0.0.1.
Every request is signed and encrypted beforehand with wechatpy's WeChatCrypto and carries its own
nonce and MsgId, so the replay cache stays on and every message is fully processed (a repeat would
be refused as a replay and counted as an error). Keywords cycle through the built-in answers and a
site search.

    .venv/bin/python bench/wechat_callback_bench.py [--quick] [--db=postgresql|--db=sqlite]
"""

import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import figures, harness  # noqa: E402

TOKEN = "bench-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APP_ID = "wxbench000000000"
KEYWORDS = ["修复", "日历", "曝光", "红榜", "教育", "信用报告", "政策解读"]
CONCURRENCY = 32
WORKERS = (
    4  # as the README's production command (gunicorn cms.wsgi -w 4); the ceiling gets the same
)
LUA = str(Path(__file__).resolve().parent / "wechat_callback.lua")


def signed_requests(count: int, start: int = 0) -> list[tuple[str, bytes]]:
    import hashlib

    import xmltodict
    from wechatpy.crypto import WeChatCrypto

    crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    timestamp = str(int(time.time()))
    out = []
    for n in range(start, start + count):
        nonce = f"b{n}"
        xml = (
            "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName>"
            f"<FromUserName><![CDATA[oBench{n % 500}]]></FromUserName>"
            f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{KEYWORDS[n % len(KEYWORDS)]}]]></Content><MsgId>{n}</MsgId></xml>"
        )
        envelope = xmltodict.parse(crypto.encrypt_message(xml, nonce, timestamp))["xml"]
        signature = hashlib.sha1("".join(sorted([TOKEN, timestamp, nonce])).encode()).hexdigest()
        path = (
            f"/wechat/callback/?signature={signature}&timestamp={timestamp}&nonce={nonce}"
            f"&openid=oBench&encrypt_type=aes&msg_signature={envelope['MsgSignature']}"
        )
        body = (
            "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName>"
            f"<Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
        )
        out.append((path, body.encode()))
    return out


def post(base: str, path: str, body: bytes) -> bytes:
    request = urllib.request.Request(
        base + path, data=body, headers={"Content-Type": "text/xml"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        return response.read()


def run(database: str, seconds: int, count: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="xyyj-bench-wechat-"))
    try:
        with harness.postgres_server() as pg_url, harness.redis_server() as redis_url:
            if database == "postgresql" and pg_url is None:
                print("PostgreSQL (or psycopg) not available: skipped")
                return
            env = harness.production_env(
                workdir,
                WECHAT_TOKEN=TOKEN,
                WECHAT_ENCODING_AES_KEY=AES_KEY,
                WECHAT_APP_ID=APP_ID,
                # Persistent database connections, as production should run (README).
                DB_CONN_MAX_AGE="60",
                **({"DATABASE_URL": pg_url} if database == "postgresql" else {}),
                **({"REDIS_URL": redis_url} if redis_url else {}),
            )
            harness.prepare_database(env)
            measure(
                database,
                env,
                workdir,
                seconds,
                count,
                cache="Redis" if redis_url else "local-memory",
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure(database, env, workdir, seconds, count, cache):
    with harness.gunicorn(env, workers=WORKERS) as base:
        warm = signed_requests(40, start=10_000_000)
        replies = [post(base, path, body) for path, body in warm]
        started = time.perf_counter()
        requests = signed_requests(count)
        generated = time.perf_counter() - started
        request_file = workdir / "requests.tsv"
        with request_file.open("wb") as handle:
            for path, body in requests:
                handle.write(path.encode() + b"\t" + body + b"\n")
        callback = harness.wrk(
            base + "/wechat/callback/",
            CONCURRENCY,
            seconds,
            script=LUA,
            script_args=(str(request_file), "2"),
        )
    body_file = workdir / "reply.xml"
    body_file.write_bytes(replies[0])
    with harness.gunicorn(
        env,
        app="bench.ceiling_app:application",
        workers=WORKERS,
        extra_env={"CEILING_BODY_FILE": str(body_file)},
    ) as base:
        ceiling = harness.wrk(
            base + "/", CONCURRENCY, seconds, script=LUA, script_args=(str(request_file), "2")
        )
    print(
        f"\nWeChat callback: gunicorn {WORKERS} workers, production settings, {database}, {cache} cache, "
        f"{seconds}s per run, c={CONCURRENCY}"
    )
    print(
        f"{count} signed encrypted messages generated in {generated:.1f} s "
        f"(keywords: {'、'.join(KEYWORDS)}); reply {len(replies[0])} bytes"
    )
    print(ceiling.row("ceiling (static WSGI, POST)"))
    print(callback.row("/wechat/callback/ (aes)", ceiling.requests_per_second))
    share = 100 * callback.requests_per_second / ceiling.requests_per_second
    print(
        f"goal p99 <= 100 ms: {'met' if callback.p99_ms <= 100 else 'NOT met'} ({callback.p99_ms:.1f} ms); "
        f"goal >= 25 % of the ceiling: {'met' if share >= 25 else 'NOT met'} ({share:.1f} %)"
    )
    figures.record(
        "wechat_callback",
        f"/wechat/callback/ req/s, {database}",
        round(callback.requests_per_second, 1),
        "req/s",
        goal="≥ 25 % of ceiling",
        met=share >= 25,
        ceiling_share=callback.requests_per_second / ceiling.requests_per_second,
        note=f"c={CONCURRENCY}, {WORKERS} workers, {cache} cache, errors {callback.errors}",
    )
    figures.record(
        "wechat_callback",
        f"/wechat/callback/ p99, {database}",
        round(callback.p99_ms, 1),
        "ms",
        goal="≤ 100 ms",
        met=callback.p99_ms <= 100,
        note=f"c={CONCURRENCY}",
    )


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    quick = "--quick" in argv
    databases = [a.removeprefix("--db=") for a in argv if a.startswith("--db=")]
    for database in databases or ["postgresql", "sqlite"]:
        run(database, seconds=3 if quick else 10, count=8000 if quick else 30000)


if __name__ == "__main__":
    main()
