"""GET /api/me: the caller's profile, scoped roles and panel seats."""

from sciencecity.accounts.services import profile_update
from sciencecity.registry.models import Organisation


def test_me_lists_the_profile_and_scoped_roles(client, personas, demo_map):
    sari = Organisation.objects.get(slug="org-sari")
    profile_update(user=personas["ivan"], display_name="Ivan", organisation_id=sari.pk, country="CN")
    client.force_login(personas["ivan"])
    me = client.get("/api/me").json()
    assert me["username"] == "ivan" and me["organisation"] == "org-sari" and me["country"] == "CN"
    assert me["organisation_named"] == "" and me["orcid"] == ""
    instruments = {r["instrument"] for r in me["roles"] if r["role"] == "instrument_scientist"}
    assert instruments == {"st-ssrf-bl19u2", "st-ssrf-bl16b1"}


def test_me_lists_a_facility_role_with_its_facility(client, personas, demo_map):
    client.force_login(personas["dan"])
    roles = client.get("/api/me").json()["roles"]
    assert any(r["facility"] == "fac-ssrf" or r["organisation"] for r in roles)


def test_me_lists_panel_seats(client, personas, demo_map):
    from sciencecity.registry.models import Facility
    from sciencecity.review.models import Panel, PanelMember

    panel = Panel.objects.create(facility=Facility.objects.get(slug="fac-ssrf"), name_en="Structural biology")
    PanelMember.objects.create(panel=panel, user=personas["pat"], role=PanelMember.Role.CHAIR)
    client.force_login(personas["pat"])
    seats = [r for r in client.get("/api/me").json()["roles"] if r["panel_id"]]
    assert seats == [
        {
            "role": "chair",
            "facility": "fac-ssrf",
            "organisation": None,
            "instrument": None,
            "panel_id": panel.pk,
            "panel": "Structural biology",
        }
    ]
