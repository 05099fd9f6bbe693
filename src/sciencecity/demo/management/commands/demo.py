"""`sciencecity demo`: migrate, load the demo data and accounts, serve on 127.0.0.1 (PORT overrides 8000)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate the database, load the demo data and the demo accounts, and serve the site."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-serve", action="store_true", help="Prepare the database only.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("loaddemo", demo_accounts=True)
        if options["no_serve"]:
            return
        self.stdout.write(f"Science City on http://127.0.0.1:{options['port']}/")
        call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
