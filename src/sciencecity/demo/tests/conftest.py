"""Fixtures of the demo's tests."""

from __future__ import annotations

import pytest

from sciencecity.demo.calls import CallsReport
from sciencecity.demo.management.commands import loaddemo
from sciencecity.demo.sharing import SharingReport
from sciencecity.demo.site_visits import SiteVisitsReport


@pytest.fixture
def no_demo_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """`loaddemo --demo-accounts` without the demo calls and bookings, for tests of the map and the accounts.

    The calls take seconds to build and have their own tests (test_demo_calls.py)."""
    monkeypatch.setattr(loaddemo, "calls_load", lambda personas: CallsReport())
    # The open-sharing demo (its synthetic users, bookings and usage) has its own tests too.
    monkeypatch.setattr(
        loaddemo, "sharing_load", lambda personas: SharingReport(skipped="not asked in this test")
    )
    # So do the site visits (they solve and publish the 2026-I schedule).
    monkeypatch.setattr(
        loaddemo, "site_visits_load", lambda personas: SiteVisitsReport(skipped="not asked in this test")
    )
