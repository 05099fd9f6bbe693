"""The address a login attempt is counted against: the peer, or what trusted proxies say it was."""

from django.test import RequestFactory, override_settings

from sciencecity.accounts.lockout import client_ip_address


def test_the_peer_address_counts_and_a_forged_forwarded_header_is_ignored():
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip_address(request) == "10.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote():
    request = RequestFactory().post(
        "/admin/login/", REMOTE_ADDR="192.168.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_ip_address(request) == "203.0.113.7"
