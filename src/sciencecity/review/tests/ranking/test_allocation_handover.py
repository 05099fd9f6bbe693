"""The call's recommended requests become an allocation problem the allocation package accepts and solves."""

import datetime as dt

import pytest

from sciencecity.allocation.check import check
from sciencecity.allocation.model import problem_from_dict
from sciencecity.allocation.solve import solve
from sciencecity.registry import services as registry
from sciencecity.registry.models import Organisation
from sciencecity.review.handover import proposals_to_allocation_problem
from sciencecity.review.ranking_services import decision_record, peer_review_finish, rank_adjust


@pytest.fixture
def decided(scenario):
    org = registry.organisation_upsert(
        slug="org-sari", name_en="SARI", kind=Organisation.Kind.RD_INSTITUTION, source="https://example.org"
    ).record
    pi = scenario.proposals["A"].members.get(role="pi").user
    pi.organisation, pi.country = org, "CN"
    pi.save(update_fields=["organisation", "country"])
    peer_review_finish(actor=scenario.officer, call=scenario.call)
    for name, shifts in (("A", (6, 3)), ("B", (9, 0)), ("C", (4, 2))):
        first, second = scenario.proposals[name].requests.order_by("pk")
        decision_record(
            actor=scenario.officer,
            proposal=scenario.proposals[name],
            recommended={first.pk: shifts[0], second.pk: shifts[1]},
        )
    return scenario


def test_the_problem_passes_the_allocation_packages_validation_and_greedy_solves_it(decided):
    handover = proposals_to_allocation_problem(decided.call, industry_share=0.1)
    problem = problem_from_dict(handover.problem)
    assert handover.left_out == []
    solution = solve(problem, method="greedy", time_limit=10)
    assert check(problem, solution).feasible
    assert {a.request for a in solution.assignments} == {r.id for r in problem.requests}


def test_requests_carry_window_blocked_dates_tags_and_rank_ordered_weights(decided):
    problem = proposals_to_allocation_problem(decided.call).problem
    cycle = decided.call.cycle
    assert problem["shifts"] == cycle.shifts == 153 * 3
    a = decided.proposals["A"].reference
    first = next(r for r in problem["requests"] if r["id"] == f"{a}-R1")
    day = (dt.date(2026, 10, 1) - cycle.starts_on).days  # 30
    assert (first["earliest"], first["latest"]) == (day * 3, (day + 61) * 3 + 2)
    assert first["blocked"] == [[(day + 19) * 3, (day + 24) * 3 + 2]]
    assert first["instruments"] == [b.slug for b in decided.beamlines[:2]]
    assert first["tags"] == ["org:org-sari", "country:CN", "route:standard"]
    assert (first["score"], first["weight"], first["shifts"]) == (4.5, 27.0, 6)
    # B recommends nothing on its second request: it is not in the problem; C is industrial.
    ids = [r["id"] for r in problem["requests"]]
    assert ids == [f"{a}-R1", f"{a}-R2", f"{decided.proposals['B'].reference}-R1"] + [
        f"{decided.proposals['C'].reference}-R{n}" for n in (1, 2)
    ]
    assert problem["requests"][-1]["tags"] == ["route:industry"]


def test_a_chair_move_hands_the_higher_score_to_the_proposal_moved_up(decided):
    rank_adjust(
        actor=decided.chair, panel=decided.panel, proposal=decided.proposals["C"], steps=2, reason="x"
    )
    scores = {
        r["id"].rsplit("-R", 1)[0]: r["score"]
        for r in proposals_to_allocation_problem(decided.call).problem["requests"]
    }
    assert scores[decided.proposals["C"].reference] == 4.5
    assert scores[decided.proposals["A"].reference] == 3.0
    assert scores[decided.proposals["B"].reference] == 2.5


def test_offered_shifts_below_the_cycle_close_a_block_each_week(decided):
    problem = proposals_to_allocation_problem(decided.call).problem
    down = problem["instruments"][0]["down"]
    assert sum(b - a + 1 for a, b in down) == decided.call.cycle.shifts - 300
    assert all(a % 21 == 0 for a, _b in down)


def test_a_window_shorter_than_the_recommendation_is_left_out_and_named(decided):
    a = decided.proposals["A"]
    first = a.requests.order_by("pk").first()
    first.earliest = first.latest = decided.call.cycle.starts_on  # one day: 3 shifts, 6 recommended
    first.save(update_fields=["earliest", "latest"])
    handover = proposals_to_allocation_problem(decided.call)
    assert handover.left_out == [
        (f"{a.reference}-R1", "its window holds 3 shifts, fewer than the 6 recommended")
    ]
    problem_from_dict(handover.problem)
