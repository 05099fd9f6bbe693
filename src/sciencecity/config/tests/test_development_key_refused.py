"""With debug off, the site refuses to start on the public development SECRET_KEY."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from sciencecity.core.startup import DEVELOPMENT_SECRET_KEY, refuse_development_key


def _start_wsgi(**env_vars: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SCIENCECITY_DEBUG")}
    env |= {"DJANGO_SETTINGS_MODULE": "sciencecity.config.settings", **env_vars}
    return subprocess.run(
        [sys.executable, "-c", "import sciencecity.config.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_wsgi_application_refuses_to_load_without_a_secret_key_and_debug_off():
    result = _start_wsgi()
    assert result.returncode != 0
    assert "Refusing to start: SECRET_KEY is the public development key" in result.stderr


def test_the_wsgi_application_loads_with_a_real_key():
    result = _start_wsgi(SECRET_KEY="a-real-key-for-this-test-only-0123456789-abcdefghijklmnop")
    assert result.returncode == 0, result.stderr


def test_the_wsgi_application_loads_on_the_development_key_in_debug_mode():
    result = _start_wsgi(SCIENCECITY_DEBUG="1")
    assert result.returncode == 0, result.stderr


@override_settings(DEBUG=False, SECRET_KEY=DEVELOPMENT_SECRET_KEY)
def test_the_refusal_names_what_to_set():
    with pytest.raises(ImproperlyConfigured, match="Set SECRET_KEY"):
        refuse_development_key()
