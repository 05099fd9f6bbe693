"""`sciencecity demo`: migrate, load the demo data and accounts, serve on 127.0.0.1 (PORT overrides 8000),
with one task worker (`sciencecity worker`) beside the server, stopped with it."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate the database, load the demo data and the demo accounts, and serve the site."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-serve", action="store_true", help="Prepare the database only.")
        parser.add_argument("--no-worker", action="store_true", help="Serve without a task worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("loaddemo", demo_accounts=True)
        if options["no_serve"]:
            return
        worker = None if options["no_worker"] else start_worker()
        self.stdout.write(f"Science City on http://127.0.0.1:{options['port']}/")
        try:
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
        finally:
            stop_worker(worker)


def start_worker() -> subprocess.Popen[bytes] | None:
    """One `sciencecity worker` child for the allocation runs (none when tasks run in process)."""
    if str(settings.TASKS["default"]["BACKEND"]).endswith("ImmediateBackend"):
        return None
    return subprocess.Popen([sys.executable, "-m", "sciencecity.manage", "worker"])


def stop_worker(worker: subprocess.Popen[bytes] | None) -> None:
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()  # the worker stops its task cleanly on SIGTERM
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
