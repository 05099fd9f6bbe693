"""`sciencecity loaddemo`: the Shanghai map (idempotent); `--demo-accounts` also adds the demo accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sciencecity.accounts.personas import DEMO_PASSWORD, PERSONAS, personas_create
from sciencecity.demo.calls import calls_load
from sciencecity.demo.invoices import invoices_load
from sciencecity.demo.loader import SeedError, load_demo
from sciencecity.demo.sharing import sharing_load, sharing_map_load
from sciencecity.demo.site_visits import site_visits_load
from sciencecity.demo.vouchers import describe, voucher_people_ensure, vouchers_load


class Command(BaseCommand):
    help = (
        "Load the Shanghai innovation map; with --demo-accounts also the demo accounts. "
        "Running it twice changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--demo-accounts",
            action="store_true",
            help=(
                f"Also create one demo account per role with the public password {DEMO_PASSWORD!r}. "
                "A user that already has a demo account's name is left as it is. Never on a real site."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo()
            sharing_map_load()
        except SeedError as exc:
            raise CommandError(f"The demo data was refused, nothing was written: {exc}") from exc
        for kind in sorted(set(report.created) | set(report.changed) | set(report.unchanged)):
            self.stdout.write(
                f"{kind:>12}: {report.created[kind]} created, {report.changed[kind]} updated, "
                f"{report.unchanged[kind]} unchanged"
            )
        if options["demo_accounts"]:
            self._demo_accounts()

    def _demo_accounts(self) -> None:
        accounts = personas_create()
        if accounts.created:
            self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for persona in PERSONAS:
            if persona.username in accounts.created:
                self.stdout.write(f"  {persona.username:<6} {persona.display_name} — {persona.role.label}")
        for username in accounts.kept:
            self.stdout.write(
                f"  {username:<6} already exists and was left as it is "
                "(its own password, e-mail and groups; not a demo account)."
            )
        self._demo_calls(accounts.users)
        voucher_people_ensure(accounts.users)  # Erin's example startup, before her week of usage
        self._demo_sharing(accounts.users)
        self._demo_invoices(accounts.users)
        self.stdout.write(describe(vouchers_load(accounts.users)))
        self._demo_site_visits(accounts.users)
        # After the demo parts: they grant roles too (ivan keeps NFPS's invoices as its user office).
        staff = get_user_model().objects.filter(
            pk__in=[u.pk for u in accounts.created.values()], is_staff=True
        )
        editors = sorted(staff.values_list("username", flat=True))
        if editors:
            self.stdout.write(f"Log in at /admin/ (registry editors: {', '.join(editors)}).")

    def _demo_calls(self, personas: dict[str, Any]) -> None:
        calls = calls_load(personas)
        if calls.skipped:
            self.stdout.write(f"Demo calls not built: {calls.skipped}.")
        if calls.built:
            self.stdout.write(
                f"Demo calls: SSRF cycles {', '.join(calls.built)} built with {calls.proposals} proposals "
                "(synthetic people, marked as examples)."
            )
        if calls.kept:
            self.stdout.write(
                f"Demo calls: SSRF cycles {', '.join(calls.kept)} already there, left as they are."
            )

    def _demo_sharing(self, personas: dict[str, Any]) -> None:
        sharing = sharing_load(personas)
        if sharing.skipped:
            self.stdout.write(f"Demo bookings not built: {sharing.skipped}.")
        else:
            self.stdout.write(
                f"Demo open sharing: {sharing.instruments} NFPS booking instruments, "
                f"{sharing.courses} courses, {sharing.records} training records, {sharing.bookings} bookings "
                f"and {sharing.sessions} sessions (example records)."
            )

    def _demo_invoices(self, personas: dict[str, Any]) -> None:
        invoices = invoices_load(personas)
        if invoices.skipped:
            self.stdout.write(f"Demo invoices not drafted: {invoices.skipped}.")
        else:
            self.stdout.write(
                f"Demo billing: {invoices.rates} rates (example values), {len(invoices.drafts)} draft "
                "invoices of NFPS for the seeded week's month (left drafts for the voucher demo)."
            )

    def _demo_site_visits(self, personas: dict[str, Any]) -> None:
        report = site_visits_load(personas)
        if report.skipped:
            self.stdout.write(f"Demo site visits not built: {report.skipped}.")
            return
        if report.published:
            self.stdout.write("Demo schedule: SSRF 2026-I solved (greedy) and published by dan.")
        self.stdout.write(
            f"Demo site visits: approved {', '.join(report.approved) or 'none'} (sara), "
            f"waiting {', '.join(report.waiting) or 'none'} (example records)."
        )
