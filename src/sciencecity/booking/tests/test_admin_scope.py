"""In the admin, staff see and change the booking rules of their own instruments only; bookings are read."""

from django.test import Client

from sciencecity.accounts.services import role_grant
from sciencecity.booking import services
from sciencecity.booking.tests.conftest import NOW, at, person
from sciencecity.core.roles import Role
from sciencecity.registry import services as registry
from sciencecity.registry.models import Facility


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_facility_manager_sees_their_instruments_rules_and_not_another_facilitys(platform):
    other = registry.facility_upsert(
        slug="fac-bk-other", code="BKO", name_en="Other", source="https://example.org"
    ).record
    outsider = person("otto-bk")
    role_grant(user=outsider, role=Role.FACILITY_MANAGER, facility_id=Facility.objects.get(pk=other.pk).pk)
    url = f"/admin/booking/bookingrule/{platform.rule.pk}/change/"
    assert admin_client(platform.manager).get(url).status_code == 200
    assert admin_client(outsider).get(url).status_code == 403
    assert admin_client(outsider).get("/admin/booking/bookingrule/").status_code == 403
    listed = admin_client(platform.manager).get("/admin/booking/bookingrule/").content.decode()
    assert "CRYO" in listed


def test_bookings_are_read_only_in_the_admin(platform):
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=at(0, 9), end=at(0, 10), now=NOW
    )
    client = admin_client(platform.manager)
    assert client.get(f"/admin/booking/booking/{booking.pk}/change/").status_code == 200  # the view page
    client.post(f"/admin/booking/booking/{booking.pk}/change/", {"status": "cancelled"})
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert client.get("/admin/booking/booking/add/").status_code == 403
