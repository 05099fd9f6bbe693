"""The booking pages: the calendar (day and week, htmx paging), booking a slot, my bookings, the staff
queue and the rules, each refusing those it is not for."""

import datetime as dt

import pytest
from django.test import Client

from sciencecity.booking import services
from sciencecity.booking.models import Booking, BookingRule
from sciencecity.booking.tests.conftest import coming_monday, on

HTMX = {"HX-Request": "true"}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def day():
    return coming_monday()


def calendar_url(platform, **query) -> str:
    url = f"/instruments/{platform.cryo.slug}/booking/"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_week_view_shows_free_taken_and_ones_own_slots(platform, day):
    services.booking_create(actor=platform.erin, instrument=platform.cryo, start=on(day, 9), end=on(day, 10))
    services.booking_create(
        actor=platform.frank, instrument=platform.cryo, start=on(day, 11), end=on(day, 12)
    )
    page = client_of(platform.erin).get(calendar_url(platform, view="week", date=day)).content.decode()
    assert page.count('class="slot slot-mine"') == 2
    assert page.count('class="slot slot-taken"') == 2
    assert 'class="slot slot-free"' in page and "Asia/Shanghai" in page
    assert f"/instruments/{platform.cryo.slug}/booking/book/?start=" in page


def test_the_day_view_lists_the_days_slots_and_htmx_gets_only_the_calendar(platform, day):
    response = Client().get(calendar_url(platform, view="day", date=day), headers=HTMX)
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text and 'id="calendar"' in text
    assert text.count('<li class="slot ') == 24  # 08:00-20:00 in half hours


def test_a_calendar_of_an_instrument_not_booked_in_slots_is_not_found(platform):
    assert Client().get(f"/instruments/{platform.proposal_beamline.slug}/booking/").status_code == 404


def test_choosing_a_free_slot_and_a_length_books_it(platform, day):
    client = client_of(platform.erin)
    form = client.get(f"/instruments/{platform.cryo.slug}/booking/book/", {"start": on(day, 9).isoformat()})
    assert form.status_code == 200 and "4 h" in form.content.decode()
    response = client.post(
        f"/instruments/{platform.cryo.slug}/booking/book/", {"start": on(day, 9).isoformat(), "minutes": 240}
    )
    assert response.status_code == 302 and response["Location"] == "/booking/mine/"
    booking = Booking.objects.get()
    assert (booking.user, booking.start, booking.end) == (platform.erin, on(day, 9), on(day, 13))


def test_a_taken_slot_is_refused_with_409_and_offers_the_waiting_list(platform, day):
    services.booking_create(actor=platform.erin, instrument=platform.cryo, start=on(day, 9), end=on(day, 13))
    client = client_of(platform.frank)
    url = f"/instruments/{platform.cryo.slug}/booking/book/"
    response = client.post(url, {"start": on(day, 10).isoformat(), "minutes": 60})
    assert response.status_code == 409 and "already booked" in response.content.decode()
    assert (
        client.post(url, {"start": on(day, 10).isoformat(), "minutes": 60, "wait": "on"}).status_code == 302
    )
    assert platform.frank.waitlist.get().start == on(day, 10)


def test_a_broken_rule_is_refused_with_422_on_the_page(platform, day):
    response = client_of(platform.erin).post(
        f"/instruments/{platform.cryo.slug}/booking/book/", {"start": on(day, 19).isoformat(), "minutes": 120}
    )
    assert response.status_code == 422 and "not open" in response.content.decode()


def test_booking_needs_a_login(platform, day):
    response = Client().get(
        f"/instruments/{platform.cryo.slug}/booking/book/", {"start": on(day, 9).isoformat()}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_bookings_cancel_through_htmx(platform, day):
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=on(day, 9), end=on(day, 10)
    )
    client = client_of(platform.erin)
    assert "CRYO" in client.get("/booking/mine/").content.decode()
    response = client.post(f"/booking/{booking.pk}/cancel/", headers=HTMX)
    assert response.status_code == 200 and f'id="booking-{booking.pk}"' in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_nobody_cancels_anothers_booking_through_the_page(platform, day):
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=on(day, 9), end=on(day, 10)
    )
    assert client_of(platform.frank).post(f"/booking/{booking.pk}/cancel/").status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED


def test_the_queue_is_for_staff_who_approve_there(platform, day):
    services.booking_rule_update(
        actor=platform.scientist, instrument=platform.cryo, changes={"approval_required": True}
    )
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=on(day, 9), end=on(day, 10)
    )
    assert client_of(platform.erin).get("/booking/queue/").status_code == 403
    staff = client_of(platform.scientist)
    assert "erin-b" in staff.get("/booking/queue/").content.decode()
    assert client_of(platform.nmr_scientist).post(f"/booking/{booking.pk}/approve/").status_code == 404
    response = staff.post(f"/booking/{booking.pk}/approve/", headers=HTMX)
    assert response.status_code == 200 and "confirmed" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED


def test_staff_edit_the_rules_on_their_page_and_others_are_refused(platform):
    url = f"/instruments/{platform.cryo.slug}/booking/rules/"
    assert client_of(platform.erin).get(url).status_code == 403
    assert client_of(platform.nmr_scientist).get(url).status_code == 403
    client = client_of(platform.manager)
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "time_zone": "Asia/Shanghai",
        "slot_minutes": 60,
        "min_minutes": 60,
        "max_minutes": 240,
        "lead_minutes": 0,
        "horizon_days": 30,
        "cancel_minutes": 60,
        "weekly_hours": "",
        "approval_required": "on",
        "offer_minutes": 30,
        "periods-TOTAL_FORMS": 1,
        "periods-INITIAL_FORMS": 0,
        "periods-0-weekday": 5,
        "periods-0-opens": "09:00",
        "periods-0-closes": "00:00",
        "blackouts-TOTAL_FORMS": 1,
        "blackouts-INITIAL_FORMS": 0,
        "blackouts-0-start": "2027-05-01T00:00",
        "blackouts-0-end": "2027-05-03T00:00",
        "blackouts-0-reason_en": "Holiday",
    }
    assert client.post(url, data).status_code == 302
    rule = BookingRule.objects.get(instrument=platform.cryo)
    assert (rule.slot_minutes, rule.weekly_hours, rule.approval_required) == (60, None, True)
    assert [(p.weekday, p.opens, p.closes) for p in rule.opening_periods.all()] == [
        (5, dt.time(9), dt.time(0))
    ]
    blackout = rule.blackouts.get()
    assert blackout.start == on(dt.date(2027, 5, 1), 0) and blackout.reason_en == "Holiday"
    bad = client.post(url, data | {"min_minutes": 90})
    assert bad.status_code == 422


def test_the_facility_page_links_a_booking_instrument_to_its_calendar(platform):
    page = Client().get(f"/facilities/{platform.facility.slug}/").content.decode()
    assert f'href="/instruments/{platform.cryo.slug}/booking/"' in page
    assert f'href="/instruments/{platform.proposal_beamline.slug}/booking/"' not in page
