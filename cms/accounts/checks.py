"""`check --deploy` refuses production without the 等保 controls (docs/security.md)."""

import ipaddress

from django.conf import settings
from django.core.checks import Error, Tags, register

REQUIRED_MIDDLEWARE = {
    "cms.accounts.middleware.AdminNetworkGateMiddleware": "the ADMIN_ALLOWED_NETWORKS gate",
    "cms.accounts.middleware.ContentSecurityPolicyMiddleware": "Content-Security-Policy",
    "django_permissions_policy.PermissionsPolicyMiddleware": "Permissions-Policy",
    "django_otp.middleware.OTPMiddleware": "the second factor (django-otp)",
    "cms.accounts.middleware.SecondFactorRequiredMiddleware": "the second factor for the admin",
    "cms.accounts.middleware.AdminSessionMiddleware": "admin session time limits",
    "axes.middleware.AxesMiddleware": "login lockout (django-axes)",
}


def _error(number, message, hint=""):
    return Error(message, hint=hint or None, id=f"accounts.E{number:03d}")


@register(Tags.security, deploy=True)
def security_controls(app_configs, **kwargs):
    errors = []
    middleware = list(settings.MIDDLEWARE)
    for number, (path, what) in enumerate(REQUIRED_MIDDLEWARE.items(), start=1):
        if path not in middleware:
            errors.append(_error(number, f"MIDDLEWARE lacks {path} ({what})."))
    if "axes.backends.AxesStandaloneBackend" not in settings.AUTHENTICATION_BACKENDS[:1]:
        errors.append(
            _error(
                10, "AUTHENTICATION_BACKENDS must start with axes.backends.AxesStandaloneBackend."
            )
        )
    if not settings.AXES_FAILURE_LIMIT or "username" not in settings.AXES_LOCKOUT_PARAMETERS:
        errors.append(_error(11, "Login lockout must count per account (AXES_LOCKOUT_PARAMETERS)."))
    if "ip_address" not in settings.AXES_LOCKOUT_PARAMETERS:
        errors.append(
            _error(12, "Login lockout must count per client IP (AXES_LOCKOUT_PARAMETERS).")
        )
    if not 0 < settings.ADMIN_SESSION_IDLE_SECONDS <= 30 * 60:
        errors.append(_error(20, "ADMIN_SESSION_IDLE_SECONDS must be set, at most 1800."))
    if not 0 < settings.ADMIN_SESSION_MAX_SECONDS <= 8 * 60 * 60:
        errors.append(_error(21, "ADMIN_SESSION_MAX_SECONDS must be set, at most 28800."))
    if settings.SESSION_COOKIE_AGE > settings.ADMIN_SESSION_MAX_SECONDS:
        errors.append(_error(22, "SESSION_COOKIE_AGE outlives ADMIN_SESSION_MAX_SECONDS."))
    errors += _password_errors()
    errors += _header_errors()
    errors += _file_errors()
    if getattr(settings, "DEMO_SECOND_FACTOR", False):
        errors.append(_error(70, "DEMO_SECOND_FACTOR gives the demo admin a known second factor."))
    try:
        for cidr in settings.ADMIN_ALLOWED_NETWORKS:
            ipaddress.ip_network(cidr.strip(), strict=False)
    except ValueError as exc:
        errors.append(_error(50, f"ADMIN_ALLOWED_NETWORKS has a bad network: {exc}"))
    return errors


def _password_errors():
    validators = {
        entry["NAME"]: entry.get("OPTIONS", {}) for entry in settings.AUTH_PASSWORD_VALIDATORS
    }
    errors = []
    length = validators.get("cms.accounts.passwords.MinimumLengthValidator")
    if length is None or length.get("min_length", 8) < 12:
        errors.append(
            _error(30, "Passwords must be at least 12 characters (MinimumLengthValidator).")
        )
    classes = validators.get("cms.accounts.passwords.CharacterClassValidator")
    if classes is None or classes.get("min_classes", 3) < 3:
        errors.append(
            _error(31, "Passwords must use three character classes (CharacterClassValidator).")
        )
    history = validators.get(
        "django_password_validators.password_history.password_validation.UniquePasswordsValidator"
    )
    if history is None or history.get("last_passwords", 0) < 5:
        errors.append(_error(32, "Passwords may not repeat the last 5 (UniquePasswordsValidator)."))
    return errors


def _header_errors():
    errors = []
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    scripts = policy.get("DIRECTIVES", {}).get("script-src", [])
    if not scripts:
        errors.append(_error(40, "CONTENT_SECURITY_POLICY has no script-src."))
    elif "'unsafe-inline'" in scripts:
        errors.append(_error(41, "The public CONTENT_SECURITY_POLICY allows inline scripts."))
    permissions = getattr(settings, "PERMISSIONS_POLICY", {})
    for feature in ("camera", "microphone", "geolocation"):
        if permissions.get(feature) != []:
            errors.append(_error(42, f"PERMISSIONS_POLICY must deny {feature}."))
    return errors


def _file_errors():
    errors = []
    if settings.FILE_UPLOAD_PERMISSIONS != 0o644:
        errors.append(_error(60, "FILE_UPLOAD_PERMISSIONS must be 0o644 for media uploads."))
    if getattr(settings, "PRIVATE_FILE_PERMISSIONS", None) != 0o600:
        errors.append(_error(61, "PRIVATE_FILE_PERMISSIONS must be 0o600 (evidence files)."))
    if getattr(settings, "PRIVATE_DIRECTORY_PERMISSIONS", None) != 0o700:
        errors.append(_error(62, "PRIVATE_DIRECTORY_PERMISSIONS must be 0o700 (evidence folders)."))
    return errors
