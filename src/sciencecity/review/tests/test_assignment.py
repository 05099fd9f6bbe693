import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciencecity.review.assignment import AssignmentProblem, assign


def everyone(reviewers, proposals):
    return frozenset(itertools.product(reviewers, proposals))


def test_every_proposal_gets_its_reviewers_and_the_load_is_balanced():
    reviewers = tuple(f"r{i}" for i in range(6))
    proposals = tuple(f"p{j}" for j in range(12))
    result = assign(AssignmentProblem(reviewers, proposals, 3, everyone(reviewers, proposals)))
    assert not result.shortfall
    assert set(result.load.values()) == {6}


def test_expertise_decides_between_otherwise_equal_reviewers():
    reviewers, proposals = ("chemist", "biologist"), ("protein", "catalyst")
    match = {("biologist", "protein"): 1.0, ("chemist", "catalyst"): 1.0}
    result = assign(AssignmentProblem(reviewers, proposals, 1, everyone(reviewers, proposals), match))
    assert set(result.pairs) == {("biologist", "protein"), ("chemist", "catalyst")}


def test_a_conflicted_pair_is_never_assigned_even_when_it_leaves_a_proposal_short():
    reviewers, proposals = ("r0", "r1"), ("p0",)
    result = assign(AssignmentProblem(reviewers, proposals, 2, frozenset({("r0", "p0")})))
    assert result.pairs == (("r0", "p0"),)
    assert result.shortfall == {"p0": 1}


def test_a_fixed_pair_with_a_conflict_is_refused():
    with pytest.raises(ValueError, match="conflict"):
        assign(AssignmentProblem(("r0",), ("p0",), 1, frozenset(), fixed=frozenset({("r0", "p0")})))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    n_reviewers=st.integers(1, 6),
    n_proposals=st.integers(1, 8),
    per_proposal=st.integers(1, 3),
    data=st.data(),
)
def test_assignments_avoid_every_conflict_cover_all_they_can_and_stay_balanced(
    n_reviewers, n_proposals, per_proposal, data
):
    reviewers = tuple(f"r{i}" for i in range(n_reviewers))
    proposals = tuple(f"p{j}" for j in range(n_proposals))
    all_pairs = sorted(everyone(reviewers, proposals))
    eligible = frozenset(data.draw(st.sets(st.sampled_from(all_pairs))))
    result = assign(AssignmentProblem(reviewers, proposals, per_proposal, eligible))
    assert set(result.pairs) <= eligible
    assert len(set(result.pairs)) == len(result.pairs)
    for proposal in proposals:
        possible = min(per_proposal, sum(1 for r in reviewers if (r, proposal) in eligible))
        assert sum(1 for _r, p in result.pairs if p == proposal) == possible
    if eligible == frozenset(all_pairs) and per_proposal <= n_reviewers:
        assert max(result.load.values()) - min(result.load.values()) <= 1


def test_four_proposals_for_three_reviewers_are_spread_two_one_one():
    reviewers, proposals = ("r0", "r1", "r2"), ("p0", "p1", "p2", "p3")
    result = assign(AssignmentProblem(reviewers, proposals, 1, everyone(reviewers, proposals)))
    assert sorted(result.load.values()) == [1, 1, 2]


@pytest.mark.parametrize(
    ("reviewers", "proposals", "eligible"),
    [((), ("p0",), frozenset()), (("r0",), (), frozenset()), (("r0",), ("p0",), frozenset())],
    ids=["no reviewer", "no proposal", "every pair conflicted"],
)
def test_nothing_to_assign_is_an_empty_assignment_not_an_error(reviewers, proposals, eligible):
    result = assign(AssignmentProblem(reviewers, proposals, 2, eligible))
    assert result.pairs == ()
    assert result.shortfall == {p: 2 for p in proposals}
