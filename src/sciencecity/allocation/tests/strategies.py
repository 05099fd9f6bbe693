"""Hypothesis strategies: small valid problems of every shape the format allows."""

from __future__ import annotations

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
