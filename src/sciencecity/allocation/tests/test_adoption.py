"""A placement from a model is adopted only when HiGHS calls it feasible and the schedule verifies it."""

import highspy
import pytest

from sciencecity.allocation.highs import NOT_RUN, Outcome, incumbent_is_feasible
from sciencecity.allocation.model import Assignment
from sciencecity.allocation.schedule import PlacementError, Schedule

from .examples import problem

CYCLE = problem(
    [
        {"id": "A", "shifts": 2, "instruments": ["I0"], "weight": 3, "tags": ["industry"]},
        {"id": "B", "shifts": 2, "instruments": ["I0", "I1"], "weight": 2, "tags": ["industry"]},
    ],
    caps=[{"tag": "industry", "max_shifts": 3}],
)


@pytest.mark.parametrize(
    ("assignments", "message"),
    [
        ([Assignment("A", "I0", 0), Assignment("B", "I0", 1)], "would share shifts of I0"),
        ([Assignment("A", "I0", 0), Assignment("B", "I1", 0)], "would exceed cap industry"),
        ([Assignment("A", "I1", 0)], "I1 is not one of A's instruments"),
        ([Assignment("A", "I0", 3)], "A cannot start at 3 on I0"),
    ],
)
def test_loading_a_faulty_placement_is_refused_and_leaves_the_schedule_as_it_was(assignments, message):
    schedule = Schedule(CYCLE)
    with pytest.raises(PlacementError, match=message):
        schedule.load(assignments)
    assert schedule.placed == {} and schedule.objective == 0 and (schedule.occupant < 0).all()


def test_replacing_a_group_by_a_faulty_placement_keeps_the_old_one():
    schedule = Schedule(CYCLE)
    schedule.load([Assignment("B", "I1", 0)])
    ok = schedule.replace(CYCLE.requests, [Assignment("A", "I0", 0), Assignment("B", "I0", 1)])
    assert not ok and schedule.placed == {"B": ("I1", 0)} and schedule.caps.used == {"industry": 2}


def test_only_a_feasible_primal_status_makes_an_incumbent():
    feasible = int(highspy.SolutionStatus.kSolutionStatusFeasible)
    infeasible = int(highspy.SolutionStatus.kSolutionStatusInfeasible)
    stopped = Outcome(True, highspy.HighsModelStatus.kTimeLimit)
    assert incumbent_is_feasible(stopped, feasible)
    assert not incumbent_is_feasible(stopped, infeasible)
    assert not incumbent_is_feasible(NOT_RUN, feasible)
