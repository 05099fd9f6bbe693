"""With Chinese chosen, the training pages are in Chinese; record text left in English is marked lang="en"."""

from __future__ import annotations

import pytest
from django.test import Client

from sciencecity.showcase.tests.test_chinese_pages_mark_english import unmarked_english
from sciencecity.visits import services
from sciencecity.visits.tests.conftest import Platform, build_platform


@pytest.fixture
def platform(db: None) -> Platform:
    return build_platform()


def _chinese(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    return client


def test_the_qualifications_page_in_chinese_shows_no_unmarked_english(platform: Platform) -> None:
    services.training_record_create(
        actor=platform.scientist,
        user=platform.user,
        course=platform.cryo_course,
        completed_at=platform.cryo_course.created_at,
    )
    html = _chinese(platform.user).get("/training/", {"instrument": "ins-nmr"}).content.decode()
    assert "我的资质" in html and "我已具备" in html
    assert unmarked_english(html) == []


def test_the_staff_page_in_chinese_shows_no_unmarked_english(platform: Platform) -> None:
    html = _chinese(platform.manager).get("/training/staff/").content.decode()
    assert "培训记录" in html and "导入 CSV 文件" in html
    assert unmarked_english(html) == []
