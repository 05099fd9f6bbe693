"""The demo's open sharing: NFPS booking instruments, Erin trained on one of them, a week of usage."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sciencecity.accounting import selectors as usage
from sciencecity.accounting.models import UsageRecord
from sciencecity.accounts.models import User
from sciencecity.booking.models import Booking
from sciencecity.demo.sharing import sharing_load
from sciencecity.registry.models import Instrument, Verification
from sciencecity.visits.selectors import missing_courses

INSTRUMENTS = ("ins-nfps-cryoem", "ins-nfps-ms", "ins-nfps-nmr")


def test_the_week_is_built_through_the_services_and_not_twice(
    demo_map: object, personas: dict[str, User]
) -> None:
    report = sharing_load(personas)
    assert (report.instruments, report.courses, report.bookings, report.sessions) == (3, 4, 15, 15)
    assert Booking.objects.filter(instrument__slug__in=INSTRUMENTS).count() == 15
    assert UsageRecord.objects.filter(no_show=True).count() == 2
    again = sharing_load(personas)
    assert again.skipped and Booking.objects.count() == 15


def test_the_instruments_are_nfps_bookable_and_say_what_no_source_confirms(
    demo_map: object, personas: dict[str, User]
) -> None:
    sharing_load(personas)
    for instrument in Instrument.objects.filter(slug__in=INSTRUMENTS):
        assert instrument.owner is not None and instrument.owner.slug == "org-ncpss"
        assert instrument.facility.slug == "fac-nfps"
        assert instrument.access_mode == "booking" and instrument.name_zh and instrument.description_zh
        assert instrument.verification == Verification.PARTIAL and "code" in instrument.unverified
        assert instrument.source_urls


def test_erin_is_trained_on_the_nmr_but_not_on_the_cryo_em(
    demo_map: object, personas: dict[str, User]
) -> None:
    sharing_load(personas)
    erin = personas["erin"]
    start = timezone.now() + dt.timedelta(days=2)
    nmr, cryo = Instrument.objects.get(slug="ins-nfps-nmr"), Instrument.objects.get(slug="ins-nfps-cryoem")
    assert missing_courses(erin, nmr, start=start, end=start + dt.timedelta(hours=4)) == []
    assert [c.slug for c in missing_courses(erin, cryo, start=start, end=start + dt.timedelta(hours=4))] == [
        "course-nfps-cryoem"
    ]


def test_the_week_has_internal_and_external_hours(demo_map: object, personas: dict[str, User]) -> None:
    sharing_load(personas)
    instruments = Instrument.objects.filter(slug__in=INSTRUMENTS)
    end = timezone.now()
    summary = usage.machine_hours(instruments, start=end - dt.timedelta(days=15), end=end)
    total = summary.total
    assert total.internal > 0 and total.external > 0 and total.unclassified == 0
    # Erin (United Imaging) used the NMR 6 h less 25 min, and 4 h: external hours of another legal entity.
    erin = UsageRecord.objects.filter(user=personas["erin"])
    assert sorted(round(r.hours, 2) for r in erin) == [4.0, 5.58]
