"""Machine-hours are internal or external by the legal entity of the user versus the instrument's owner."""

from __future__ import annotations

import datetime as dt

import pytest

from sciencecity.accounting import selectors, services
from sciencecity.accounting.tests.conftest import Site, at
from sciencecity.accounts.models import User
from sciencecity.registry import services as registry
from sciencecity.registry.models import Organisation

from .conftest import SRC


def _use(site: Site, user: User, day: int, hour: int, hours: float) -> None:
    booking = site.book(user, at(day, hour), hours=hours)
    services.usage_check_in(actor=site.scientist, booking=booking, now=at(day, hour))
    services.usage_check_out(actor=site.scientist, booking=booking, now=booking.end)


def _cryo(
    site: Site, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> selectors.InstrumentUsage:
    summary = selectors.machine_hours([site.cryo], start=start or at(0, 0), end=end or at(7, 0))
    return summary.rows[0]


def test_the_owners_own_people_are_internal_and_a_firm_external(site: Site) -> None:
    _use(site, site.insider, 0, 9, 2)
    _use(site, site.erin, 1, 9, 4)
    row = _cryo(site)
    assert (row.internal, row.external, row.unclassified) == (2, 4, 0)
    assert row.hours == 6 and row.sessions == 2 and row.external_share == pytest.approx(4 / 6)


def test_an_organisation_named_but_not_on_the_map_is_external_and_none_is_unclassified(site: Site) -> None:
    _use(site, site.named, 0, 9, 3)
    _use(site, site.nobody, 1, 9, 1)
    row = _cryo(site)
    assert (row.internal, row.external, row.unclassified) == (0, 3, 1)


def test_the_instruments_own_owner_comes_before_the_facilitys_operator(site: Site) -> None:
    registry.instrument_upsert(
        slug=site.cryo.slug,
        facility=site.facility.slug,
        code="CRYO",
        name_en="Instrument CRYO",
        techniques="cryo-EM",
        access_mode="booking",
        owner=site.firm.slug,
        source=SRC,
    )
    site.cryo.refresh_from_db()
    _use(site, site.insider, 0, 9, 2)
    _use(site, site.erin, 1, 9, 4)
    row = _cryo(site)
    assert (row.internal, row.external) == (4, 2)


def test_a_sister_institute_is_another_legal_entity(site: Site) -> None:
    sister = registry.organisation_upsert(
        slug="org-sister",
        name_en="Sister Institute",
        kind=Organisation.Kind.RD_INSTITUTION,
        parent_name="Platform Institute",
        source=SRC,
    ).record
    site.insider.organisation = sister
    site.insider.save(update_fields=["organisation"])
    _use(site, site.insider, 0, 9, 2)
    assert _cryo(site).external == 2


def test_hours_are_clipped_to_the_period_to_the_minute(site: Site) -> None:
    _use(site, site.erin, 0, 9, 4)
    assert _cryo(site, start=at(0, 11), end=at(0, 12, 30)).external == pytest.approx(1.5)
    assert _cryo(site, start=at(0, 13), end=at(1, 0)).hours == 0


def test_no_shows_and_open_sessions_count_no_hours(site: Site) -> None:
    missed = site.book(site.erin, at(0, 9))
    services.usage_mark_no_show(actor=site.scientist, booking=missed, now=at(0, 10))
    running = site.book(site.erin, at(1, 9))
    services.usage_check_in(actor=site.erin, booking=running, now=at(1, 9))
    row = _cryo(site)
    assert (row.hours, row.no_shows, row.open_sessions, row.sessions) == (0, 1, 1, 0)


def test_an_instrument_with_no_known_owner_leaves_its_hours_unclassified(site: Site) -> None:
    bare = registry.facility_upsert(slug="fac-bare", code="BARE", name_en="Bare", source=SRC).record
    nmr = registry.instrument_upsert(
        slug="ins-bare",
        facility=bare.slug,
        code="B1",
        name_en="B1",
        techniques="NMR",
        access_mode="booking",
        source=SRC,
    ).record
    booking = site.book(site.erin, at(0, 9), instrument=nmr)
    from sciencecity.accounts.services import role_grant
    from sciencecity.core.roles import Role

    role_grant(user=site.scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=nmr.pk)
    services.usage_check_in(actor=site.scientist, booking=booking, now=at(0, 9))
    services.usage_check_out(actor=site.scientist, booking=booking, now=at(0, 10))
    row = selectors.machine_hours([nmr], start=at(0, 0), end=at(1, 0)).rows[0]
    assert (row.unclassified, row.internal, row.external) == (1, 0, 0)
