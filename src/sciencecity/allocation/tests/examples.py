"""Problems that once broke the engine, kept by hand next to the generated ones."""

from sciencecity.allocation.model import Problem, problem_from_dict

# After a solve with threads=2, a solve with threads=1 in the same process was refused by HiGHS' thread
# scheduler, and the refusal became a bound: objective 1.0 certified optimal; the optimum is 2.0.
THREAD_SCHEDULER = problem_from_dict(
    {
        "format": "sciencecity-allocation/1",
        "shifts": 4,
        "instruments": [{"id": "I0"}, {"id": "I1"}],
        "requests": [
            {
                "id": "R0",
                "shifts": 1,
                "instruments": ["I0"],
                "earliest": 0,
                "latest": 0,
                "weight": 1,
                "score": 0.1,
            },
            {"id": "R1", "shifts": 1, "instruments": ["I0"], "earliest": 0, "latest": 1, "weight": 1},
        ],
    }
)


def problem(
    requests: list[dict], *, shifts: int = 4, instruments: int = 2, caps: list[dict] | None = None
) -> Problem:
    return problem_from_dict(
        {
            "format": "sciencecity-allocation/1",
            "shifts": shifts,
            "instruments": [{"id": f"I{k}"} for k in range(instruments)],
            "requests": requests,
            "caps": caps or [],
        }
    )
