"""A new published price shows on a cached facility page at once (registry/pagecache.py)."""

import datetime as dt
from decimal import Decimal

from sciencecity.accounting.models import Rate
from sciencecity.registry import services
from sciencecity.registry.models import Instrument

SOURCE = "https://registry.example/test"


def test_a_new_price_shows_at_once(client, db):
    services.organisation_upsert(slug="org-a", name_en="Org", kind="university", source=SOURCE)
    services.facility_upsert(slug="fac-a", code="A", name_en="Alpha", operator="org-a", source=SOURCE)
    services.instrument_upsert(
        slug="st-a", facility="fac-a", code="A1", name_en="Beamline", techniques="XAFS", source=SOURCE
    )
    assert "123.45" not in client.get("/facilities/fac-a/").content.decode()
    Rate.objects.create(
        instrument=Instrument.objects.get(slug="st-a"),
        category="academic",
        price=Decimal("123.45"),
        valid_from=dt.date(2020, 1, 1),
        source=SOURCE,
    )
    assert "123.45" in client.get("/facilities/fac-a/").content.decode()
