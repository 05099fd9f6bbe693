"""The invariants the database keeps: one published run per cycle, blocks on shift boundaries."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sciencecity.scheduling import shifts
from sciencecity.scheduling.models import AllocationRun, CalendarBlock

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def run(call, **kw):
    return AllocationRun.objects.create(
        cycle=call.cycle, call=call, method="greedy", time_limit_s=5, problem={}, **kw
    )


def test_a_second_published_run_of_a_cycle_is_refused_by_the_database(call):
    run(call, status="done", published_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        run(call, status="done", published_at=timezone.now())
    run(call, status="done")  # unpublished runs are as many as wanted


def test_only_a_finished_run_can_be_published(call):
    with pytest.raises(IntegrityError), transaction.atomic():
        run(call, status="running", published_at=timezone.now())


def test_shift_numbers_and_instants_agree_in_the_cycles_time_zone(call):
    cycle = call.cycle  # 2026-09-01 .. 2027-01-31, 8-hour shifts, Asia/Shanghai
    assert shifts.shift_start(cycle, 0) == dt.datetime(2026, 9, 1, 0, tzinfo=SHANGHAI)
    assert shifts.shift_start(cycle, 4) == dt.datetime(2026, 9, 2, 8, tzinfo=SHANGHAI)
    assert shifts.shift_at(cycle, dt.datetime(2026, 9, 2, 0, 0, tzinfo=dt.UTC)) == 4  # 08:00 local
    assert shifts.shift_at(cycle, shifts.shift_start(cycle, cycle.shifts), end=True) == cycle.shifts
    with pytest.raises(ValueError, match="not a shift boundary"):
        shifts.shift_at(cycle, dt.datetime(2026, 9, 1, 9, tzinfo=SHANGHAI))
    with pytest.raises(ValueError, match="time zone"):
        shifts.shift_at(cycle, dt.datetime(2026, 9, 1, 8))  # noqa: DTZ001 - naive on purpose


def test_a_calendar_block_must_start_and_end_on_shift_boundaries_inside_the_cycle(call, beamlines):
    cycle = call.cycle
    block = CalendarBlock(
        cycle=cycle,
        instrument=beamlines[0],
        kind="maintenance",
        starts_at=dt.datetime(2026, 9, 8, 8, tzinfo=SHANGHAI),
        ends_at=dt.datetime(2026, 9, 9, 0, tzinfo=SHANGHAI),
    )
    block.full_clean()
    assert (block.first_shift, block.last_shift) == (22, 23)
    block.ends_at = dt.datetime(2026, 9, 8, 12, tzinfo=SHANGHAI)
    with pytest.raises(ValidationError, match="shift boundary"):
        block.full_clean()
    block.starts_at = dt.datetime(2027, 2, 1, 0, tzinfo=SHANGHAI)
    block.ends_at = dt.datetime(2027, 2, 2, 0, tzinfo=SHANGHAI)
    with pytest.raises(ValidationError):
        block.full_clean()
