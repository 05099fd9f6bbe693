"""Rounding the LP keeps every protected request, whatever the LP suggests."""

import time

from sciencecity.allocation.model import Assignment
from sciencecity.allocation.rounding import round_lp
from sciencecity.allocation.schedule import Schedule

from .examples import problem


def test_a_protected_request_the_lp_moves_onto_another_ones_place_stays_where_it_is():
    prob = problem(
        [
            {"id": "P1", "shifts": 2, "instruments": ["I0"], "earliest": 0, "latest": 3, "weight": 2},
            {"id": "P2", "shifts": 2, "instruments": ["I0"], "earliest": 2, "latest": 3, "weight": 2},
            {"id": "R", "shifts": 2, "instruments": ["I1"], "earliest": 0, "latest": 3, "weight": 1},
        ],
        instruments=2,
    )
    schedule = Schedule(prob)
    schedule.place(schedule.requests["P1"], "I0", 0)
    schedule.place(schedule.requests["P2"], "I0", 2)
    # The LP puts P1 where P2 must be and P2 nowhere: moving P1 there would leave P2 without a place
    # (the rounding used to give up then, and the schedule kept R out).
    candidates = [Assignment("P1", "I0", 2), Assignment("R", "I1", 0)]
    assert round_lp(
        prob,
        schedule.calendar,
        schedule,
        candidates,
        protected=frozenset({"P1", "P2"}),
        deadline=time.monotonic() + 5,
    )
    assert schedule.placed == {"P1": ("I0", 0), "P2": ("I0", 2), "R": ("I1", 0)}
