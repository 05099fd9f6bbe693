"""`check --deploy` is clean under the production variables the README documents."""

import os
import subprocess
import sys

PRODUCTION = {
    "SECRET_KEY": "a-real-production-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
    "ALLOWED_HOSTS": "science.example.org",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def _check_deploy(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SCIENCECITY_DEBUG"))}
    env |= {"DJANGO_SETTINGS_MODULE": "sciencecity.config.settings", **extra}
    code = "import django; django.setup(); from django.core.management import call_command; "
    code += "call_command('check', deploy=True, fail_level='WARNING')"
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_has_no_warnings_under_the_production_variables():
    result = _check_deploy(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_them_check_deploy_names_hsts_and_the_ssl_redirect():
    result = _check_deploy({"SECRET_KEY": PRODUCTION["SECRET_KEY"]})
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr
