import pytest


def test_facilities_are_listed_with_pagination(client, demo_map):
    body = client.get("/api/facilities", {"limit": 2}).json()
    assert body["count"] == 7 and len(body["items"]) == 2
    everything = client.get("/api/facilities").json()["items"]
    ssrf = next(f for f in everything if f["slug"] == "fac-ssrf")
    assert ssrf["name_en"] == "Shanghai Synchrotron Radiation Facility (SSRF)"
    assert ssrf["operator"]["slug"] == "org-sari"
    assert ssrf["source_urls"]


def test_facilities_filter_by_status(client, demo_map):
    items = client.get("/api/facilities", {"status": "under_construction"}).json()["items"]
    assert {f["slug"] for f in items} == {"fac-shine", "fac-livecell"}


def test_a_facility_detail_includes_its_instruments(client, demo_map):
    body = client.get("/api/facilities/fac-ssrf").json()
    assert {i["code"] for i in body["instruments"]} >= {"BL19U2", "BL09U"}
    assert body["specs"]["storage_ring_energy_gev"] == 3.5


def test_instruments_filter_by_facility_and_technique(client, demo_map):
    items = client.get("/api/instruments", {"facility": "fac-ssrf", "technique": "saxs"}).json()["items"]
    assert {i["code"] for i in items} == {"BL16B1", "BL19U2", "BL10U1"}
    assert client.get("/api/instruments/st-ssrf-bl19u2").json()["techniques"] == ["Biological SAXS (BioSAXS)"]


def test_organisations_filter_by_kind(client, demo_map):
    items = client.get("/api/organisations", {"kind": "new_rd_institution"}).json()["items"]
    assert {o["slug"] for o in items} == {"org-tdli", "org-zjfudan", "org-yrdntic"}
    detail = client.get("/api/organisations/org-tdli").json()
    assert detail["established"] == "2016-11-28" and detail["parent_name"] == "Shanghai Jiao Tong University"


def test_achievements_filter_by_year_and_first_kind(client, demo_map):
    items = client.get("/api/achievements", {"year": 2023, "first_kind": "national"}).json()["items"]
    assert {a["slug"] for a in items} == {"ach-c919", "ach-adora"}
    detail = client.get("/api/achievements/ach-uexplorer").json()
    assert detail["first_kind"] == "global" and detail["organisations"][0]["slug"] == "org-uih"


@pytest.mark.parametrize("path", ["facilities", "instruments", "organisations", "achievements"])
def test_an_unknown_id_is_a_json_404(client, demo_map, path):
    response = client.get(f"/api/{path}/does-not-exist")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("facilities", {"kind": "spaceship"}, "kind"),
        ("achievements", {"year": "last-year"}, "year"),
        ("achievements", {"year": 1200}, "year"),
        ("facilities", {"limit": 0}, "limit"),
        ("instruments", {"access_mode": "telepathy"}, "access_mode"),
    ],
)
def test_bad_query_parameters_are_a_422_naming_the_parameter(client, demo_map, path, params, field):
    response = client.get(f"/api/{path}", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]
    assert response.json()["detail"][0]["msg"]


def test_the_api_is_read_only(client, demo_map):
    assert client.post("/api/facilities", {}).status_code == 405
    assert client.delete("/api/facilities/fac-ssrf").status_code == 405


def test_the_openapi_spec_and_docs_are_served(client, db):
    spec = client.get("/api/openapi.json").json()
    assert spec["info"]["title"] == "Science City API"
    assert {"/api/facilities", "/api/facilities/{slug}", "/api/achievements"} <= set(spec["paths"])
    assert client.get("/api/docs").status_code == 200
