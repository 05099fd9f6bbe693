"""Data and sign-in for browser tests of the proposal pages: an open SSRF call, built through the services."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext

from sciencecity.accounts.models import User
from sciencecity.proposals import services
from sciencecity.proposals.models import Call
from sciencecity.registry.models import Facility, Instrument

BEAMLINES = ("BL02U1", "BL09U", "BL19U2")


def open_ssrf_call() -> Call:
    """SSRF's cycle 2026-II with three beamlines offered, and its open call (needs the demo map)."""
    facility = Facility.objects.get(slug="fac-ssrf")
    beamlines = list(Instrument.objects.filter(facility=facility, code__in=BEAMLINES).order_by("code"))
    cycle = services.cycle_create(
        facility=facility,
        name="2026-II",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2027, 1, 31),
        offers=[(b, 200) for b in beamlines],
    )
    now = timezone.now()
    call = services.call_create(
        actor=None,
        cycle=cycle,
        title_en="SSRF call for proposals 2026-II",
        title_zh="上海光源 2026-II 机时申请征集",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=20),
        instruments=beamlines,
        access_routes=["standard", "rapid", "industry"],
    )
    return services.call_open(actor=None, call=call)


def sign_in(context: BrowserContext, user: User, site: str) -> None:
    """Give the browser a session of `user` (the login page itself is not what these tests are about)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}])
