"""The public page of open calls: facility, instruments, access routes and the deadline in the call's zone."""

import datetime as dt
import re

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from sciencecity.proposals import services


def test_anyone_sees_an_open_call_with_its_instruments_routes_and_deadline_in_the_call_zone(call):
    closes = dt.datetime(2030, 3, 1, 9, 30, tzinfo=dt.UTC)
    services.call_extend(actor=None, call=call, closes_at=closes)
    page = Client().get(reverse("proposals:calls")).content.decode()
    assert "Call 2026-II" in page and "Light Source" in page
    # only the call's instruments
    assert "BL01" in page and "BL02" in page and not re.search(r"\bBL03\b", page)
    assert "standard" in page
    assert "2030-03-01 17:30 (Asia/Shanghai)" in page  # 09:30 UTC in Shanghai
    assert 'datetime="2030-03-01T17:30:00+08:00"' in page  # the reader's own time is drawn from this
    assert reverse("proposals:new", args=[call.pk]) in page


def test_a_closed_call_is_not_listed(call):
    services.call_close(actor=None, call=call)
    page = Client().get(reverse("proposals:calls")).content.decode()
    assert "Call 2026-II" not in page
    assert "No call is open just now." in page


def test_writing_a_proposal_asks_an_anonymous_reader_to_sign_in(call):
    response = Client().get(reverse("proposals:new", args=[call.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
