"""`sciencecity serve` runs the site under gunicorn with its static files, and refuses the development key."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

REAL_KEY = "a-real-key-for-the-serve-test-only-0123456789-abcdefghijklmnopqrstuvwxyz"


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


def _listening_port(server: subprocess.Popen[bytes]) -> int:
    """The port gunicorn bound, read from its log ("Listening at: http://127.0.0.1:PORT")."""
    assert server.stdout is not None
    for raw in server.stdout:
        found = re.search(rb"Listening at: http://[^:]+:(\d+)", raw)
        if found:
            return int(found.group(1))
    raise AssertionError(f"gunicorn ended without listening (exit code {server.wait()})")


@pytest.fixture
def served(tmp_path: Path):
    # Port 0: the kernel picks a free port as gunicorn binds it, so no other process can take it between.
    env = _env(tmp_path, SECRET_KEY=REAL_KEY, PORT="0", WEB_CONCURRENCY="1")
    subprocess.run(_sciencecity("migrate", "-v0"), env=env, check=True, timeout=300)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        _sciencecity("serve"), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        port = _listening_port(server)
        assert server.stdout is not None
        # Keep draining its log, so that the access log never fills the pipe and blocks the server.
        threading.Thread(target=server.stdout.read, daemon=True).start()
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
        env=_env(tmp_path, PORT="0"),  # refused before it binds
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Refusing to start: SECRET_KEY is the public development key" in result.stderr
