"""Hypothesis strategies: small valid problems of every shape the format allows."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import strategies as st

from sciencecity.allocation.model import Problem, problem_from_dict


@st.composite
def problem_dicts(draw: st.DrawFn, max_requests: int = 6, max_shifts: int = 14) -> dict[str, Any]:
    shifts = draw(st.integers(4, max_shifts))
    n_instruments = draw(st.integers(1, 3))

    def a_range() -> st.SearchStrategy[list[int]]:
        return st.integers(0, shifts - 1).flatmap(
            lambda first: st.integers(first, min(shifts - 1, first + 3)).map(lambda last: [first, last])
        )

    instruments = [
        {"id": f"I{k}", "down": draw(st.lists(a_range(), max_size=2))} for k in range(n_instruments)
    ]
    requests = []
    for k in range(draw(st.integers(0, max_requests))):
        length = draw(st.integers(1, max(1, shifts // 2)))
        earliest = draw(st.integers(0, shifts - length))
        latest = draw(st.integers(earliest + length - 1, shifts - 1))
        chosen = draw(
            st.lists(st.sampled_from([i["id"] for i in instruments]), min_size=1, max_size=2, unique=True)
        )
        request: dict[str, Any] = {
            "id": f"R{k}",
            "shifts": length,
            "instruments": chosen,
            "weight": draw(st.integers(0, 50)),
            "earliest": earliest,
            "latest": latest,
            "blocked": draw(st.lists(a_range(), max_size=1)),
            # a tag may repeat: it must count once, everywhere
            "tags": draw(st.lists(st.sampled_from(["industry", "org:A"]), max_size=3)),
        }
        if draw(st.booleans()):
            request["score"] = draw(st.integers(1, 50)) / 10
        requests.append(request)
    caps = [  # none, one or several caps at once, one per tag
        {"tag": tag, "max_shifts": draw(st.integers(0, shifts))}
        for tag in draw(st.lists(st.sampled_from(["industry", "org:A"]), max_size=2, unique=True))
    ]
    return {
        "format": "sciencecity-allocation/1",
        "name": "h",
        "shifts": shifts,
        "instruments": instruments,
        "requests": requests,
        "caps": caps,
    }


def problems(**kwargs: int) -> st.SearchStrategy[Problem]:
    return problem_dicts(**kwargs).map(problem_from_dict)


def _mid_size_dict(rng: random.Random) -> dict[str, Any]:
    """A cycle of 30-120 shifts and 2-6 stations, oversubscribed 1.5-4 times by up to 120 requests: lognormal
    lengths (median 7), windows from tight to open, alternatives on neighbouring stations, blocked dates, down
    time and up to three caps."""
    shifts, n_instruments = rng.randint(30, 120), rng.randint(2, 6)
    n_requests = min(120, round(rng.uniform(1.5, 4.0) * shifts * n_instruments / 8))

    def a_range() -> list[int]:
        first = rng.randrange(shifts)
        return [first, min(shifts - 1, first + rng.randint(0, 6))]

    requests = []
    for k in range(n_requests):
        length = max(1, min(shifts // 2, round(min(48.0, rng.lognormvariate(2.0, 0.6)))))
        earliest = rng.randint(0, shifts - length)
        slack = rng.choice([0, length, 2 * length, shifts])
        first = rng.randrange(n_instruments)
        request: dict[str, Any] = {
            "id": f"R{k}",
            "shifts": length,
            "instruments": sorted({f"I{(first + d) % n_instruments}" for d in range(rng.randint(1, 3))}),
            "weight": rng.randint(0, 50) / 10 * length,
            "earliest": earliest,
            "latest": min(shifts - 1, earliest + length - 1 + slack),
            "blocked": [a_range() for _ in range(rng.randint(0, 2))],
            "tags": rng.sample(["industry", "org:A", "org:B"], rng.randint(0, 2)),
        }
        if rng.random() < 0.7:
            request["score"] = rng.randint(1, 50) / 10
        requests.append(request)
    tags = rng.sample(["industry", "org:A", "org:B"], rng.randint(0, 3))
    return {
        "format": "sciencecity-allocation/1",
        "name": "mid",
        "shifts": shifts,
        "instruments": [
            {"id": f"I{k}", "down": [a_range() for _ in range(rng.randint(0, 3))]}
            for k in range(n_instruments)
        ],
        "requests": requests,
        "caps": [{"tag": tag, "max_shifts": rng.randint(0, shifts * n_instruments // 3)} for tag in tags],
    }


def mid_size_problems() -> st.SearchStrategy[Problem]:
    """Problems too large for brute force, each made from a seed that hypothesis draws (it would draw small
    values for each random choice itself, and the cycles would be small again)."""
    return st.integers(0, 2**32 - 1).map(
        lambda seed: problem_from_dict(_mid_size_dict(random.Random(seed)))  # noqa: S311 - test data
    )
