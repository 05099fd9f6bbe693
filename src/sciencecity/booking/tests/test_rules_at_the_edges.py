"""Each rule at its edge: the exact minute it starts to refuse, in the instrument's own time zone."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from sciencecity.booking import services
from sciencecity.booking.models import Booking
from sciencecity.booking.rules import Period
from sciencecity.booking.tests.conftest import NOW, SHANGHAI, WEEK, at

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def book(platform, start, end, *, who=None, now=NOW):
    return services.booking_create(
        actor=who or platform.erin, instrument=platform.cryo, start=start, end=end, now=now
    )


def refusal(platform, start, end, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        book(platform, start, end, **kwargs)
    return refused.value.message_dict


def test_a_booking_starts_and_ends_on_the_slot_steps(platform):
    assert "start" in refusal(platform, at(0, 9, 10), at(0, 10, 10))
    assert "end" in refusal(platform, at(0, 9), at(0, 10, 15))
    assert book(platform, at(0, 9, 30), at(0, 10, 30)).minutes == 60


def test_the_shortest_and_the_longest_booking_are_allowed_and_one_slot_beyond_is_not(platform):
    assert book(platform, at(0, 8), at(0, 9)).minutes == 60
    assert book(platform, at(1, 8), at(1, 16)).minutes == 480
    assert "end" in refusal(platform, at(2, 8), at(2, 8, 30))
    assert "end" in refusal(platform, at(2, 8), at(2, 16, 30))


def test_the_lead_time_refuses_a_start_one_minute_too_soon(platform):
    start = at(0, 10)
    assert "start" in refusal(platform, start, at(0, 11), now=start - dt.timedelta(minutes=119))
    assert book(platform, start, at(0, 11), now=start - dt.timedelta(minutes=120)).pk


def test_a_time_that_has_passed_is_refused_as_passed(platform):
    problems = refusal(platform, at(0, 10), at(0, 11), now=at(0, 12))
    assert problems["start"] == ["That time has passed."]


def test_a_booking_beyond_the_horizon_is_refused(platform):
    far = NOW + dt.timedelta(days=61)
    day = far.date() + dt.timedelta(days=(7 - far.weekday()) % 7)  # a Monday past 60 days
    start = dt.datetime.combine(day, dt.time(9), tzinfo=SHANGHAI)
    assert "start" in refusal(platform, start, start + dt.timedelta(hours=1))


def test_a_booking_fills_the_opening_hours_exactly_but_not_a_slot_beyond(platform):
    assert book(platform, at(0, 8), at(0, 12)).pk
    assert book(platform, at(0, 16), at(0, 20)).pk
    assert "start" in refusal(platform, at(1, 7, 30), at(1, 9))
    assert "start" in refusal(platform, at(1, 19), at(1, 20, 30))
    assert "start" in refusal(platform, at(5, 9), at(5, 10))  # a Saturday: closed


def test_a_booking_may_span_midnight_only_where_the_opening_hours_meet(platform):
    services.booking_rule_update(
        actor=platform.scientist,
        instrument=platform.cryo,
        changes={"weekly_hours": None},
        periods=[
            Period(0, dt.time(8), dt.time(0)),
            Period(1, dt.time(0), dt.time(6)),
            Period(2, dt.time(8), dt.time(20)),
        ],
    )
    assert book(platform, at(0, 22), at(1, 2)).minutes == 240  # Monday 22:00 to Tuesday 02:00
    assert "start" in refusal(platform, at(1, 4), at(1, 8))  # Tuesday 06:00-08:00 is closed


def test_a_booking_may_touch_a_blackout_but_not_enter_it(platform):
    services.booking_rule_update(
        actor=platform.scientist,
        instrument=platform.cryo,
        changes={},
        blackouts=[services.BlackoutInput(start=at(0, 12), end=at(0, 14), reason_en="Cryogen refill")],
    )
    assert book(platform, at(0, 10), at(0, 12)).pk  # ends as it starts
    assert book(platform, at(0, 14), at(0, 15)).pk  # starts as it ends
    problems = refusal(platform, at(0, 13, 30), at(0, 14, 30), who=platform.frank)
    assert any("Cryogen refill" in p for p in problems["start"])


def test_the_weekly_quota_allows_exactly_its_hours_and_refuses_one_slot_more(platform):
    book(platform, at(0, 8), at(0, 16))
    book(platform, at(1, 8), at(1, 12))  # 12 h in the week: the quota
    problems = refusal(platform, at(2, 8), at(2, 9))
    assert problems == {"end": [problems["end"][0]]} and "13 h" in problems["end"][0]
    assert "the quota is 12 h" in problems["end"][0]
    assert book(platform, at(2, 8), at(2, 9), who=platform.frank).pk  # each user has their own quota


def test_a_cancelled_booking_no_longer_counts_against_the_quota(platform):
    first = book(platform, at(0, 8), at(0, 16))
    book(platform, at(1, 8), at(1, 12))
    services.booking_cancel(actor=platform.erin, booking=first, now=NOW)
    assert book(platform, at(2, 8), at(2, 16)).pk


def test_a_booking_across_the_week_boundary_counts_in_each_week_for_its_own_hours(platform):
    services.booking_rule_update(
        actor=platform.scientist,
        instrument=platform.cryo,
        changes={"weekly_hours": 4, "max_minutes": 480},
        periods=[],
    )
    book(platform, at(-1, 21), at(0, 0))  # Sunday 21:00 to midnight: 3 h in the week before
    book(platform, at(0, 0), at(0, 3))  # Monday 00:00-03:00: 3 h in WEEK
    problems = refusal(platform, at(-1, 1), at(-1, 3))  # 2 h more on that Sunday
    assert any(str(WEEK - dt.timedelta(days=7)) in p for p in problems["end"])
    over = refusal(platform, at(6, 22), at(7, 1))  # Sunday 22:00 of WEEK to Monday 01:00: 2 h + 1 h
    assert any(str(WEEK) in p for p in over["end"]) and not any(
        str(WEEK + dt.timedelta(days=7)) in p for p in over["end"]
    )
    assert book(platform, at(6, 23), at(7, 1)).minutes == 120  # 1 h in WEEK (4 in all), 1 h in the next


def test_the_quota_week_is_the_instruments_local_week_not_utc(platform):
    services.booking_rule_update(
        actor=platform.scientist, instrument=platform.cryo, changes={"weekly_hours": 2}, periods=[]
    )
    # Monday 00:00-02:00 in Shanghai is Sunday 16:00-18:00 UTC: still WEEK on the instrument's clock.
    book(platform, at(0, 0), at(0, 2))
    problems = refusal(platform, at(1, 0), at(1, 1))
    assert any(str(WEEK) in p for p in problems["end"])
    assert book(platform, at(-1, 22), at(-1, 23)).pk  # the Sunday before is another week


def test_across_a_daylight_saving_change_the_rules_follow_the_instruments_wall_clock(platform):
    """A Berlin instrument opens 08:00-20:00: 07:00 UTC before the clocks go forward, 06:00 UTC after."""
    services.booking_rule_update(
        actor=platform.scientist,
        instrument=platform.cryo,
        changes={"time_zone": "Europe/Berlin", "weekly_hours": None, "slot_minutes": 60, "min_minutes": 60},
        periods=[Period(day, dt.time(8), dt.time(20)) for day in range(7)],
    )
    now = dt.datetime(2027, 3, 20, tzinfo=dt.UTC)
    before, after = dt.date(2027, 3, 27), dt.date(2027, 3, 29)  # the clocks go forward on 28 March
    utc = dt.UTC
    assert book(
        platform,
        dt.datetime.combine(before, dt.time(7), utc),
        dt.datetime.combine(before, dt.time(9), utc),
        now=now,
    ).pk
    assert book(
        platform,
        dt.datetime.combine(after, dt.time(6), utc),
        dt.datetime.combine(after, dt.time(8), utc),
        now=now,
    ).pk
    # 06:00 UTC, open after the change, is 07:00 in Berlin before it: closed then.
    early = refusal(
        platform,
        dt.datetime.combine(before, dt.time(6), utc),
        dt.datetime.combine(before, dt.time(7), utc),
        now=now,
    )
    assert "start" in early
    # The night of the change is 23 h long; a booking spanning it is measured in real hours.
    services.booking_rule_update(actor=platform.scientist, instrument=platform.cryo, changes={}, periods=[])
    night = book(
        platform,
        dt.datetime(2027, 3, 28, 0, tzinfo=BERLIN),
        dt.datetime(2027, 3, 28, 4, tzinfo=BERLIN),
        now=now,
    )
    assert night.minutes == 180


def test_a_foreign_users_offset_names_the_same_instant_before_and_after_their_clocks_change(platform):
    """Erin in Berlin books the Shanghai instrument 09:00-10:00 on both sides of Berlin's change: her
    offsets differ (+01:00, then +02:00), the instrument's wall clock and the rules do not."""
    before = dt.datetime(2027, 3, 26, 2, tzinfo=BERLIN)  # Friday 09:00 in Shanghai (UTC+1 in Berlin)
    after = dt.datetime(2027, 3, 29, 3, tzinfo=BERLIN)  # Monday 09:00 in Shanghai (UTC+2 in Berlin)
    now = dt.datetime(2027, 3, 20, tzinfo=SHANGHAI)
    for start in (before, after):
        booking = book(platform, start, start + dt.timedelta(hours=1), now=now)
        local = booking.start.astimezone(SHANGHAI)
        assert (local.hour, local.minute) == (9, 0)
    stored = list(Booking.objects.order_by("start").values_list("start", flat=True))
    assert [s.astimezone(dt.UTC).hour for s in stored] == [1, 1]


def test_a_booking_spanning_centuries_is_refused_for_its_length_without_walking_its_days(
    platform, monkeypatch
):
    """Found by the fuzzer: the opening hours and the quota are read day by day and week by week, so they
    are only read for a time the length and horizon rules already bound."""
    from sciencecity.booking import rules

    def walked(*args, **kwargs):
        raise AssertionError("the opening hours were read for an unbounded time")

    monkeypatch.setattr(rules, "within_opening_hours", walked)
    monkeypatch.setattr(rules, "weeks_touched", walked)
    assert any(
        "at most 480 minutes" in p
        for p in refusal(platform, at(0, 9), at(0, 9) + dt.timedelta(days=50_000))["end"]
    )
    # The end of the calendar itself (an instant the API accepts) is refused before any arithmetic on it.
    assert "end" in refusal(platform, at(0, 9), dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC))
