"""`sciencecity serve` runs the site under gunicorn with its static files, and refuses the development key."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REAL_KEY = "a-real-key-for-the-serve-test-only-0123456789-abcdefghijklmnopqrstuvwxyz"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "SCIENCECITY_DEBUG", "DATABASE_URL", "STATIC_ROOT")
    }
    return (
        env | {"DJANGO_SETTINGS_MODULE": "sciencecity.config.settings", "SCIENCECITY_HOME": str(home)} | extra
    )


def _sciencecity(*args: str) -> list[str]:
    return [sys.executable, "-m", "sciencecity.manage", *args]


def _get(url: str, deadline: float) -> tuple[int, bytes]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
                return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def served(tmp_path: Path):
    port = _free_port()
    env = _env(tmp_path, SECRET_KEY=REAL_KEY, PORT=str(port), WEB_CONCURRENCY="1")
    subprocess.run(_sciencecity("migrate", "-v0"), env=env, check=True, timeout=300)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        _sciencecity("serve"), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def test_serve_answers_the_home_page_and_a_static_file(served):
    deadline = time.monotonic() + 120  # a generous bound for a busy machine, not a timing assertion
    status, body = _get(served + "/", deadline)
    assert status == 200 and b"Science City" in body
    status, css = _get(served + "/static/css/sciencecity.css", deadline)
    assert status == 200 and b".htmx-indicator" in css


def test_serve_refuses_the_development_key_with_debug_off(tmp_path: Path):
    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        _sciencecity("serve", "--no-collectstatic"),
        env=_env(tmp_path, PORT=str(_free_port())),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Refusing to start: SECRET_KEY is the public development key" in result.stderr
