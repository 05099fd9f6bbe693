"""Why a request got no time, in sentences a proposer understands, in English and in Chinese."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import translation

from sciencecity.scheduling.reasons import either, refusal_reason, unscheduled_reason


@dataclass
class Cycle:
    starts_on: dt.date = dt.date(2026, 3, 1)
    ends_on: dt.date = dt.date(2026, 8, 31)
    shift_hours: int = 8
    time_zone: str = "Asia/Shanghai"

    @property
    def shifts(self) -> int:
        return 184 * 3


CODES = {"ins-bl19u2": "BL19U2", "ins-bl17b1": "BL17B1"}
# 1 Mar + 0 days .. 20 Apr (day 50): shifts 0 .. 152
REQUEST = {
    "shifts": 9,
    "instruments": ["ins-bl19u2", "ins-bl17b1"],
    "earliest": 0,
    "latest": 152,
    "blocked": [[30, 35]],
}


def test_no_feasible_start_names_the_block_length_window_and_instruments():
    text = unscheduled_reason("no_feasible_start", REQUEST, Cycle(), CODES)
    assert text == (
        "No free 9-shift block between 1 Mar and 20 Apr on BL19U2 or BL17B1 outside your blocked dates."
    )
    without_blocked = unscheduled_reason("no_feasible_start", {**REQUEST, "blocked": []}, Cycle(), CODES)
    assert "machine calendar" in without_blocked and "blocked" not in without_blocked


def test_displaced_and_caps_read_as_the_issue_says():
    assert unscheduled_reason("displaced", REQUEST, Cycle(), CODES).startswith(
        "Displaced by higher-ranked requests"
    )
    assert unscheduled_reason("cap:route:industry", REQUEST, Cycle(), CODES).startswith(
        "Industry share cap reached"
    )
    assert "org:ECNU" in unscheduled_reason("cap:org:ECNU", REQUEST, Cycle(), CODES)


def test_the_same_reasons_in_chinese():
    with translation.override("zh-hans"):
        text = unscheduled_reason("no_feasible_start", REQUEST, Cycle(), CODES)
        assert text == "在3月1日至4月20日之间，BL19U2或BL17B1上没有避开您不便日期的连续9个空闲班次。"
        assert unscheduled_reason("displaced", REQUEST, Cycle(), CODES).startswith("被排名更高的申请挤占")
        assert unscheduled_reason("cap:route:industry", REQUEST, Cycle(), CODES).startswith(
            "已达到产业用户份额上限"
        )
        assert either(["A", "B", "C"]) == "A、B或C"


@pytest.mark.parametrize(
    ("code", "detail", "span", "expected"),
    [
        ("overlap", "P-1-R1", (3, 5), "P-1-R1 already holds the instrument from 2 Mar 00:00 to 3 Mar 00:00."),
        (
            "down",
            "3..5",
            (3, 5),
            "The instrument is closed from 2 Mar 00:00 to 3 Mar 00:00 (machine calendar).",
        ),
        ("blocked", "0..2", (0, 2), "The team cannot come from 1 Mar 00:00 to 2 Mar 00:00."),
        (
            "cap",
            "route:industry",
            None,
            "Industry share cap reached: no more proprietary industry time this cycle.",
        ),
        ("not_its_instrument", "ins-bl19u2", None, "The request did not ask for BL19U2."),
    ],
)
def test_a_refused_move_says_what_is_in_the_way(code, detail, span, expected):
    assert refusal_reason(code, detail, Cycle(), CODES, span) == expected
