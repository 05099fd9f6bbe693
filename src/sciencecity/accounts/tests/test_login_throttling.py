"""Login throttling: a username is locked out from one address after a few wrong passwords, for a while."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

RIGHT = "correct-horse-battery"


def _login(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def _fail(client, username: str, times: int, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        assert _login(client, username, "wrong-password", ip).status_code in (200, 429)


def _logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_thirty_wrong_passwords_lock_the_account_so_the_right_one_is_refused_at_once(client, personas):
    _fail(client, "carol", 30)
    response = _login(client, "carol", RIGHT)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_comes_after_the_configured_number_of_failures(client, personas):
    _fail(client, "carol", settings.AXES_FAILURE_LIMIT - 1)
    assert _logged_in(_login(client, "carol", RIGHT))


def test_the_lockout_page_says_what_happened_and_how_long_to_wait(client, personas):
    _fail(client, "carol", settings.AXES_FAILURE_LIMIT)
    response = _login(client, "carol", RIGHT)
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    assert "15 minutes" in response.text


def test_the_lockout_page_is_translated(client, personas):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    _fail(client, "carol", settings.AXES_FAILURE_LIMIT)
    response = _login(client, "carol", RIGHT)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.text


def test_the_lockout_is_per_username_and_address(client, personas):
    _fail(client, "carol", settings.AXES_FAILURE_LIMIT, ip="10.0.0.1")
    assert _login(client, "carol", RIGHT, ip="10.0.0.1").status_code == 429
    assert _logged_in(_login(client, "dan", RIGHT, ip="10.0.0.1"))
    client.logout()
    assert _logged_in(_login(client, "carol", RIGHT, ip="10.0.0.2"))


def test_a_successful_login_resets_the_count(client, personas):
    _fail(client, "carol", settings.AXES_FAILURE_LIMIT - 1)
    assert _logged_in(_login(client, "carol", RIGHT))
    client.logout()
    _fail(client, "carol", settings.AXES_FAILURE_LIMIT - 1)
    assert _logged_in(_login(client, "carol", RIGHT))


def test_the_lockout_ends_after_the_cool_off_period(client, personas):
    _fail(client, "carol", settings.AXES_FAILURE_LIMIT)
    assert _login(client, "carol", RIGHT).status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)  # the cool-off period has passed
    assert _logged_in(_login(client, "carol", RIGHT))


@pytest.mark.parametrize("order", ["first", "second"])
def test_failures_of_one_test_do_not_lock_out_the_next(client, personas, order):
    # Attempts are rows in the test's own transaction: each test starts with none.
    assert not AccessAttempt.objects.exists()
    _fail(client, "carol", settings.AXES_FAILURE_LIMIT)
