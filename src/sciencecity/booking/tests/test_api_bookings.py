"""The booking API: 201 for a booking, 409 for a taken time, 403 naming a missing course, 422 naming the
broken rule or a naive time, 401 anonymous, 404 for another's booking; the caller's own list."""

import pytest
from django.test import Client
from django.utils import timezone

from sciencecity.accounts.tokens import token_create
from sciencecity.booking.models import Booking
from sciencecity.booking.tests.conftest import coming_monday, on
from sciencecity.visits import services as visits
from sciencecity.visits.models import Course

JSON = "application/json"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def day():
    return coming_monday()


def body(platform, start, end, instrument=None):
    return {
        "instrument": instrument or platform.cryo.slug,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


def test_anonymous_callers_are_refused_with_401(client, platform, day):
    assert client.get("/api/bookings").status_code == 401
    assert (
        client.post("/api/bookings", body(platform, on(day, 9), on(day, 10)), content_type=JSON).status_code
        == 401
    )
    assert client.post("/api/bookings/1/cancel").status_code == 401


def test_a_booking_is_created_with_201_and_shown_in_the_instruments_time_zone(platform, day):
    response = client_of(platform.erin).post(
        "/api/bookings", body(platform, on(day, 9), on(day, 13)), content_type=JSON
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["instrument"] == platform.cryo.slug and data["status"] == "confirmed"
    assert data["start"] == on(day, 9).isoformat() and data["end"].endswith("13:00:00+08:00")
    assert data["time_zone"] == "Asia/Shanghai"
    assert Booking.objects.get(pk=data["id"]).user == platform.erin


def test_a_personal_token_books_too(platform, day):
    _record, token = token_create(user=platform.erin, name="laptop")
    response = Client().post(
        "/api/bookings",
        body(platform, on(day, 9), on(day, 10)),
        content_type=JSON,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201


def test_an_overlap_is_a_409(platform, day):
    client_of(platform.erin).post("/api/bookings", body(platform, on(day, 9), on(day, 12)), content_type=JSON)
    response = client_of(platform.frank).post(
        "/api/bookings", body(platform, on(day, 11), on(day, 13)), content_type=JSON
    )
    assert response.status_code == 409 and "already booked" in response.json()["detail"]


def test_a_missing_qualification_is_a_403_naming_the_course(platform, day):
    visits.course_create(
        slug="course-api-cryo",
        name_en="Cryo-EM induction",
        kind=Course.Kind.INSTRUMENT,
        scope=Course.Scope.INSTRUMENT,
        instrument=platform.cryo,
        validity_days=365,
    )
    response = client_of(platform.erin).post(
        "/api/bookings", body(platform, on(day, 9), on(day, 10)), content_type=JSON
    )
    assert response.status_code == 403 and "Cryo-EM induction" in response.json()["detail"]


def test_a_broken_rule_is_a_422_naming_it(platform, day):
    response = client_of(platform.erin).post(
        "/api/bookings", body(platform, on(day, 9), on(day, 9, 30)), content_type=JSON
    )
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "end"] and "at least 60 minutes" in problem["msg"]


def test_naive_times_are_a_422(platform, day):
    naive = {"instrument": platform.cryo.slug, "start": f"{day}T09:00:00", "end": f"{day}T10:00:00"}
    response = client_of(platform.erin).post("/api/bookings", naive, content_type=JSON)
    assert response.status_code == 422
    assert {tuple(p["loc"]) for p in response.json()["detail"]} == {
        ("body", "payload", "start"),
        ("body", "payload", "end"),
    }
    assert not Booking.objects.exists()


def test_an_unknown_or_proposal_instrument_is_a_422(platform, day):
    for slug in ("no-such-instrument", platform.proposal_beamline.slug):
        response = client_of(platform.erin).post(
            "/api/bookings", body(platform, on(day, 9), on(day, 10), instrument=slug), content_type=JSON
        )
        assert response.status_code == 422, slug


def test_the_list_holds_the_callers_bookings_only(platform, day):
    client_of(platform.erin).post("/api/bookings", body(platform, on(day, 9), on(day, 10)), content_type=JSON)
    client_of(platform.frank).post(
        "/api/bookings", body(platform, on(day, 10), on(day, 11)), content_type=JSON
    )
    items = client_of(platform.erin).get("/api/bookings").json()["items"]
    assert [i["start"] for i in items] == [on(day, 9).isoformat()]


def test_the_owner_cancels_once_and_others_do_not_see_the_booking(platform, day):
    created = client_of(platform.erin).post(
        "/api/bookings", body(platform, on(day, 9), on(day, 10)), content_type=JSON
    )
    pk = created.json()["id"]
    assert client_of(platform.frank).post(f"/api/bookings/{pk}/cancel").status_code == 404
    response = client_of(platform.erin).post(f"/api/bookings/{pk}/cancel")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert client_of(platform.erin).post(f"/api/bookings/{pk}/cancel").status_code == 409


def test_staff_cancel_a_booking_of_their_instrument(platform, day):
    pk = (
        client_of(platform.erin)
        .post("/api/bookings", body(platform, on(day, 9), on(day, 10)), content_type=JSON)
        .json()["id"]
    )
    assert client_of(platform.nmr_scientist).post(f"/api/bookings/{pk}/cancel").status_code == 404
    assert client_of(platform.scientist).post(f"/api/bookings/{pk}/cancel").status_code == 200


def test_a_session_without_its_csrf_token_is_refused(platform, day):
    client = Client(enforce_csrf_checks=True)
    client.force_login(platform.erin)
    response = client.post("/api/bookings", body(platform, on(day, 9), on(day, 10)), content_type=JSON)
    assert response.status_code == 403 and not Booking.objects.exists()


def test_timestamps_are_aware(platform, day):
    client_of(platform.erin).post("/api/bookings", body(platform, on(day, 9), on(day, 10)), content_type=JSON)
    assert timezone.is_aware(Booking.objects.get().created_at)


def test_times_at_the_end_of_the_calendar_are_a_422_not_a_500(platform):
    far = {
        "instrument": platform.cryo.slug,
        "start": "9999-12-31T22:00:00+00:00",
        "end": "9999-12-31T23:00:00+00:00",
    }
    response = client_of(platform.erin).post("/api/bookings", far, content_type=JSON)
    assert response.status_code == 422
    assert {tuple(p["loc"]) for p in response.json()["detail"]} == {("body", "start"), ("body", "end")}
