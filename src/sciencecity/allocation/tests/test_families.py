"""Generator families: linked stations, XFEL-like and neutron-like cycles, calibrated as documented."""

import numpy as np
import pytest

from sciencecity.allocation.__main__ import main
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.check import check
from sciencecity.allocation.components import components
from sciencecity.allocation.generate import FAMILY_NAMES, generate
from sciencecity.allocation.model import load, problem_from_dict, problem_to_dict
from sciencecity.allocation.solve import solve


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_every_family_is_seeded_and_survives_the_file_format(family):
    problem = generate("small", 3, family)
    assert problem == generate("small", 3, family) != generate("small", 4, family)
    assert problem_from_dict(problem_to_dict(problem)) == problem


def test_connected_cycles_do_not_fall_apart_and_are_calibrated_as_documented():
    problem = generate("medium", 1, "connected")
    calendar = Calendar(problem)
    opened = [calendar.open_shifts(i.id) for i in problem.instruments]
    lengths = np.array([r.shifts for r in problem.requests])
    windowed = np.mean([r.latest - r.earliest + 1 < problem.shifts for r in problem.requests])
    assert len(components(problem, calendar)) == 1
    assert (len(problem.requests), len(problem.instruments), problem.shifts) == (2000, 40, 540)
    assert all(190 <= n <= 300 for n in opened)
    assert np.median(lengths) == 9 and lengths.max() <= 18
    assert 0.35 <= windowed <= 0.45
    assert max(len(r.blocked) for r in problem.requests) == 3
    assert {len(r.instruments) for r in problem.requests} == {1, 2, 3}
    demand = np.bincount([calendar.index[r.instruments[0]] for r in problem.requests], minlength=40)
    assert demand.max() >= 5 * np.median(demand)  # Zipf-like: a few stations are wanted far more
    cap = problem.caps[0]
    assert cap.tag == "industry" and abs(cap.max_shifts - 0.1 * sum(opened)) <= 1


def test_xfel_cycles_have_few_instruments_twelve_hour_shifts_and_high_oversubscription():
    problem = generate("small", 1, "xfel")
    calendar = Calendar(problem)
    opened = sum(calendar.open_shifts(i.id) for i in problem.instruments)
    assert problem.shifts == 360 and len(problem.instruments) <= 6
    assert 2.9 <= sum(r.shifts for r in problem.requests) / opened <= 5.1


def test_neutron_cycles_carry_several_caps_at_once():
    problem = generate("small", 1, "neutron")
    tags = {cap.tag for cap in problem.caps}
    assert {"long-term", "industry"} <= tags and sum(t.startswith("country:") for t in tags) == 5
    assert all(sum(t.startswith("country:") for t in r.tags) == 1 for r in problem.requests)


@pytest.mark.parametrize("family", ["connected", "xfel", "neutron"])
def test_the_engine_solves_a_small_cycle_of_every_family_into_a_checked_solution(family):
    problem = generate("small", 2, family)
    solution = solve(problem, method="best", time_limit=5, threads=1)
    assert check(problem, solution).feasible
    assert solution.bound is not None and solution.objective >= solution.stats["greedy_objective"]


def test_the_cli_generates_a_family(tmp_path):
    path = tmp_path / "p.json"
    assert main(["generate", "--family", "xfel", "--size", "small", "--seed", "2", "-o", str(path)]) == 0
    assert load(path) == generate("small", 2, "xfel")
