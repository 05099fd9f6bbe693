"""`count` is exact where it is cheap: a list of instruments counts from the facilities' stored counts,
and a filtered list of instruments answers null rather than count every match."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sciencecity.registry.models import Instrument


def test_the_unfiltered_instrument_list_counts_from_the_stored_counts(client, demo_map):
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/instruments", {"limit": 2}).json()
    assert body["count"] == Instrument.objects.count() > 2
    assert not any("COUNT(" in q["sql"] and "registry_instrument" in q["sql"] for q in captured)


def test_a_filtered_instrument_list_answers_a_null_count_and_still_pages(client, demo_map):
    body = client.get("/api/instruments", {"technique": "a", "limit": 1}).json()
    assert body["count"] is None and len(body["items"]) == 1 and body["next"]


def test_other_lists_count_exactly_even_when_filtered(client, demo_map):
    body = client.get("/api/facilities", {"status": "operating", "limit": 1}).json()
    assert body["count"] == len(client.get("/api/facilities", {"status": "operating"}).json()["items"])
