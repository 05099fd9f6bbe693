from sciencecity.allocation.check import check
from sciencecity.allocation.model import Assignment, Solution, problem_from_dict

PROBLEM = problem_from_dict(
    {
        "format": "sciencecity-allocation/1",
        "shifts": 20,
        "instruments": [{"id": "A", "down": [[10, 11]]}, {"id": "B"}],
        "requests": [
            {
                "id": "R1",
                "weight": 5,
                "shifts": 4,
                "instruments": ["A"],
                "earliest": 0,
                "latest": 19,
                "blocked": [[0, 1]],
                "tags": ["industry"],
            },
            {
                "id": "R2",
                "weight": 3,
                "shifts": 3,
                "instruments": ["A", "B"],
                "earliest": 2,
                "latest": 9,
                "tags": ["industry"],
            },
        ],
        "caps": [{"tag": "industry", "max_shifts": 5}],
    }
)


def _solution(*assignments: Assignment, objective: float | None = None) -> Solution:
    weights = {r.id: r.weight for r in PROBLEM.requests}
    total = sum(weights.get(a.request, 0) for a in assignments) if objective is None else objective
    return Solution("test", "feasible", total, None, 0.0, tuple(assignments))


def test_a_feasible_solution_passes_and_its_objective_is_recomputed():
    report = check(PROBLEM, _solution(Assignment("R1", "A", 2)))
    assert report.feasible and report.objective == 5


def test_every_kind_of_violation_is_listed():
    cases = {
        "touches down shifts [10, 11] of A": [Assignment("R1", "A", 8)],
        "touches its own blocked shifts [0, 1]": [Assignment("R1", "A", 0)],
        "leave its window [2, 9]": [Assignment("R2", "B", 8)],
        "B is not one of its instruments": [Assignment("R1", "B", 2)],
        "shares shifts of A with R1": [Assignment("R1", "A", 2), Assignment("R2", "A", 4)],
        "cap industry: 7 shifts scheduled, at most 5 allowed": [
            Assignment("R1", "A", 2),
            Assignment("R2", "B", 2),
        ],
        "leave the cycle": [Assignment("R1", "A", 18)],
        "no such request": [Assignment("R9", "A", 2)],
        "scheduled more than once": [Assignment("R1", "A", 2), Assignment("R1", "A", 12)],
    }
    for message, assignments in cases.items():
        report = check(PROBLEM, _solution(*assignments))
        assert any(message in v for v in report.violations), (message, report.violations)


def test_a_wrong_objective_or_a_bound_below_it_is_a_violation():
    report = check(PROBLEM, _solution(Assignment("R1", "A", 2), objective=99))
    assert any("objective" in v for v in report.violations)
    below = Solution("test", "feasible", 5, 4.0, 0.0, (Assignment("R1", "A", 2),))
    assert any("bound" in v for v in check(PROBLEM, below).violations)
