"""`check --deploy` fails production without each staff-security control."""

import pytest

from cms.accounts.checks import security_controls
from tests.home.test_deploy import _manage, _production_env


def error_ids():
    return {error.id for error in security_controls(None)}


def test_the_configured_project_passes(settings):
    settings.DEMO_SECOND_FACTOR = False
    assert error_ids() == set()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda s: s.MIDDLEWARE.remove("axes.middleware.AxesMiddleware"), "accounts.E007"),
        (
            lambda s: s.MIDDLEWARE.remove("cms.accounts.middleware.SecondFactorRequiredMiddleware"),
            "accounts.E005",
        ),
        (
            lambda s: s.MIDDLEWARE.remove(
                "cms.accounts.middleware.ContentSecurityPolicyMiddleware"
            ),
            "accounts.E002",
        ),
        (
            lambda s: setattr(s, "AUTHENTICATION_BACKENDS", s.AUTHENTICATION_BACKENDS[1:]),
            "accounts.E010",
        ),
        (lambda s: setattr(s, "AXES_LOCKOUT_PARAMETERS", ["username"]), "accounts.E012"),
        (lambda s: setattr(s, "ADMIN_SESSION_IDLE_SECONDS", 3600), "accounts.E020"),
        (lambda s: setattr(s, "ADMIN_SESSION_MAX_SECONDS", 14 * 86400), "accounts.E021"),
        (
            lambda s: setattr(s, "AUTH_PASSWORD_VALIDATORS", s.AUTH_PASSWORD_VALIDATORS[:1]),
            "accounts.E030",
        ),
        (
            lambda s: setattr(s, "AUTH_PASSWORD_VALIDATORS", s.AUTH_PASSWORD_VALIDATORS[:2]),
            "accounts.E032",
        ),
        (
            lambda s: setattr(
                s,
                "CONTENT_SECURITY_POLICY",
                {"DIRECTIVES": {"script-src": ["'self'", "'unsafe-inline'"]}},
            ),
            "accounts.E041",
        ),
        (lambda s: setattr(s, "PERMISSIONS_POLICY", {}), "accounts.E042"),
        (lambda s: setattr(s, "FILE_UPLOAD_PERMISSIONS", None), "accounts.E060"),
        (lambda s: setattr(s, "PRIVATE_FILE_PERMISSIONS", 0o644), "accounts.E061"),
        (lambda s: setattr(s, "ADMIN_ALLOWED_NETWORKS", ["10.0.0.0/33"]), "accounts.E050"),
        (lambda s: setattr(s, "DEMO_SECOND_FACTOR", True), "accounts.E070"),
    ],
)
def test_each_missing_control_is_an_error(settings, change, error):
    settings.DEMO_SECOND_FACTOR = False
    settings.MIDDLEWARE = list(settings.MIDDLEWARE)
    change(settings)
    assert error in error_ids()


def test_production_check_deploy_refuses_a_bad_admin_network(tmp_path):
    env = {**_production_env(tmp_path), "ADMIN_ALLOWED_NETWORKS": "10.0.0.0/8,not-a-network"}
    result = _manage(["check", "--deploy"], env, tmp_path)
    assert result.returncode != 0
    assert "accounts.E050" in result.stderr + result.stdout
