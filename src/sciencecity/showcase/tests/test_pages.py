import pytest


def test_the_home_page_shows_the_center_at_a_glance(client, demo_map):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Shanghai Synchrotron Radiation Facility" in html
    assert "Featured firsts" in html and "uEXPLORER total-body PET/CT" in html
    assert "As reported" in html and "More than 400 enterprise technology centers" in html
    assert response.context["counts"].facilities == 7


def test_the_facilities_list_filters_by_status(client, demo_map):
    html = client.get("/facilities/?status=under_construction").content.decode()
    assert "SHINE" in html and "Shanghai Synchrotron Radiation Facility" not in html


def test_an_unknown_filter_value_is_a_400_with_the_error_shown(client, demo_map):
    response = client.get("/facilities/?status=flying")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_a_facility_page_lists_its_beamlines_operator_specs_and_sources(client, demo_map):
    html = client.get("/facilities/fac-ssrf/").content.decode()
    for text in (
        "BL19U2",
        "BL16B1",
        "SSRF beamline project (phase-II upgrade)",
        "Biological SAXS (BioSAXS)",
        "Shanghai Advanced Research Institute",
        "432",
        "1.2 billion CNY",
        "e-ssrf.sinap.cas.cn",
        "2007-12-24",
    ):
        assert text in html


def test_a_partly_verified_facility_shows_what_no_source_confirmed(client, demo_map):
    html = client.get("/facilities/fac-shine/").content.decode()
    assert "partly verified" in html
    assert "Not confirmed by any source: Electron energy of 8 GeV, Completion date" in html
    assert "electron_energy_8_gev" not in html


@pytest.mark.parametrize("url", ["/facilities/nope/", "/organisations/nope/", "/achievements/nope/"])
def test_unknown_records_are_404(client, demo_map, url):
    assert client.get(url).status_code == 404


def test_an_organisation_page_links_its_facilities_stations_and_achievements(client, demo_map):
    html = client.get("/organisations/org-sari/").content.decode()
    assert "/facilities/fac-ssrf/" in html and "/facilities/fac-shine/" in html
    assert "SSRF beamline project (phase-II upgrade)" in html  # a project it runs
    assert "SSRF beamline project (phase-II upgrade)" in html  # a project it runs
    html = client.get("/organisations/org-ncpss/").content.decode()
    assert "BL19U2" in html


def test_the_organisations_list_filters_by_kind(client, demo_map):
    html = client.get("/organisations/?kind=service_platform").content.decode()
    assert "Shanghai R&amp;D Public Service Platform" in html and "COMAC" not in html


def test_the_achievements_exhibition_filters_by_category_year_and_first(client, demo_map):
    response = client.get("/achievements/?category=medical_device&first_kind=global")
    titles = [a.title_en for a in response.context["achievements"]]
    assert titles == ["uEXPLORER total-body PET/CT"]
    response = client.get("/achievements/?year=2023")
    assert {a.date.year for a in response.context["achievements"]} == {2023}
    assert [year for year, _ in response.context["timeline"]] == [2023]


def test_the_timeline_runs_newest_year_first(client, demo_map):
    years = [year for year, _ in client.get("/achievements/").context["timeline"]]
    assert years == sorted(years, reverse=True) and len(years) >= 5


def test_htmx_filtering_returns_only_the_results_fragment(client, demo_map):
    response = client.get("/achievements/?category=drug", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and "toripalimab" in html


def test_an_achievement_page_shows_claims_as_reported(client, demo_map):
    html = client.get("/achievements/drug-fruquintinib/").content.decode()
    assert "As reported" in html and "first Shanghai-original new drug prescribed overseas" in html
    assert "/organisations/org-hutchmed/" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("synchrotron", "Shanghai Synchrotron Radiation Facility"),
        ("Synchrotron radiation", "Shanghai Synchrotron Radiation Facility"),
        ("光源", "Shanghai Synchrotron Radiation Facility"),
        ("BioSAXS", "BL19U2"),
        ("proton therapy", "First domestic proton therapy system approved by NMPA"),
        ("toripalimab", "US FDA approves toripalimab"),
    ],
)
def test_one_search_box_finds_every_kind_of_record(client, demo_map, query, expected):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_a_search_with_no_match_says_so(client, demo_map):
    response = client.get("/search/", {"q": "unobtainium"})
    assert response.context["results"].total == 0
    assert "0 results" in response.content.decode()


def test_pages_only_answer_get(client, demo_map):
    assert client.post("/").status_code == 405
