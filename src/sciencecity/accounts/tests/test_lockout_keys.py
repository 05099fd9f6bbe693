"""What a login attempt is counted against: the account name, and the address (peer or trusted proxies)."""

from django.test import RequestFactory, override_settings

from sciencecity.accounts.lockout import client_ip_address, login_name


def test_the_peer_address_counts_and_a_forged_forwarded_header_is_ignored():
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip_address(request) == "10.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote():
    request = RequestFactory().post(
        "/admin/login/", REMOTE_ADDR="192.168.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_ip_address(request) == "203.0.113.7"


def test_the_lockout_counts_one_account_whatever_its_case_or_login_field():
    request = RequestFactory().post("/accounts/login/", {"login": "Carol@Example.org"})
    assert login_name(request, {"email": "Carol@Example.org"}) == "carol@example.org"
    assert login_name(request, {"username": "Carol"}) == "carol"
    assert login_name(request, None) == "carol@example.org"
