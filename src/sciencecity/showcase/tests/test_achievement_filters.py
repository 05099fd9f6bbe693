"""The exhibition's filters: an empty result is an answer, not an error."""


def test_a_valid_year_without_achievements_is_an_empty_list_not_an_error(client, demo_map):
    response = client.get("/achievements/?year=2018")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No achievement matches these filters." in html
    assert '<option value="2018" selected>2018</option>' in html


def test_a_year_out_of_any_plausible_range_is_refused_with_a_message(client, demo_map):
    response = client.get("/achievements/?year=99999")
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


def test_the_exhibition_filters_by_field(client, demo_map):
    html = client.get("/achievements/?field=fld-meddev").content.decode()
    assert "uEXPLORER total-body PET/CT" in html and "C919 first commercial passenger flight" not in html
    assert '<option value="fld-meddev" selected>' in html
