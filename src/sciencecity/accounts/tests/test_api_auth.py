"""Every authenticated endpoint takes a Bearer token or the site session (CSRF on unsafe methods)."""

import pytest
from django.test import Client

from sciencecity.accounts.tokens import token_create, token_revoke


def test_anonymous_callers_get_401_json(client, db):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_bearer_token_authenticates(client, personas):
    _, secret = token_create(user=personas["alice"])
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200 and response.json()["username"] == "alice"


@pytest.mark.parametrize("state", ["revoked", "unknown"])
def test_a_revoked_or_unknown_token_gets_401(client, personas, state):
    record, secret = token_create(user=personas["alice"])
    if state == "revoked":
        token_revoke(user=personas["alice"], token_id=record.pk)
    else:
        secret = "sct_" + "x" * 43
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401 and "detail" in response.json()


def test_the_site_session_authenticates(client, personas):
    client.force_login(personas["bob"])
    assert client.get("/api/me").json()["username"] == "bob"


@pytest.mark.urls("sciencecity.accounts.tests.probe_urls")
def test_an_unsafe_method_with_the_session_needs_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["alice"])
    assert client.post("/probe/echo").status_code == 403
    client.get("/accounts/profile/")  # a page with a form sets the CSRF cookie
    accepted = client.post("/probe/echo", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert accepted.status_code == 200 and accepted.json() == {"username": "alice"}


@pytest.mark.urls("sciencecity.accounts.tests.probe_urls")
def test_an_unsafe_method_with_a_bearer_token_needs_no_csrf(personas):
    _, secret = token_create(user=personas["alice"])
    client = Client(enforce_csrf_checks=True)
    response = client.post("/probe/echo", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200 and response.json() == {"username": "alice"}


@pytest.mark.urls("sciencecity.accounts.tests.probe_urls")
def test_an_anonymous_unsafe_call_is_401_not_a_csrf_refusal(db):
    assert Client(enforce_csrf_checks=True).post("/probe/echo").status_code == 401
