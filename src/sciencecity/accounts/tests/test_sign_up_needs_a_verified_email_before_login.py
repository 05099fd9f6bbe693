"""Sign-up on the site: the e-mail address is verified before the first login."""

import re

from allauth.account.models import EmailAddress
from django.core import mail

from sciencecity.accounts.models import User

PASSWORD = "a-long-unusual-passphrase-42"


def _sign_up(client):
    return client.post(
        "/accounts/signup/",
        {"username": "maria", "email": "maria@usp.example", "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signing_up_sends_a_verification_email_and_does_not_log_in(client, db):
    response = _sign_up(client)
    assert response.status_code == 302
    assert User.objects.filter(username="maria").exists()
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["maria@usp.example"]


def test_login_is_refused_until_the_address_is_confirmed_then_allowed(client, db):
    _sign_up(client)
    client.post("/accounts/login/", {"login": "maria", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", str(mail.outbox[-1].body))
    assert found
    link = found.group(1)
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="maria@usp.example").verified
    response = client.post("/accounts/login/", {"login": "maria@usp.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="maria").pk)


def test_the_sign_up_page_is_the_sites_page_in_english_and_chinese(client, db):
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    assert 'class="site-header"' in page.text
    assert '<label for="id_email"' in page.text
    chinese = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert '<html lang="zh-hans">' in chinese.text
    assert "注册" in chinese.text
