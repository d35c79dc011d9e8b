"""Admin network gate, security headers, CSP reports and file permissions."""

import logging
import os
import stat

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

import pytest

from cms.credit_requests.storage import PrivateFileStorage

pytestmark = pytest.mark.django_db


def test_admin_answers_404_outside_the_allowed_networks(settings, admin_user, client):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.9.0.0/16", "2001:db8::/32"]
    outside = Client(REMOTE_ADDR="192.0.2.7")
    for path in ("/admin/", "/admin/login/", "/admin/password_reset/", "/django-admin/"):
        response = outside.get(path)
        assert response.status_code == 404, path
        assert "登录" not in response.content.decode()
    assert outside.get("/").status_code == 200  # the public site is not gated
    assert Client(REMOTE_ADDR="10.9.3.4").get("/admin/login/").status_code == 200
    assert Client(REMOTE_ADDR="2001:db8::1").get("/admin/login/").status_code == 200
    client.force_login(admin_user)
    assert client.get("/admin/", REMOTE_ADDR="192.0.2.7").status_code == 404  # signed in or not


def test_behind_the_proxy_the_gate_reads_the_client_ip_header(settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.9.0.0/16"]
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    proxy = "127.0.0.1"
    assert (
        Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="192.0.2.7").get("/admin/login/").status_code
        == 404
    )
    assert (
        Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="10.9.0.5").get("/admin/login/").status_code == 200
    )


def test_without_the_setting_the_admin_is_reachable(settings):
    settings.ADMIN_ALLOWED_NETWORKS = []
    assert Client(REMOTE_ADDR="192.0.2.7").get("/admin/login/").status_code == 200


def test_public_pages_carry_a_strict_csp_and_permissions_policy(home):
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    # No inline script: the 大字版 pre-paint script is a same-origin file, so a public page
    # needs no per-response nonce and a cached copy is as valid as a fresh one.
    assert "nonce-" not in directives["script-src"]
    body = response.content.decode()
    assert "<script>" not in body and "<script nonce" not in body
    assert '<script src="/static/js/text-size-early.js"></script>' in body
    assert directives["object-src"] == "'none'" and "report-uri" in directives
    features = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in features
    assert Client().get("/").headers["Content-Security-Policy"] == policy


def test_admin_pages_carry_their_own_csp(admin_user, client):
    client.force_login(admin_user)
    policy = client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy and "nonce-" not in policy
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    assert Client().get("/admin/login/")["Content-Security-Policy"] == policy


def test_csp_reports_are_logged(caplog):
    report = b'{"csp-report": {"blocked-uri": "inline", "violated-directive": "script-src"}}'
    with caplog.at_level(logging.WARNING, logger="cms.accounts.views"):
        response = Client().post("/csp-report/", report, content_type="application/csp-report")
    assert response.status_code == 204
    assert "script-src" in caplog.text and "CSP violation" in caplog.text
    assert Client().get("/csp-report/").status_code == 405


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_evidence_files_are_owner_only(settings, tmp_path):
    settings.CREDIT_REQUEST_FILES_ROOT = tmp_path / "private"
    storage = PrivateFileStorage()
    name = storage.save("2026/11/evidence.pdf", ContentFile(b"%PDF-1.4 test"))
    path = storage.path(name)
    assert _mode(path) == 0o600
    assert _mode(os.path.dirname(path)) == 0o700
    assert _mode(tmp_path / "private" / "2026") == 0o700


def test_media_uploads_are_world_readable():
    name = default_storage.save("test-permissions/picture.txt", ContentFile(b"public"))
    try:
        assert _mode(default_storage.path(name)) == 0o644
    finally:
        default_storage.delete(name)
