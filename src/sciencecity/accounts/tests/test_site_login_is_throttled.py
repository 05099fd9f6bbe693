"""The site login (allauth) is locked out by axes like the admin's, and allauth's own rate limit holds."""

from django.conf import settings
from django.test import override_settings

RIGHT = "correct-horse-battery"


def _login(client, login, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"login": login, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_on_the_site_login_lock_the_account_out(client, personas):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "carol", "wrong-password")
    response = _login(client, "carol", RIGHT)
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    assert "_auth_user_id" not in client.session


def test_the_site_lockout_is_per_address(client, personas):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "carol", "wrong-password")
    assert _login(client, "carol", RIGHT, ip="10.0.0.2").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=100, ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"})
def test_allauths_rate_limit_refuses_further_attempts_from_one_address(client, personas):
    for username in ("alice", "bob", "dan"):
        _login(client, username, "wrong-password")
    response = _login(client, "erin", RIGHT)
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
