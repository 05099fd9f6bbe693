"""The permission matrix through the API: each role reads (GET one, GET the list) exactly what it may."""

import pytest
from django.apps import apps

from sciencecity.proposals import services
from sciencecity.proposals.tests.api_support import JSON, client_of, officer_of, scientist_of
from sciencecity.proposals.tests.conftest import complete_draft, user
from sciencecity.registry import services as registry

SRC = "https://example.org/source"

# The review app sits above proposals (lint-imports' layers): its models are reached by name here.
Panel, PanelMember, ReviewAssignment = (
    apps.get_model("review", name) for name in ("Panel", "PanelMember", "ReviewAssignment")
)


@pytest.fixture
def submitted(draft, pi):
    return services.proposal_submit(actor=pi, proposal=draft)


@pytest.fixture
def others(call, field, beamlines):
    """Two more proposals to the call: one submitted asking for BL02 only, one a draft asking for BL01."""
    pi2 = user("pi2")
    asking_bl02 = complete_draft(call, pi2, field, beamlines[1:2])
    services.proposal_submit(actor=pi2, proposal=asking_bl02)
    still_draft = complete_draft(call, user("pi3"), field, beamlines[:1])
    return asking_bl02, still_draft


def listed(person):
    response = client_of(person).get("/api/proposals", {"limit": 100})
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def reads(person, proposal):
    status = client_of(person).get(f"/api/proposals/{proposal.pk}").status_code
    assert status in (200, 404), status
    return status == 200


def test_an_applicant_reads_and_edits_only_proposals_they_are_a_member_of(submitted, others, pi):
    asking_bl02, still_draft = others
    assert listed(pi) == {submitted.pk}
    assert reads(pi, submitted) and not reads(pi, asking_bl02) and not reads(pi, still_draft)
    response = client_of(pi).patch(f"/api/proposals/{still_draft.pk}", {"title": "Mine"}, content_type=JSON)
    assert response.status_code == 404


def test_an_officer_reads_the_submitted_proposals_of_their_facility_only(submitted, others, facility):
    asking_bl02, still_draft = others
    other = registry.facility_upsert(slug="fac-other", code="OTH", name_en="Other", source=SRC).record
    ours, theirs = officer_of(facility, "ours"), officer_of(other, "theirs")
    assert listed(ours) == {submitted.pk, asking_bl02.pk}
    assert not reads(ours, still_draft)
    assert listed(theirs) == set() and not reads(theirs, submitted)


def test_an_instrument_scientist_sees_proposals_for_their_instruments_only(submitted, others, beamlines):
    asking_bl02, still_draft = others
    bl01, bl02, bl03 = (scientist_of(b, f"scientist{n}") for n, b in enumerate(beamlines))
    assert listed(bl01) == {submitted.pk} and not reads(bl01, still_draft)  # a draft stays hidden
    assert listed(bl02) == {submitted.pk, asking_bl02.pk}
    assert listed(bl03) == set() and not reads(bl03, submitted)


def test_a_reviewer_reads_only_assigned_proposals_and_no_reviewer_identities(submitted, others, facility):
    asking_bl02, _ = others
    panel = Panel.objects.create(facility=facility, name_en="Panel A")
    panel.calls.add(submitted.call)
    bob, zoe = user("bob-reviewer"), user("zoe-reviewer")
    for person in (bob, zoe):
        PanelMember.objects.create(panel=panel, user=person)
        ReviewAssignment.objects.create(proposal=submitted, panel=panel, reviewer=person)
    assert listed(bob) == {submitted.pk} and not reads(bob, asking_bl02)
    text = client_of(bob).get(f"/api/proposals/{submitted.pk}").content.decode()
    assert "zoe" not in text and "bob" not in text and "reviewer" not in text
    assert listed(user("unassigned")) == set()


def test_members_emails_are_shown_to_the_proposals_members_only(submitted, pi, facility):
    officer_view = client_of(officer_of(facility)).get(f"/api/proposals/{submitted.pk}").json()
    assert [m["email"] for m in officer_view["members"]] == [None]
    assert [m["name"] for m in officer_view["members"]] == ["pi"]
    pi_view = client_of(pi).get(f"/api/proposals/{submitted.pk}").json()
    assert [m["email"] for m in pi_view["members"]] == [pi.email]


def test_the_list_filters_by_call_and_status(submitted, others, facility, call):
    officer = client_of(officer_of(facility))
    by_status = officer.get("/api/proposals", {"status": "submitted", "call": call.pk}).json()
    assert by_status["count"] == 2
    assert officer.get("/api/proposals", {"status": "draft"}).json()["count"] == 0
    assert officer.get("/api/proposals", {"call": call.pk + 1}).json()["count"] == 0
