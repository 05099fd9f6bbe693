import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.proposals import services as proposals
from sciencecity.proposals.models import Proposal
from sciencecity.review import services
from sciencecity.review.conflicts import conflicts
from sciencecity.review.models import Panel, PanelMember, ReviewAssignment

THIS_YEAR = timezone.localdate().year


def person(username, affiliation="Independent Lab", first="", last=""):
    return User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="x-Very-long-1",
        affiliation=affiliation,
        first_name=first,
        last_name=last,
    )


def bibtex(year, *authors):
    names = " and ".join(authors)
    return "@article{a, title={Shared work}, author={" + names + "}, year={" + str(year) + "}}"


@pytest.fixture
def proposal(draft, pi):
    pi.affiliation, pi.first_name, pi.last_name = "Fudan University", "Wei", "Zhang"
    pi.save()
    return draft


def reasons(reviewer, proposal):
    return conflicts([reviewer], [proposal]).get((reviewer.pk, proposal.pk), [])


def test_a_reviewer_from_the_pis_organisation_is_in_conflict(proposal):
    assert "same organisation as a proposer" in reasons(person("r1", "Fudan University"), proposal)
    assert reasons(person("r2", "Tsinghua University"), proposal) == []


def test_a_co_proposer_cannot_review_even_before_accepting_the_invitation(proposal, pi):
    colleague = person("colleague")
    proposals.member_invite(actor=pi, proposal=proposal, email=colleague.email)
    assert "is on the proposal" in reasons(colleague, proposal)


def test_co_authors_of_the_last_five_years_conflict_older_ones_do_not(proposal):
    recent = person("recent", first="Ana", last="Silva")
    services.publication_list_import(user=recent, text=bibtex(THIS_YEAR - 2, "Silva, Ana", "Zhang, Wei"))
    old = person("old", first="Jo", last="Costa")
    services.publication_list_import(user=old, text=bibtex(THIS_YEAR - 8, "Costa, Jo", "Zhang, Wei"))
    assert any("co-author" in r for r in reasons(recent, proposal))
    assert reasons(old, proposal) == []


def test_co_authorship_is_found_from_the_proposers_list_too(proposal, pi):
    reviewer = person("reviewer", first="Hans", last="Muller")
    services.publication_list_import(user=pi, text=bibtex(THIS_YEAR - 1, "Zhang, Wei", r"M{\"u}ller, Hans"))
    assert any("co-author" in r for r in reasons(reviewer, proposal))


@pytest.fixture
def panel(facility, field):
    panel = Panel.objects.create(facility=facility, name_en="Life sciences")
    panel.fields.add(field)
    return panel


def seat(panel, user, *expertise):
    member = PanelMember.objects.create(panel=panel, user=user)
    member.expertise.set(expertise)
    return member


def test_a_declared_conflict_counts_and_drops_an_unscored_assignment(proposal, pi, panel, call):
    reviewer = person("honest")
    panel.calls.add(call)
    seat(panel, reviewer)
    proposals.proposal_submit(actor=pi, proposal=proposal)
    ReviewAssignment.objects.create(proposal=proposal, panel=panel, reviewer=reviewer)
    services.conflict_declare(reviewer=reviewer, proposal=proposal, reason="Former student")
    assert "declared a conflict" in reasons(reviewer, proposal)
    assert not ReviewAssignment.objects.filter(proposal=proposal, reviewer=reviewer).exists()


def test_automatic_assignment_never_picks_a_conflicted_reviewer_and_prefers_expertise(
    proposal, pi, panel, field, call, beamlines
):
    same_org = person("same_org", "Fudan University")
    expert, generalist, other = person("expert"), person("generalist"), person("other")
    for reviewer in (same_org, generalist, other):
        seat(panel, reviewer)
    seat(panel, expert, field)
    result = services.review_assign(actor=None, panel=panel, proposals=[proposal], per_proposal=2)
    chosen = set(
        ReviewAssignment.objects.filter(proposal=proposal).values_list("reviewer__username", flat=True)
    )
    assert len(chosen) == 2 and "same_org" not in chosen and "expert" in chosen
    assert not result.shortfall


def test_reassignment_into_a_conflict_is_refused_with_its_reason(proposal, panel):
    fine, conflicted = person("fine"), person("conflicted", "Fudan University")
    seat(panel, fine)
    seat(panel, conflicted)
    services.review_assign(actor=None, panel=panel, proposals=[proposal], per_proposal=1)
    assignment = ReviewAssignment.objects.get(proposal=proposal)
    assert assignment.reviewer == fine
    with pytest.raises(ValidationError, match="same organisation"):
        services.review_reassign(actor=None, assignment=assignment, reviewer=conflicted)
    assert ReviewAssignment.objects.get(pk=assignment.pk).reviewer == fine


def test_a_score_outside_one_to_five_is_refused_and_only_the_assigned_reviewer_scores(proposal, pi, panel):
    reviewer = person("scorer")
    seat(panel, reviewer)
    proposals.proposal_submit(actor=pi, proposal=proposal)
    for step in (Proposal.Status.TECHNICAL_REVIEW, Proposal.Status.PEER_REVIEW):
        proposals.proposal_move(actor=None, proposal=proposal, to=step)
    services.review_assign(actor=None, panel=panel, proposals=[proposal], per_proposal=1)
    assignment = ReviewAssignment.objects.get(proposal=proposal)
    with pytest.raises(ValidationError):
        services.review_submit(reviewer=reviewer, assignment=assignment, score=6, comment="Too good")
    from sciencecity.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.review_submit(reviewer=person("someone"), assignment=assignment, score=4, comment="")
    services.review_submit(reviewer=reviewer, assignment=assignment, score=4, comment="Sound plan")
    assert ReviewAssignment.objects.get(pk=assignment.pk).score == 4
