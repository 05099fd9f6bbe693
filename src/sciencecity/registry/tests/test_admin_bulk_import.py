"""The admin's "Import a file" takes the bulk path: scoped to the editor's grants, all or nothing, by line."""

import io

import pytest

from sciencecity.registry.models import Instrument

HEADER = "slug,facility,code,name_en,techniques,access_mode,source\n"


def _upload(*lines: str) -> io.BytesIO:
    upload = io.BytesIO((HEADER + "".join(lines)).encode())
    upload.name = "stations.csv"
    return upload


def _line(slug: str, facility: str) -> str:
    return f"{slug},{facility},{slug.upper()},{slug},XAFS,proposal,https://registry.example/{slug}\n"


def test_carol_imports_stations_of_her_facility(client, demo_map, personas):
    client.force_login(personas["carol"])
    response = client.post(
        "/admin/registry/instrument/bulk-import/", {"file": _upload(_line("st-a", "fac-ssrf"))}
    )
    assert response.status_code == 302
    assert Instrument.objects.filter(slug="st-a", facility__slug="fac-ssrf").exists()


def test_a_row_outside_her_scope_is_refused_with_its_line_and_nothing_is_written(client, demo_map, personas):
    client.force_login(personas["carol"])
    upload = _upload(_line("st-a", "fac-ssrf"), _line("st-b", "fac-nfps"))
    response = client.post("/admin/registry/instrument/bulk-import/", {"file": upload})
    assert response.status_code == 200
    assert "Line 3:" in response.text and "outside what you may edit" in response.text
    assert not Instrument.objects.filter(slug__in=["st-a", "st-b"]).exists()


@pytest.mark.parametrize("model", ["organisation", "field"])
def test_she_may_not_bulk_import_the_platforms_tables(client, demo_map, personas, model):
    client.force_login(personas["carol"])
    assert client.get(f"/admin/registry/{model}/bulk-import/").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/admin/registry/instrument/bulk-import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_change_list_links_to_it(client, demo_map, personas):
    client.force_login(personas["olga"])
    assert 'href="/admin/registry/instrument/bulk-import/"' in client.get("/admin/registry/instrument/").text
