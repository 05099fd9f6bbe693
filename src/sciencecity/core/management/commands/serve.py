"""`sciencecity serve`: the site under gunicorn with its static files, on HOST:PORT."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sciencecity.core.startup import refuse_development_key


def gunicorn_argv(host: str, port: str, workers: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "sciencecity.config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        workers,
        "--access-logfile",
        "-",
    ]


class Command(BaseCommand):
    help = "Serve the site with gunicorn (production); collects static files first."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "2"))
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Skip collectstatic; WhiteNoise then serves the files from the apps' own folders.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            refuse_development_key()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        call_command("check", deploy=False)
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Science City on http://{options['host']}:{options['port']}/")
        self.stdout.flush()
        argv = gunicorn_argv(options["host"], options["port"], options["workers"])
        os.execv(argv[0], argv)  # noqa: S606 - our own interpreter running gunicorn; signals reach it directly
