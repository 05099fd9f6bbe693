import json

import pytest

from sciencecity.allocation.model import (
    ProblemError,
    dump,
    load,
    problem_from_dict,
    problem_to_dict,
    solution_from_dict,
)

GOOD = {
    "format": "sciencecity-allocation/1",
    "name": "2026-II",
    "shifts": 540,
    "instruments": [{"id": "SSRF-BL19U2", "down": [[0, 20], [300, 311]]}, {"id": "SSRF-BL17B1"}],
    "requests": [
        {
            "id": "P-0001",
            "score": 4.2,
            "weight": 37.8,
            "shifts": 9,
            "instruments": ["SSRF-BL19U2", "SSRF-BL17B1"],
            "earliest": 0,
            "latest": 539,
            "blocked": [[40, 55]],
            "tags": ["org:ECNU", "industry"],
        },
        {"id": "P-0002", "weight": 10, "shifts": 3, "instruments": ["SSRF-BL17B1"]},
    ],
    "caps": [{"tag": "industry", "max_shifts": 500}],
}


def _with(path: str, value: object) -> dict:
    data = json.loads(json.dumps(GOOD))
    target = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if last.isdigit() and int(last) == len(target):
        target.append(value)
    else:
        target[int(last) if last.isdigit() else last] = value
    return dict(data)


def test_the_documented_example_loads_with_defaults_filled_in():
    problem = problem_from_dict(GOOD)
    second = problem.requests[1]
    assert (second.earliest, second.latest, second.blocked, second.tags, second.score) == (
        0,
        539,
        (),
        (),
        None,
    )
    assert problem.instruments[1].down == ()
    assert problem.requests[0].rank_key == 4.2
    assert second.rank_key == pytest.approx(10 / 3)


def test_a_problem_survives_a_round_trip_through_json(tmp_path):
    problem = problem_from_dict(GOOD)
    dump(problem, tmp_path / "p.json")
    assert load(tmp_path / "p.json") == problem
    assert problem_from_dict(problem_to_dict(problem)) == problem


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("format", "other/1", "format"),
        ("shifts", 0, "shifts must be a positive integer"),
        ("requests.0.instruments", ["SSRF-BL99X"], "request P-0001: unknown instrument 'SSRF-BL99X'"),
        ("requests.0.shifts", -3, "request P-0001: shifts must be a positive integer"),
        ("requests.0.shifts", True, "request P-0001: shifts must be a positive integer"),
        ("requests.0.latest", 5, "request P-0001: window [0, 5] is shorter than the 9 shifts requested"),
        ("requests.0.earliest", 600, "request P-0001: window"),
        ("requests.0.weight", "heavy", "request P-0001 weight"),
        ("requests.0.weight", -1, "request P-0001: weight must not be negative"),
        ("requests.0.blocked", [[60, 50]], "request P-0001 blocked"),
        ("requests.0.instruments", [], "request P-0001: names no instrument"),
        ("requests.1.id", "P-0001", "duplicate request id 'P-0001'"),
        ("instruments.0.down", [[530, 545]], "instrument SSRF-BL19U2 down"),
        ("caps.0.max_shifts", -1, "cap industry"),
        ("caps.1", {"tag": "industry", "max_shifts": 9}, "duplicate cap tag 'industry'"),
    ],
)
def test_a_malformed_problem_is_refused_with_a_message_naming_the_record(path, value, message):
    with pytest.raises(ProblemError) as info:
        problem_from_dict(_with(path, value))
    assert message in str(info.value)


def test_a_file_that_is_not_json_is_refused_with_its_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": ')
    with pytest.raises(ProblemError, match="not JSON"):
        load(path)


@pytest.mark.parametrize(
    ("unscheduled", "message"),
    [
        ([5], r"unscheduled\[0\]: needs a request and a reason"),
        ([{"request": "P-1"}], r"unscheduled\[0\]: needs a request and a reason"),
        ({"request": "P-1"}, "unscheduled: expected a list"),
    ],
)
def test_a_malformed_unscheduled_entry_is_refused_with_a_message(unscheduled, message):
    data = {"format": "sciencecity-allocation-solution/1", "objective": 0, "unscheduled": unscheduled}
    with pytest.raises(ProblemError, match=message):
        solution_from_dict(data)
