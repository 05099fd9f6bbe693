"""A person's own profile: display name, organisation (of the map or named), country, ORCID iD."""

from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from sciencecity.accounts.admin import OrganisationToConfirmFilter
from sciencecity.accounts.models import User
from sciencecity.accounts.services import orcid_checksum_ok, profile_update

Organisation: Any = User._meta.get_field("organisation").related_model  # the map's (a layer above accounts)


def test_an_orcid_id_is_checked_by_its_check_digit():
    assert orcid_checksum_ok("0000-0002-1825-0097")
    assert orcid_checksum_ok("0000-0002-1694-233X")
    assert not orcid_checksum_ok("0000-0002-1825-0098")


def test_the_profile_is_saved_with_an_organisation_of_the_map(personas, demo_map):
    sari = Organisation.objects.get(slug="org-sari")
    user = profile_update(
        user=personas["alice"],
        display_name="  Alice  Liu ",
        organisation_id=sari.pk,
        country="br",
        orcid="0000-0002-1825-0097",
    )
    user.refresh_from_db()
    assert (user.display_name, user.organisation, user.country, user.orcid) == (
        "Alice Liu",
        sari,
        "BR",
        "0000-0002-1825-0097",
    )


def test_a_named_organisation_is_kept_and_flagged_for_the_user_office(personas, db):
    user = profile_update(
        user=personas["alice"], display_name="Alice", organisation_named="Zhangjiang Photonics"
    )
    assert user.organisation is None and user.organisation_named == "Zhangjiang Photonics"
    request = RequestFactory().get("/admin/accounts/user/")
    params: Any = {"organisation_to_confirm": ["yes"]}  # as Django passes them: lists of values
    flagged = OrganisationToConfirmFilter(request, params, User, site._registry[User]).queryset(
        request, User.objects.all()
    )
    assert list(flagged) == [user]


def test_every_problem_is_reported_at_once(personas, demo_map):
    sari = Organisation.objects.get(slug="org-sari")
    with pytest.raises(ValidationError) as refused:
        profile_update(
            user=personas["alice"],
            display_name="A",
            organisation_id=sari.pk,
            organisation_named="Also this",
            country="Brazil",
            orcid="0000-0002-1825-0098",
        )
    assert set(refused.value.message_dict) >= {"organisation_named", "orcid"}


def test_the_profile_page_saves_and_shows_problems(client, personas, demo_map):
    client.force_login(personas["alice"])
    page = client.get("/accounts/profile/")
    assert page.status_code == 200 and '<select name="country"' in page.text and "Brazil" in page.text
    bad = client.post("/accounts/profile/", {"display_name": "A", "orcid": "1234", "country": ""})
    assert bad.status_code == 422
    good = client.post("/accounts/profile/", {"display_name": "Alice L.", "country": "CN", "orcid": ""})
    assert good.status_code == 302
    personas["alice"].refresh_from_db()
    assert (personas["alice"].display_name, personas["alice"].country) == ("Alice L.", "CN")


def test_the_profile_page_is_in_chinese(client, personas):
    client.force_login(personas["alice"])
    page = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "个人资料" in page.text
