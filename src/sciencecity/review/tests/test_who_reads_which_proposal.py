"""The permission matrix of proposals: each role reads exactly what its scope covers."""

import pytest
from django.contrib.auth.models import AnonymousUser

from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.proposals import permissions, services
from sciencecity.proposals.tests.conftest import user
from sciencecity.registry import services as registry
from sciencecity.review.models import Panel, PanelMember, ReviewAssignment

SRC = "https://example.org/source"


@pytest.fixture
def submitted(draft, pi):
    return services.proposal_submit(actor=pi, proposal=draft)


@pytest.fixture
def other_facility(db):
    return registry.facility_upsert(
        slug="fac-other", code="OTH", name_en="Other Light Source", source=SRC
    ).record


def visible(who):
    return set(permissions.proposals_visible_to(who).values_list("pk", flat=True))


def test_nobody_reads_a_proposal_anonymously(submitted):
    assert visible(AnonymousUser()) == set()
    assert not permissions.can_read_proposal(AnonymousUser(), submitted)


def test_members_read_their_draft_and_nobody_else_does(draft, pi, facility, beamlines):
    officer = user("officer")
    role_grant(user=officer, role=Role.USER_OFFICE, facility_id=facility.pk)
    scientist = user("scientist")
    role_grant(user=scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=beamlines[0].pk)
    assert visible(pi) == {draft.pk}
    assert visible(officer) == set() and visible(scientist) == set()
    assert visible(user("stranger")) == set()


def test_an_officer_reads_submitted_proposals_of_their_facility_only(submitted, facility, other_facility):
    ours, theirs = user("ours"), user("theirs")
    role_grant(user=ours, role=Role.USER_OFFICE, facility_id=facility.pk)
    role_grant(user=theirs, role=Role.USER_OFFICE, facility_id=other_facility.pk)
    assert visible(ours) == {submitted.pk}
    assert visible(theirs) == set()
    assert permissions.can_manage_call(ours, submitted.call)
    assert not permissions.can_manage_call(theirs, submitted.call)


def test_an_instrument_scientist_reads_proposals_for_their_instruments_only(submitted, beamlines):
    requested, unrequested = user("requested"), user("unrequested")
    role_grant(user=requested, role=Role.INSTRUMENT_SCIENTIST, instrument_id=beamlines[1].pk)
    role_grant(user=unrequested, role=Role.INSTRUMENT_SCIENTIST, instrument_id=beamlines[2].pk)
    assert visible(requested) == {submitted.pk}
    assert visible(unrequested) == set()
    assert permissions.can_review_technically(requested, submitted, beamlines[1])
    assert not permissions.can_review_technically(unrequested, submitted, beamlines[2])


def test_a_reviewer_reads_assigned_proposals_and_a_chair_those_of_the_panels_calls(submitted, facility):
    panel = Panel.objects.create(facility=facility, name_en="Panel A")
    panel.calls.add(submitted.call)
    assigned, unassigned, chair = user("assigned"), user("unassigned"), user("chair")
    for person, role in ((assigned, "reviewer"), (unassigned, "reviewer"), (chair, "chair")):
        PanelMember.objects.create(panel=panel, user=person, role=role)
    ReviewAssignment.objects.create(proposal=submitted, panel=panel, reviewer=assigned)
    assert visible(assigned) == {submitted.pk}
    assert visible(unassigned) == set()
    assert visible(chair) == {submitted.pk}
    assert permissions.can_see_ranking(chair, submitted.call)
    assert not permissions.can_see_ranking(assigned, submitted.call)


def test_an_invited_co_proposer_reads_the_proposal_only_after_accepting(draft, pi):
    colleague = user("colleague")
    member = services.member_invite(actor=pi, proposal=draft, email=colleague.email)
    assert visible(colleague) == set()
    services.member_respond(user=colleague, member=member, accept=True)
    assert visible(colleague) == {draft.pk}
    assert permissions.can_edit_proposal(colleague, draft)
    assert not permissions.is_pi(colleague, draft)
