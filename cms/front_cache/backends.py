"""Wagtail's HTTPBackend for Varnish, made to report failures and to ban by path.

Wagtail's own HTTPBackend logs a failed PURGE and carries on; a purge that did
not reach Varnish must be retried and shown to staff, so this one raises.
BAN takes a path regex for one host (deploy/varnish/default.vcl), which covers
a page's routes (e.g. every month of a calendar) and the whole site in one
request.
"""

from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends import HTTPBackend

TIMEOUT = 5  # seconds; a purge runs in a task worker, never in a request


class PurgeError(Exception):
    pass


class _MethodRequest(Request):
    def __init__(self, method, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._method = method

    def get_method(self):
        return self._method


class VarnishBackend(HTTPBackend):
    def purge(self, url):
        parts = urlsplit(url)
        self._send("PURGE", parts.netloc, parts.path, parts.query, label=url)

    def ban(self, host, path_regex):
        self._send("BAN", host, "/", "", label=f"{host} {path_regex}", ban_path=path_regex)

    def _send(self, method, host, path, query, *, label, ban_path=None):
        headers = {"Host": host, "User-Agent": "Wagtail-frontendcache/" + __version__}
        if ban_path is not None:
            headers["X-Ban-Path"] = ban_path
        url = urlunsplit([self.cache_scheme, self.cache_netloc, path, query, ""])
        try:
            with urlopen(_MethodRequest(method, url, headers=headers), timeout=TIMEOUT):
                pass
        except HTTPError as exc:
            raise PurgeError(f"{method} {label} → {self.cache_netloc}: HTTP {exc.code}") from exc
        except (URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PurgeError(f"{method} {label} → {self.cache_netloc}: {reason}") from exc
