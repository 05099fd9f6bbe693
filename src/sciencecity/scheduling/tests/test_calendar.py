"""The machine calendar: blocks on shift boundaries become the problem's down ranges; a typical calendar
leaves each instrument exactly the user shifts the cycle offers it."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from sciencecity.allocation import problem_from_dict
from sciencecity.core.errors import PermissionDenied
from sciencecity.scheduling import services
from sciencecity.scheduling.models import CalendarBlock
from sciencecity.scheduling.problem import calendar_down, frozen_problem, merged

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day, hour=0):
    return dt.datetime(2026, 9, day, hour, tzinfo=SHANGHAI)


def test_blocks_of_an_instrument_and_of_the_whole_facility_become_its_down_ranges(decided):
    cycle, (bl01, bl02, _bl03) = decided.call.cycle, decided.beamlines
    services.calendar_block_save(
        actor=decided.officer,
        cycle=cycle,
        kind="maintenance",
        starts_at=at(2, 8),
        ends_at=at(2, 16),
        instrument=bl01,
    )
    services.calendar_block_save(
        actor=decided.officer, cycle=cycle, kind="machine_development", starts_at=at(2), ends_at=at(3)
    )
    down = calendar_down(cycle)
    assert down is not None
    assert down[bl01.slug] == [[3, 5]] and down[bl02.slug] == [[3, 5]]  # merged with the facility's day
    problem = frozen_problem(decided.call).problem
    assert {i["id"]: i["down"] for i in problem["instruments"]} == {bl01.slug: [[3, 5]], bl02.slug: [[3, 5]]}
    problem_from_dict(problem)


def test_a_cycle_without_a_calendar_keeps_the_weekly_stand_in(decided):
    assert calendar_down(decided.call.cycle) is None
    problem = frozen_problem(decided.call).problem
    assert all(i["down"] for i in problem["instruments"])  # 300 of 459 shifts offered: closed weekly blocks


def test_ranges_are_merged_when_they_overlap_or_touch():
    assert merged([(5, 6), (0, 2), (3, 3), (10, 12), (11, 11)]) == [[0, 3], [5, 6], [10, 12]]


def test_a_block_off_the_shift_grid_or_outside_the_cycle_is_refused_and_nothing_is_saved(decided):
    cycle = decided.call.cycle
    for starts_at, ends_at in (
        (at(2, 9), at(2, 16)),
        (at(2, 8), at(2, 8)),
        (at(1) - dt.timedelta(days=1), at(1)),
    ):
        with pytest.raises(ValidationError):
            services.calendar_block_save(
                actor=decided.officer, cycle=cycle, kind="shutdown", starts_at=starts_at, ends_at=ends_at
            )
    with pytest.raises(ValidationError):
        services.calendar_block_save(
            actor=decided.officer, cycle=cycle, kind="holiday", starts_at=at(2), ends_at=at(3)
        )
    assert not CalendarBlock.objects.exists()


def test_only_the_facilitys_user_office_edits_its_calendar(decided, other_officer):
    with pytest.raises(PermissionDenied):
        services.calendar_block_save(
            actor=other_officer, cycle=decided.call.cycle, kind="shutdown", starts_at=at(2), ends_at=at(3)
        )


def test_the_typical_calendar_leaves_each_instrument_its_offered_user_shifts_in_long_runs(decided):
    cycle = decided.call.cycle
    blocks = services.calendar_fill_typical(actor=decided.officer, cycle=cycle)
    kinds = {b.kind for b in blocks}
    assert kinds == {"shutdown", "machine_development", "maintenance", "in_house"}
    down = calendar_down(cycle)
    assert down is not None
    for offer in cycle.offers.select_related("instrument"):
        closed = sum(b - a + 1 for a, b in down[offer.instrument.slug])
        assert cycle.shifts - closed == offer.shifts  # 300 user shifts of 459
    mondays = [b for b in blocks if b.kind == "machine_development"]
    assert all(b.starts_at.astimezone(SHANGHAI).weekday() == 0 for b in mondays)
    assert blocks[0].kind == "shutdown" and blocks[0].first_shift == 0 and blocks[0].last_shift == 14 * 3 - 1
