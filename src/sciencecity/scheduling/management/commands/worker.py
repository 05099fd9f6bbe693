"""`sciencecity worker`: run background tasks (allocation runs) on whichever backend the settings name.

The database backend (the default) is worked by django-tasks-db's worker; RQ (REDIS_URL set) by RQ's
worker, on as many machines as there are workers. Beside the tasks, the worker marks failed every running
allocation run whose heartbeat stopped (its worker died), at start and then every `--stale-check` seconds.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from sciencecity.scheduling.runs import runs_fail_stale

BACKENDS = {
    "django_tasks_db.DatabaseBackend": "database",
    "django_tasks_rq.RQBackend": "rq",
}


def backend_kind() -> str:
    path = str(settings.TASKS["default"]["BACKEND"])
    kind = BACKENDS.get(path)
    if kind is None:
        raise CommandError(
            f"The task backend {path} runs tasks itself: no worker is needed (TASKS_BACKEND=database or rq)."
        )
    return kind


class Command(BaseCommand):
    help = "Run background tasks (allocation runs): the database queue, or RQ when REDIS_URL is set."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Work through the tasks waiting now, then stop (for tests, cron).",
        )
        parser.add_argument(
            "--stale-check",
            type=float,
            default=30.0,
            help="Seconds between checks for allocation runs whose worker died (default: 30).",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls of an empty queue."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = backend_kind()
        failed = runs_fail_stale()
        if failed:
            self.stdout.write(f"Marked failed (their worker died): runs {', '.join(map(str, failed))}")
        stop = threading.Event()
        checker = threading.Thread(target=self._check_stale, args=(stop, options["stale_check"]), daemon=True)
        checker.start()
        queue = settings.TASKS_QUEUE
        self.stdout.write(f"Worker on the {kind} backend, queue {queue!r}")
        self.stdout.flush()
        try:
            if kind == "database":
                call_command(
                    "db_worker",
                    queue_name=queue,
                    interval=options["interval"],
                    batch=options["once"],
                    reload=False,
                    startup_delay=False,
                    verbosity=options["verbosity"],
                )
            else:
                # django-tasks-rq runs a task through its own Job class
                call_command(
                    "rqworker",
                    queue,
                    burst=options["once"],
                    with_scheduler=False,
                    job_class="django_tasks_rq.Job",
                )
        finally:
            stop.set()

    @staticmethod
    def _check_stale(stop: threading.Event, every: float) -> None:
        try:
            while not stop.wait(every):
                runs_fail_stale()
        finally:
            connections.close_all()
