"""One cap per tag; a tag counts once per request, the same in the schedule, the check and the models."""

import pytest
from hypothesis import given, settings

from sciencecity.allocation.check import check
from sciencecity.allocation.model import ProblemError, problem_from_dict
from sciencecity.allocation.solve import solve

from .examples import problem
from .strategies import problem_dicts


@settings(max_examples=30, deadline=None)
@given(problem_dicts())
def test_two_caps_with_one_tag_are_refused(data):
    if not data["caps"]:
        data["caps"] = [{"tag": "industry", "max_shifts": 3}]
    data["caps"].append({**data["caps"][0], "max_shifts": data["caps"][0]["max_shifts"] + 1})
    with pytest.raises(ProblemError, match=f"duplicate cap tag '{data['caps'][0]['tag']}'"):
        problem_from_dict(data)


def test_a_tag_repeated_in_a_request_counts_once_everywhere():
    cycle = problem(
        [{"id": "R0", "shifts": 3, "instruments": ["I0"], "weight": 5, "tags": ["industry", "industry"]}],
        caps=[{"tag": "industry", "max_shifts": 4}],
    )
    assert cycle.requests[0].tags == ("industry",)
    for method in ("greedy", "greedy+repair", "bound", "best"):
        solution = solve(cycle, method=method, time_limit=5, threads=1)
        assert solution.objective == 5, method
        assert check(cycle, solution).feasible, method
        assert solution.stats["cap_shares"]["industry"] == 1.0
