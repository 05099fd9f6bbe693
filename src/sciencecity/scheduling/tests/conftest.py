"""A call whose three ranked proposals have recommended shifts (the review app's scenario, decided)."""

# ruff: noqa: F401, F811 - fixtures are imported to be used by name

from __future__ import annotations

import pytest

from sciencecity.review.ranking_services import decision_record, peer_review_finish
from sciencecity.review.tests.ranking.conftest import (
    Scenario,
    beamlines,
    call,
    facility,
    field,
    other_officer,
    scenario,
)


@pytest.fixture
def decided(scenario: Scenario) -> Scenario:
    """A, B and C ranked in that order; A asks 6 + 3 shifts, B 9, C (industry) 4 + 2."""
    peer_review_finish(actor=scenario.officer, call=scenario.call)
    for name, shifts in (("A", (6, 3)), ("B", (9, 0)), ("C", (4, 2))):
        first, second = scenario.proposals[name].requests.order_by("pk")
        decision_record(
            actor=scenario.officer,
            proposal=scenario.proposals[name],
            recommended={first.pk: shifts[0], second.pk: shifts[1]},
        )
    return scenario


def solved(decided, django_capture_on_commit_callbacks, method="best", time_limit=10):
    """A run of the decided call, solved in process."""
    from sciencecity.scheduling import runs

    with django_capture_on_commit_callbacks(execute=True):
        run = runs.run_start(actor=decided.officer, call=decided.call, method=method, time_limit=time_limit)
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


@pytest.fixture
def solve(decided, django_capture_on_commit_callbacks):
    """solve(method=..., time_limit=...) → a done run of the decided call."""
    return lambda **kw: solved(decided, django_capture_on_commit_callbacks, **kw)
