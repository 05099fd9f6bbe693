"""With Chinese chosen, the booking pages are in Chinese; record text left in English is marked lang="en"."""

from __future__ import annotations

import pytest
from django.test import Client

from sciencecity.booking import services
from sciencecity.booking.tests.conftest import Platform, build_platform, coming_monday, on
from sciencecity.showcase.tests.test_chinese_pages_mark_english import unmarked_english


@pytest.fixture
def platform(db: None) -> Platform:
    scene = build_platform()
    day = coming_monday()
    services.booking_rule_update(
        actor=scene.scientist, instrument=scene.cryo, changes={"approval_required": True}
    )
    services.booking_create(actor=scene.erin, instrument=scene.cryo, start=on(day, 9), end=on(day, 11))
    services.booking_create(actor=scene.frank, instrument=scene.cryo, start=on(day, 14), end=on(day, 15))
    return scene


def _chinese(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    return client


@pytest.mark.parametrize(
    "who, path, words",
    [
        (
            "erin",
            "/instruments/ins-bk-cryo/booking/?date={day}",
            ["预约日历", "您的", "空闲", "已占用", "规则"],
        ),
        ("erin", "/instruments/ins-bk-cryo/booking/?view=day&date={day}", ["前一天", "周视图"]),
        ("erin", "/instruments/ins-bk-cryo/booking/book/?start={start}", ["预约时段", "时长"]),
        ("erin", "/booking/mine/", ["我的预约", "待审批", "取消"]),
        ("scientist", "/booking/queue/", ["预约审批队列", "批准", "拒绝"]),
        (
            "scientist",
            "/instruments/ins-bk-cryo/booking/rules/",
            ["预约规则", "开放时间", "停机时段", "保存"],
        ),
    ],
)
def test_a_booking_page_in_chinese_shows_no_unmarked_english(platform: Platform, who, path, words) -> None:
    from urllib.parse import quote

    day = coming_monday()
    html = (
        _chinese(getattr(platform, who))
        .get(path.format(day=day, start=quote(on(day, 16).isoformat())))
        .content.decode()
    )
    assert '<html lang="zh-hans">' in html
    for word in words:
        assert word in html, word
    assert unmarked_english(html) == []
