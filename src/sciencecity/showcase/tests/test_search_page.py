"""The search page and the header search box."""


def test_an_over_long_query_is_shortened_and_searched_not_refused(client, demo_map):
    response = client.get("/search/", {"q": "synchrotron " + "x" * 300})
    assert response.status_code == 200
    html = response.content.decode()
    assert "only its first 200 were searched" in html
    assert len(response.context["results"].query) <= 200


def test_the_header_search_box_limits_the_query_length(client, db):
    html = client.get("/").content.decode()
    assert 'id="site-search" type="search" name="q" value="" maxlength="200"' in html


def test_field_hits_link_to_the_achievements_of_that_field(client, demo_map):
    html = client.get("/search/?q=medical").content.decode()
    assert '<a href="/achievements/?field=fld-meddev">' in html


def test_the_two_search_landmarks_on_the_search_page_have_distinct_names(client, db):
    html = client.get("/search/").content.decode()
    assert 'role="search" aria-label="Site search"' in html
    assert 'role="search" class="filters" aria-label="Search the innovation map"' in html
