"""Log in with ORCID is switched on by the environment only; tests never need it."""

from django.conf import settings

from sciencecity.config.orcid import orcid_config


def test_orcid_is_off_by_default(client, db):
    assert not settings.ORCID.enabled
    assert "allauth.socialaccount" not in settings.INSTALLED_APPS
    assert "ORCID" not in client.get("/accounts/login/").text


def test_the_client_id_and_secret_switch_orcid_on_with_the_public_api():
    config = orcid_config({"ORCID_CLIENT_ID": "APP-123", "ORCID_CLIENT_SECRET": "s3cret"})
    assert config.enabled
    assert "allauth.socialaccount.providers.orcid" in config.apps
    orcid = config.providers["orcid"]
    assert orcid["BASE_DOMAIN"] == "orcid.org" and orcid["MEMBER_API"] is False
    assert orcid["APPS"] == [{"client_id": "APP-123", "secret": "s3cret", "key": ""}]


def test_the_sandbox_flag_uses_orcids_sandbox():
    config = orcid_config({"ORCID_CLIENT_ID": "APP-1", "ORCID_CLIENT_SECRET": "x", "ORCID_SANDBOX": "1"})
    assert config.providers["orcid"]["BASE_DOMAIN"] == "sandbox.orcid.org"


def test_half_a_configuration_leaves_orcid_off():
    assert not orcid_config({"ORCID_CLIENT_ID": "APP-1"}).enabled
