"""After the last stage every request that still fits goes in; a reason names why each other one does not."""

from hypothesis import HealthCheck, given, settings

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.reasons import explain
from sciencecity.allocation.schedule import Schedule
from sciencecity.allocation.solve import solve

from .examples import problem
from .strategies import problems

# Three short requests hold I0 against a long, heavier one (too many for a swap move); Z has no value.
LEFT_FITTING = problem(
    [
        *(
            {
                "id": f"A{k}",
                "shifts": 1,
                "instruments": ["I0"],
                "earliest": k,
                "latest": k,
                "weight": 1,
                "score": 5,
            }
            for k in range(3)
        ),
        {"id": "B", "shifts": 4, "instruments": ["I0"], "weight": 10, "score": 1},
        {"id": "Z", "shifts": 1, "instruments": ["I1"], "weight": 0, "score": 0.1},
    ]
)


def test_a_request_that_still_fits_after_the_models_is_scheduled():
    for whole_model_columns in (150_000, 0):
        solution = solve(
            LEFT_FITTING,
            method="best",
            time_limit=5,
            threads=1,
            whole_model_columns=whole_model_columns,
            whole_model_nonzeros=whole_model_columns,
        )
        assert {a.request for a in solution.assignments} == {"B", "Z"}
        assert {u.reason for u in solution.unscheduled} == {"displaced"}


def test_a_request_that_fits_but_was_not_chosen_says_so():
    schedule = Schedule(LEFT_FITTING)
    reasons = {u.request: u.reason for u in explain(LEFT_FITTING, Calendar(LEFT_FITTING), schedule)}
    assert reasons["Z"] == "not_chosen" and reasons["B"] == "not_chosen"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_no_method_leaves_out_a_request_that_fits(problem):
    for method in ("greedy", "greedy+repair", "bound", "best"):
        solution = solve(problem, method=method, time_limit=5, threads=1)
        assert all(u.reason != "not_chosen" for u in solution.unscheduled), method
