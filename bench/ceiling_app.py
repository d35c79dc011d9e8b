"""The machine's ceiling: a minimal WSGI app returning fixed bytes (the home page's), under the same gunicorn."""

import os

with open(os.environ["CEILING_BODY_FILE"], "rb") as handle:
    BODY = handle.read()

HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
