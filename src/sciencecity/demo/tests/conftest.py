"""Fixtures of the demo's tests."""

from __future__ import annotations

import pytest

from sciencecity.demo.calls import CallsReport
from sciencecity.demo.management.commands import loaddemo


@pytest.fixture
def no_demo_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """`loaddemo --demo-accounts` without the demo calls, for tests about the map and the accounts only.

    The calls take seconds to build and have their own tests (test_demo_calls.py)."""
    monkeypatch.setattr(loaddemo, "calls_load", lambda personas: CallsReport())
