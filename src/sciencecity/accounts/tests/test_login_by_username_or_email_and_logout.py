"""Personas log in on the site by username or e-mail, in any case, and log out with a POST."""

import pytest

RIGHT = "correct-horse-battery"


@pytest.mark.parametrize("login", ["alice", "alice@example.org", "Alice@Example.org"])
def test_a_person_logs_in_with_their_username_or_email(client, personas, login):
    response = client.post("/accounts/login/", {"login": login, "password": RIGHT})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert client.session["_auth_user_id"] == str(personas["alice"].pk)


def test_a_wrong_password_is_refused_on_the_page(client, personas):
    response = client.post("/accounts/login/", {"login": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_the_header_offers_it(client, personas):
    client.force_login(personas["alice"])
    page = client.get("/")
    assert 'action="/accounts/logout/" method="post"' in page.text
    assert 'href="/accounts/profile/"' in page.text
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
    signed_out = client.get("/")
    assert 'href="/accounts/login/"' in signed_out.text and 'href="/accounts/signup/"' in signed_out.text


def test_a_page_that_needs_login_sends_to_the_site_login(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_admin_login_keeps_working(client, personas):
    response = client.post("/admin/login/?next=/admin/", {"username": "carol", "password": RIGHT})
    assert response.status_code == 302 and response["Location"] == "/admin/"
