"""`sciencecity loaddemo`: the Shanghai innovation map and one demo account per role (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sciencecity.accounts.personas import DEMO_PASSWORD, PERSONAS, personas_ensure
from sciencecity.demo.loader import SeedError, load_demo


class Command(BaseCommand):
    help = "Load the Shanghai innovation map and the demo accounts. Running it twice changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo()
        except SeedError as exc:
            raise CommandError(f"The demo data was refused, nothing was written: {exc}") from exc
        personas_ensure()
        for kind in sorted(set(report.created) | set(report.changed) | set(report.unchanged)):
            self.stdout.write(
                f"{kind:>12}: {report.created[kind]} created, {report.changed[kind]} updated, "
                f"{report.unchanged[kind]} unchanged"
            )
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.username:<6} {persona.display_name} — {persona.role.label}")
        self.stdout.write("Log in at /admin/ (registry editors: carol, dan, olga).")
