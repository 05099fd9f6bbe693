"""The staff's usage page and a user's sessions page: figures, buttons and refusals."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from sciencecity.accounting import services
from sciencecity.accounting.models import UsageRecord
from sciencecity.accounting.tests.conftest import Site, at


def _as(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def _this_hour() -> dt.datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def test_the_usage_page_shows_internal_and_external_hours_with_their_table(site: Site) -> None:
    for user, day in ((site.insider, 0), (site.erin, 1)):
        booking = site.book(user, at(day, 9), hours=3)
        services.usage_check_in(actor=site.scientist, booking=booking, now=at(day, 9))
        services.usage_check_out(actor=site.scientist, booking=booking, now=at(day, 12))
    page = _as(site.manager).get("/usage/", {"start": "2027-03-08", "end": "2027-03-14"}).content.decode()
    assert 'id="usage-chart"' in page
    row = page.split('data-code="CRYO"')[1].split("</tr>")[0]
    assert 'data-internal="3.0000"' in row and 'data-external="3.0000"' in row
    assert 'data-side="external"' in page and 'data-side="internal"' in page


def test_a_user_who_runs_no_instrument_is_refused_and_a_foreign_instrument_is_404(site: Site) -> None:
    assert _as(site.erin).get("/usage/").status_code == 403
    assert (
        _as(site.nmr_scientist)
        .get("/usage/", {"start": "2027-03-08", "end": "2027-03-14", "instrument": "ins-usage-cryo"})
        .status_code
        == 404
    )


def test_a_period_that_ends_before_it_starts_is_refused(site: Site) -> None:
    response = _as(site.scientist).get("/usage/", {"start": "2027-03-14", "end": "2027-03-08"})
    assert response.status_code == 422


def test_the_user_checks_in_and_out_from_their_sessions_page(site: Site) -> None:
    booking = site.book(site.erin, _this_hour())
    client = _as(site.erin)
    assert f'data-booking="{booking.pk}"' in client.get("/usage/mine/").content.decode()
    client.post(f"/usage/bookings/{booking.pk}/check-in", {"next": "/usage/mine/"})
    assert UsageRecord.objects.get().actual_start is not None
    response = client.post(f"/usage/bookings/{booking.pk}/check-out", {"next": "/usage/mine/"}, follow=True)
    assert "Checked out." in response.content.decode()
    assert UsageRecord.objects.get().actual_end is not None


def test_a_refusal_is_shown_and_a_foreign_booking_is_404(site: Site) -> None:
    booking = site.book(site.erin, _this_hour())
    response = _as(site.erin).post(f"/usage/bookings/{booking.pk}/no-show", follow=True)
    assert "Only the instrument" in response.content.decode() and not UsageRecord.objects.exists()
    assert _as(site.insider).post(f"/usage/bookings/{booking.pk}/check-in").status_code == 404
    assert _as(site.erin).post(f"/usage/bookings/{booking.pk}/explode").status_code == 404


def test_an_outside_next_address_is_not_followed(site: Site) -> None:
    booking = site.book(site.erin, _this_hour())
    response = _as(site.erin).post(
        f"/usage/bookings/{booking.pk}/check-in", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/usage/mine/"
