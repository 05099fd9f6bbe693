"""Pins: every method keeps them, the bound stays a bound, a faulty pin is refused with its name."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciencecity.allocation.check import check
from sciencecity.allocation.model import (
    Assignment,
    Problem,
    ProblemError,
    Solution,
    problem_from_dict,
    problem_to_dict,
)
from sciencecity.allocation.pins import refusal
from sciencecity.allocation.solve import solve

from .brute import brute_force
from .strategies import problem_dicts

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
METHODS = ("greedy", "greedy+repair", "bound", "best")


@st.composite
def pinned_problems(draw: st.DrawFn, max_requests: int = 6, max_shifts: int = 14) -> Problem:
    """A problem with some of a greedy schedule's placements pinned (so the pins fit together)."""
    data = draw(problem_dicts(max_requests=max_requests, max_shifts=max_shifts))
    placed = solve(problem_from_dict(data), method="greedy", time_limit=5, threads=1).assignments
    chosen = draw(st.lists(st.sampled_from(placed), unique=True)) if placed else []
    data["pins"] = [{"request": a.request, "instrument": a.instrument, "start": a.start} for a in chosen]
    return problem_from_dict(data)


@FAST
@given(pinned_problems())
def test_every_method_keeps_every_pin_and_passes_the_check(problem):
    for method in METHODS:
        solution = solve(problem, method=method, time_limit=5, threads=1)
        report = check(problem, solution)
        assert report.feasible, (method, report.violations)
        placed = {(a.request, a.instrument, a.start) for a in solution.assignments}
        assert {(p.request, p.instrument, p.start) for p in problem.pins} <= placed
        assert len(solution.assignments) + len(solution.unscheduled) == len(problem.requests)
        assert solution.bound is None or solution.bound >= solution.objective - 1e-6


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pinned_problems(max_requests=4, max_shifts=10))
def test_best_with_pins_is_the_optimum_among_schedules_that_keep_the_pins(problem):
    solution = solve(problem, method="best", time_limit=10, threads=1)
    optimum = brute_force(problem, {p.request: (p.instrument, p.start) for p in problem.pins})
    assert solution.objective == pytest.approx(optimum)
    assert solution.bound is not None and solution.bound >= optimum - 1e-6


def base(pins, caps=None):
    return {
        "format": "sciencecity-allocation/1",
        "shifts": 10,
        "instruments": [{"id": "I0", "down": [[8, 9]]}, {"id": "I1"}],
        "requests": [
            {"id": "A", "shifts": 3, "instruments": ["I0", "I1"], "weight": 3, "tags": ["industry"]},
            {"id": "B", "shifts": 3, "instruments": ["I0"], "weight": 2, "blocked": [[0, 1]]},
            {"id": "C", "shifts": 4, "instruments": ["I1"], "weight": 1, "earliest": 2, "latest": 9},
        ],
        "caps": caps or [],
        "pins": pins,
    }


@pytest.mark.parametrize(
    ("pins", "caps", "message"),
    [
        ([{"request": "X", "instrument": "I0", "start": 0}], None, "pin X .*unknown_request"),
        ([{"request": "C", "instrument": "I0", "start": 2}], None, "pin C .*not_its_instrument"),
        ([{"request": "A", "instrument": "I0", "start": 6}], None, "pin A .*down: 8..9"),
        ([{"request": "B", "instrument": "I0", "start": 1}], None, "pin B .*blocked: 0..1"),
        ([{"request": "C", "instrument": "I1", "start": 0}], None, "pin C .*outside_window: 2..9"),
        ([{"request": "A", "instrument": "I1", "start": 8}], None, "pin A .*outside_cycle"),
        ([{"request": "A", "instrument": "I1", "start": 10}], None, "pin A: start 10 is outside 0..9"),
        (
            [
                {"request": "A", "instrument": "I1", "start": 2},
                {"request": "C", "instrument": "I1", "start": 4},
            ],
            None,
            "pin C .*overlap: A",
        ),
        (
            [
                {"request": "A", "instrument": "I1", "start": 0},
                {"request": "A", "instrument": "I0", "start": 0},
            ],
            None,
            "pinned twice",
        ),
        (
            [{"request": "A", "instrument": "I1", "start": 0}],
            [{"tag": "industry", "max_shifts": 2}],
            "cap: industry",
        ),
        ([{"request": "A", "instrument": "I1"}], None, r"pins\[0\]: needs"),
    ],
)
def test_a_pin_that_cannot_hold_is_refused_naming_the_pin_and_what_is_in_the_way(pins, caps, message):
    with pytest.raises(ProblemError, match=message):
        problem_from_dict(base(pins, caps))


def test_pins_survive_a_round_trip_through_the_format():
    problem = problem_from_dict(base([{"request": "C", "instrument": "I1", "start": 5}]))
    again = problem_from_dict(problem_to_dict(problem))
    assert again == problem
    assert problem_to_dict(problem)["pins"] == [{"request": "C", "instrument": "I1", "start": 5}]
    assert "pins" not in problem_to_dict(problem_from_dict(base([])))


def test_the_check_names_a_pin_the_solution_does_not_keep():
    problem = problem_from_dict(base([{"request": "C", "instrument": "I1", "start": 5}]))
    moved = Solution("greedy", "feasible", 1.0, None, 0.0, (Assignment("C", "I1", 6),))
    assert "C: pinned to I1 at shift 5, but not placed there" in check(problem, moved).violations


def test_a_request_squeezed_out_by_a_pin_is_reported_displaced_not_impossible():
    problem = problem_from_dict(base([{"request": "A", "instrument": "I1", "start": 3}]))
    solution = solve(problem, method="best", time_limit=5, threads=1)
    # C needs 4 shifts of I1 in 2..9; A holds 3..5, leaving 2 and 6..9: C fits at 6.
    assert {a.request: (a.instrument, a.start) for a in solution.assignments}["C"] == ("I1", 6)
    tight = problem_from_dict(base([{"request": "A", "instrument": "I1", "start": 5}]))
    reasons = {u.request: u.reason for u in solve(tight, method="best", time_limit=5, threads=1).unscheduled}
    assert reasons == {"C": "displaced"}


def test_progress_reports_include_the_pinned_weight():
    problem = problem_from_dict(base([{"request": "A", "instrument": "I1", "start": 0}]))
    seen: list = []
    solve(problem, method="best", time_limit=5, threads=1, progress=seen.append)
    assert seen and all(p.objective >= 3.0 for p in seen)
    assert all(p.bound is None or p.bound >= p.objective - 1e-9 for p in seen)


def test_refusal_answers_a_move_next_to_the_rest_of_the_schedule():
    problem = problem_from_dict(base([]))
    others = [Assignment("A", "I0", 0), Assignment("C", "I1", 2)]
    assert refusal(problem, "B", "I0", 4, others=others) is None
    clash = refusal(problem, "B", "I0", 2, others=others)
    assert clash is not None and (clash.code, clash.detail, clash.shifts) == ("overlap", "A", (0, 2))
    held = refusal(problem, "A", "I1", 0, others=others)
    assert held is not None and held.code == "overlap"  # C holds 2..5 of I1
    assert refusal(problem, "A", "I1", 6, others=others) is None  # its own old place does not count
    capped = problem_from_dict(base([], caps=[{"tag": "industry", "max_shifts": 2}]))
    capped_out = refusal(capped, "A", "I1", 6)
    assert capped_out is not None and capped_out.code == "cap"
