"""Keyset pagination beside limit/offset: `next` walks every row once, in order; a bad cursor is a 422."""

import pytest

from sciencecity.registry import services
from sciencecity.registry.models import Instrument

SOURCE = "https://registry.example/test"
LISTS = ["facilities", "instruments", "organisations", "achievements"]


@pytest.fixture
def many(db):
    services.organisation_upsert(slug="org-a", name_en="Org", kind="university", source=SOURCE)
    for f in range(3):
        services.facility_upsert(
            slug=f"fac-{f}", code=f"F{f}", name_en="Same name", operator="org-a", source=SOURCE
        )
        for i in range(9):
            services.instrument_upsert(
                slug=f"st-{f}-{i}",
                facility=f"fac-{f}",
                code=f"C{i}",
                name_en="X",
                techniques="NMR",
                source=SOURCE,
            )


def _walk(client, path, limit, **filters):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": limit, **filters} | ({"cursor": cursor} if cursor else {})
        body = client.get(path, params).json()
        seen += [item["slug"] for item in body["items"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return seen, pages


def test_cursor_pages_give_every_instrument_once_in_the_order_offset_pages_give(client, many):
    by_cursor, pages = _walk(client, "/api/instruments", 4)
    by_offset = [i["slug"] for i in client.get("/api/instruments", {"limit": 100}).json()["items"]]
    assert by_cursor == by_offset and len(by_cursor) == 27 and pages == 7


def test_ties_in_the_ordering_neither_repeat_nor_skip(client, many):
    # Three facilities with the same name: the ordering's unique tiebreaker keeps the pages apart.
    slugs, _ = _walk(client, "/api/facilities", 1)
    assert sorted(slugs) == ["fac-0", "fac-1", "fac-2"] and len(set(slugs)) == 3


def test_rows_deleted_or_added_while_paging_shift_no_row_of_the_next_page(client, many):
    first = client.get("/api/instruments", {"limit": 5}).json()
    Instrument.objects.filter(slug="st-0-0").delete()  # an offset page 2 would now skip st-0-5
    services.instrument_upsert(
        slug="st-new", facility="fac-0", code="N", name_en="X", techniques="NMR", source=SOURCE
    )
    second = client.get("/api/instruments", {"limit": 5, "cursor": first["next"]}).json()
    assert [i["slug"] for i in second["items"]] == [f"st-0-{n}" for n in range(5, 9)] + ["st-1-0"]


def test_an_offset_page_also_says_where_the_next_page_starts(client, many):
    body = client.get("/api/instruments", {"limit": 5, "offset": 20}).json()
    after = client.get("/api/instruments", {"limit": 5, "cursor": body["next"]}).json()
    assert [i["slug"] for i in after["items"]] == ["st-2-7", "st-2-8"] and after["next"] is None


def test_filters_apply_to_cursor_pages(client, many):
    slugs, _ = _walk(client, "/api/instruments", 2, facility="fac-1")
    assert slugs == [f"st-1-{i}" for i in range(9)]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("cursor", ["not-a-cursor", "WzFd", "x" * 14, "12 3", "é", "%%%", "1\x00"])
def test_a_cursor_this_api_did_not_give_is_a_422_naming_it(client, many, path, cursor):
    response = client.get(f"/api/{path}", {"cursor": cursor})
    assert response.status_code == 422
    assert [p["loc"] for p in response.json()["detail"]] == [["query", "cursor"]]


@pytest.mark.parametrize("path", LISTS)
def test_a_cursor_past_the_end_is_an_empty_last_page(client, many, path):
    body = client.get(f"/api/{path}", {"cursor": "z" * 13}).json()
    assert body["items"] == [] and body["next"] is None


def test_an_offset_with_a_cursor_counts_from_the_cursor(client, many):
    cursor = client.get("/api/instruments", {"limit": 2}).json()["next"]
    body = client.get("/api/instruments", {"cursor": cursor, "offset": 3, "limit": 2}).json()
    assert [i["slug"] for i in body["items"]] == ["st-0-5", "st-0-6"]


def test_the_spec_documents_the_cursor_and_next(client, db):
    spec = client.get("/api/openapi.json").json()
    parameters = {p["name"] for p in spec["paths"]["/api/instruments"]["get"]["parameters"]}
    assert {"cursor", "limit", "offset", "technique", "name"} <= parameters


def test_the_name_filter_finds_english_and_chinese_parts_of_names(client, db):
    services.organisation_upsert(slug="org-a", name_en="Org", kind="university", source=SOURCE)
    services.facility_upsert(slug="fac-0", code="F0", name_en="F", operator="org-a", source=SOURCE)
    for slug, en, zh in [
        ("a", "NMR spectrometer", "核磁共振波谱仪"),
        ("b", "Scanning microscope", "扫描电镜"),
    ]:
        services.instrument_upsert(
            slug=slug, facility="fac-0", code=slug, name_en=en, name_zh=zh, techniques="T", source=SOURCE
        )
    names = lambda q: [i["slug"] for i in client.get("/api/instruments", {"name": q}).json()["items"]]  # noqa: E731
    assert (
        names("核磁") == ["a"]
        and names("电镜") == ["b"]
        and names("spectro") == ["a"]
        and names("can") == ["b"]
    )
    assert names("镜") == ["b"] and names("磁共振") == ["a"] and names("xyz") == []
