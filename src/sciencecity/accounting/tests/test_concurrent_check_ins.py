"""Ten staff clients check one booking in at once: one usage record is stored, every other answer is a 409.

Each client is a thread with its own session and database connection. The booking's row is locked first
(PostgreSQL) or the writers queue on the IMMEDIATE transaction (SQLite); beneath that, the one-to-one link of
a usage record to its booking refuses a second record whatever wrote it.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from sciencecity.accounting.models import UsageRecord
from sciencecity.accounting.tests.conftest import Site
from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.core.tests.threads import BARRIER_TIMEOUT_S

CLIENTS = 10


@pytest.mark.skipif(
    connection.vendor == "sqlite" and not connection.settings_dict.get("TEST", {}).get("NAME"),
    reason="SQLite's in-memory test database cannot queue concurrent writers",
)
@pytest.mark.many_connections
@pytest.mark.django_db(transaction=True)
def test_ten_staff_checking_one_booking_in_at_once_store_one_record_and_get_200_or_409(site: Site) -> None:
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=1)
    booking = site.book(site.erin, start)
    clients = []
    for n in range(CLIENTS):
        client = Client()
        staff = site.scientist if n == 0 else _staff(site, n)
        client.force_login(staff)
        clients.append(client)
    start_line = threading.Barrier(CLIENTS, timeout=BARRIER_TIMEOUT_S)
    codes: list[int] = []
    errors: list[str] = []

    def act(n: int) -> None:
        try:
            start_line.wait()
            response = clients[n].post(
                f"/api/bookings/{booking.pk}/check-in", {}, content_type="application/json"
            )
            codes.append(response.status_code)
        except Exception as exc:  # reported by the assertions below
            errors.append(f"{n}: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(codes) == [200] + [409] * (CLIENTS - 1)
    assert UsageRecord.objects.filter(booking=booking).count() == 1


def _staff(site: Site, n: int) -> User:
    user = User.objects.create_user(username=f"staff{n}", email=f"staff{n}@example.org", password="x")
    role_grant(user=user, role=Role.INSTRUMENT_SCIENTIST, instrument_id=site.cryo.pk)
    return user


@pytest.mark.django_db
def test_a_second_usage_record_of_one_booking_is_refused_by_the_database(site: Site) -> None:
    booking = site.book(site.erin, timezone.now().replace(minute=0, second=0, microsecond=0))
    fields = {
        "instrument": site.cryo,
        "user": site.erin,
        "booking": booking,
        "planned_start": booking.start,
        "planned_end": booking.end,
    }
    UsageRecord.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        UsageRecord.objects.create(**fields)
