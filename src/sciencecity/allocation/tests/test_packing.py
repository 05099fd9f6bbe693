"""The packing bound: sound on every tiny problem (against brute force, column by column too), never above the
time-indexed LP, tighter where that LP packs a request twice; and the schedules made of its packings."""

import time

import pytest
from hypothesis import HealthCheck, given, settings

from sciencecity.allocation import caps
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.model import Instrument, Problem, Request
from sciencecity.allocation.packing import PackingBound, pack, packing_bound, stretches, tighten
from sciencecity.allocation.pricing import PricedLP, priced_lp
from sciencecity.allocation.schedule import Schedule
from sciencecity.allocation.timeindexed import build_columns

from .brute import brute_force
from .examples import problem
from .strategies import problems

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# One instrument open 4 shifts; A takes 3 (weight 3), B takes 2 (weight 2): only one fits, the optimum is 3.
# The time-indexed LP puts B half at shift 0 and half at shift 2 and A a quarter at 0 and 1: 3.5.
TWICE = problem(
    [
        {"id": "A", "shifts": 3, "instruments": ["I0"], "weight": 3},
        {"id": "B", "shifts": 2, "instruments": ["I0"], "weight": 2},
    ],
    shifts=4,
    instruments=1,
)


def _lp(problem: Problem) -> tuple[Calendar, PricedLP]:
    calendar = Calendar(problem)
    lp = priced_lp(
        calendar,
        calendar.placeable(),
        budgets=caps.budgets(problem.caps),
        warm=[],
        deadline=time.monotonic() + 30,
        threads=1,
        seed=0,
    )
    assert lp.optimal
    return calendar, lp


def _packing(problem: Problem) -> tuple[Calendar, PricedLP, PackingBound]:
    calendar, lp = _lp(problem)
    packed = packing_bound(
        calendar,
        calendar.placeable(),
        lp.columns,
        budgets=caps.budgets(problem.caps),
        request_prices=lp.request_prices,
        cap_prices=lp.cap_prices,
        warm=[],
        deadline=time.monotonic() + 30,
        threads=1,
        seed=0,
    )
    assert packed is not None
    return calendar, lp, packed


def test_the_packing_bound_is_tighter_where_the_time_indexed_lp_packs_a_request_twice():
    _, lp, packed = _packing(TWICE)
    assert lp.bound == pytest.approx(3.5)
    assert packed.bound == pytest.approx(3.0)
    assert packed.converged


@FAST
@given(problems(max_requests=4, max_shifts=10))
def test_the_packing_bound_and_reach_bound_every_schedule_and_never_exceed_the_lp(problem):
    calendar, lp, packed = _packing(problem)
    optimum = brute_force(problem)
    assert optimum - 1e-6 <= packed.bound <= lp.bound + 1e-6
    requests = calendar.placeable()
    cols = lp.columns
    for k in range(cols.request.size):
        instrument = problem.instruments[int(cols.instrument[k])].id
        forced = {requests[int(cols.request[k])].id: (instrument, int(cols.start[k]))}
        assert packed.reach[k] >= brute_force(problem, forced) - 1e-6, forced


def test_stretches_end_at_closed_shifts_and_hold_the_columns_inside_them():
    request = Request("A", 1, ("I0",), 1.0, 0, 5)
    closed = Problem("closed", 6, (Instrument("I0", ((2, 2),)),), (request,))  # shift 2 closed
    calendar = Calendar(closed)
    cols = build_columns(calendar, calendar.placeable())
    found = [(s.first, s.length, sorted(cols.start[s.columns].tolist())) for s in stretches(cols, calendar)]
    assert found == [(0, 2, [0, 1]), (3, 3, [3, 4, 5])]


@FAST
@given(problems(max_requests=6, max_shifts=12))
def test_the_schedule_of_the_packings_passes_the_check_and_serves_the_requests_it_must(problem):
    calendar, lp = _lp(problem)
    requests = calendar.placeable()
    if not requests:
        return
    schedule = Schedule(problem, calendar)
    schedule.try_first_fit(requests[0])
    warm = list(schedule.assignments())
    _, packings = tighten(
        lp,
        calendar,
        requests,
        budgets=caps.budgets(problem.caps),
        warm=warm,
        deadline=time.monotonic() + 30,
        threads=1,
        seed=0,
    )
    assert packings is not None
    served = [0] if warm else []
    found = packings.best_schedule(30, served=served)
    assert found is not None
    Schedule(problem, calendar).load(found)  # raises on an overlap, a closed shift or a cap exceeded
    if warm:
        assert requests[0].id in {a.request for a in found}


@pytest.mark.parametrize(("protected", "served"), [(frozenset(), {"A"}), (frozenset({"B"}), {"B"})])
def test_the_pack_stage_adopts_a_better_schedule_of_packings_and_keeps_what_is_protected(protected, served):
    calendar, lp = _lp(TWICE)
    schedule = Schedule(TWICE, calendar)
    schedule.place(TWICE.requests[1], "I0", 0)  # B, worth 2: A no longer fits
    tightened = pack(
        TWICE,
        calendar,
        schedule,
        calendar.placeable(),
        lp,
        protected=protected,
        bound_until=time.monotonic() + 30,
        schedule_for=lambda: 30.0,
        threads=1,
        seed=0,
    )
    assert tightened.bound == pytest.approx(3.0)
    assert set(schedule.placed) == served
