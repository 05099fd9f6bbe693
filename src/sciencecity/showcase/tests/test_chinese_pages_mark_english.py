"""With Chinese chosen, record pages show Chinese; what stays English (a proper name, a record no one has
translated yet) is marked lang="en", so a screen reader reads it with an English voice."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from sciencecity.registry.models import Achievement, Facility, Organisation

# Three or more Latin words in a row: an English phrase, not a code ("BL16B1", "SAXS / WAXS") or a unit.
ENGLISH_PHRASE = re.compile(r"[A-Za-z][A-Za-z'\u2019.-]*(?:\s+[A-Za-z][A-Za-z'\u2019.-]*){2,}")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TextNodes(HTMLParser):
    """Each text node of a page with the language of its nearest element that declares one."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.nodes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.open.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        # <title> cannot hold markup; a record without Chinese shows its English name there unmarked.
        if data.strip() and not any(tag in {"script", "style", "title"} for tag, _ in self.open):
            language = next((lang for _, lang in reversed(self.open) if lang), None)
            self.nodes.append((" ".join(data.split()), language))


def unmarked_english(html: str) -> list[str]:
    parser = _TextNodes()
    parser.feed(html)
    return [text for text, lang in parser.nodes if lang != "en" and ENGLISH_PHRASE.search(text)]


def marked_english(html: str) -> list[str]:
    parser = _TextNodes()
    parser.feed(html)
    return [text for text, lang in parser.nodes if lang == "en"]


@pytest.fixture
def chinese(client):
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    return client


def test_the_checker_finds_an_unmarked_english_sentence_and_accepts_a_marked_one():
    page = (
        '<html lang="zh-hans"><p>上海光源 third-generation light source</p><p lang="en">As of May</p></html>'
    )
    assert unmarked_english(page) == ["上海光源 third-generation light source"]
    assert marked_english(page) == ["As of May"]


@pytest.mark.parametrize(
    "url", ["/facilities/fac-ssrf/", "/organisations/org-sari/", "/achievements/ach-uexplorer/"]
)
def test_a_record_page_in_chinese_shows_no_unmarked_english(chinese, demo_map, url):
    html = chinese.get(url).content.decode()
    assert '<html lang="zh-hans">' in html
    assert unmarked_english(html) == []


def test_the_ssrf_page_in_chinese_shows_its_facts_in_chinese(chinese, demo_map):
    html = chinese.get("/facilities/fac-ssrf/").content.decode()
    for text in (
        "第三代同步辐射光源",  # subtype
        "中国大陆第一台（高能）第三代同步辐射光源（国内首创）",  # firsts
        "浦东张江张衡路239号",  # location
        "储存环能量（GeV）",  # "Storage ring energy (GeV)"
        "首次出光",  # milestone "first light"
        "光源类型",  # "Source type"
        "弯铁",  # "bending magnet"
        "实验终端站：USAXS、微束 SAXS、工业应用",  # "End stations: USAXS, micro-SAXS, industrial application"
        "12亿元",  # the cost
        "2016 年 11 月至 2023 年 7 月建成 16 条光束线/线站",  # the project's note
        "截至 2018-11",  # About
    ):
        assert text in html, text
    # Codes stay as they are and are marked English where they stand alone.
    assert '<span class="tag"><span lang="en">SAXS</span></span>' in html


def test_every_record_page_in_chinese_shows_no_unmarked_english(chinese, demo_map):
    urls = [
        *(f.get_absolute_url() for f in Facility.objects.all()),
        *(o.get_absolute_url() for o in Organisation.objects.all()),
        *(a.get_absolute_url() for a in Achievement.objects.all()),
        "/",
        "/facilities/",
        "/organisations/",
        "/achievements/",
    ]
    found = {url: unmarked_english(chinese.get(url).content.decode()) for url in urls}
    assert {url: texts for url, texts in found.items() if texts} == {}


def test_english_left_untranslated_is_shown_and_marked_english(chinese, demo_map):
    Achievement.objects.filter(slug="ach-uexplorer").update(detail_zh="", title_zh="")
    html = chinese.get("/achievements/ach-uexplorer/").content.decode()
    assert '<h1><span lang="en">uEXPLORER total-body PET/CT</span></h1>' in html
    assert any(text.startswith("194 cm axial FOV") for text in marked_english(html))
    assert unmarked_english(html) == []


def test_the_english_pages_mark_nothing_but_chinese_names(client, demo_map):
    html = client.get("/facilities/fac-ssrf/").content.decode()
    assert '<html lang="en">' in html
    assert 'lang="en"' not in html.replace('<html lang="en">', "").replace('value="en" lang="en"', "")
    assert '<p class="subtitle" lang="zh-hans">上海光源</p>' in html
