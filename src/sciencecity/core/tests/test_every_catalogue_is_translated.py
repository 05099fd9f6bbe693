"""Every message of every Chinese catalogue is translated, and none is a guess that makemessages marked fuzzy
(Django skips a fuzzy entry, so the page would show the English)."""

import re
from pathlib import Path

import pytest

import sciencecity

CATALOGUES = sorted(Path(sciencecity.__file__).parent.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def untranslated(text: str) -> list[str]:
    """The `msgid` lines of the entries without a translation or with a fuzzy one (the header excepted)."""
    missing = []
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        starts = [n for n, line in enumerate(lines) if line.startswith("msgstr")]
        if not starts:
            continue
        msgid = next(line for line in lines if line.startswith("msgid "))
        if msgid == 'msgid ""' and not lines[lines.index(msgid) + 1].startswith('"'):
            continue  # the header
        translation = "".join(re.findall(r'"(.*)"', "\n".join(lines[starts[0] :])))
        if "#, fuzzy" in block or not translation:
            missing.append(msgid)
    return missing


def test_the_catalogues_are_found():
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_every_message_is_translated(catalogue: Path):
    assert untranslated(catalogue.read_text(encoding="utf-8")) == []


def test_an_empty_or_fuzzy_entry_is_found():
    assert untranslated('msgid "Open"\nmsgstr ""\n') == ['msgid "Open"']
    assert untranslated('#: a.py:1\n#, fuzzy\n#| msgid "Opens"\nmsgid "Open"\nmsgstr "开"\n') == [
        'msgid "Open"'
    ]
    assert untranslated('#, python-format\nmsgid "Open %(n)s"\nmsgstr "打开 %(n)s"\n') == []
    assert untranslated('msgid ""\n"Long "\n"text"\nmsgstr ""\n"长"\n"文"\n') == []
    assert untranslated('msgid ""\n"Long "\n"text"\nmsgstr ""\n') == ['msgid ""']
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    assert untranslated(header + '\nmsgid "A"\nmsgstr "甲"\n') == []
    assert untranslated('#~ msgid "Gone"\n#~ msgstr ""\n') == []
