"""Text in the reader's language, marked with its own language when it is not the page's.

A record's Chinese text is shown when Chinese is active and it is filled in; otherwise the English text is
shown inside `<span lang="en">`, so that a screen reader reads it with an English voice (WCAG 3.1.2).
"""

from __future__ import annotations

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

ENGLISH = "en"
CHINESE = "zh-hans"


def page_language() -> str:
    return CHINESE if (get_language() or ENGLISH).lower().startswith("zh") else ENGLISH


def pick(english: object, chinese: object, page: str | None = None) -> tuple[str, str]:
    """The text to show and its language: Chinese when it is active and given, else English.

    `page` is the page's language when the caller knows it (lists ask once, not once per cell)."""
    english_text = "" if english is None else str(english)
    chinese_text = "" if chinese is None else str(chinese)
    if chinese_text and (page or page_language()) == CHINESE:
        return chinese_text, CHINESE
    if english_text:
        return english_text, ENGLISH
    return chinese_text, CHINESE


def marked(text: str, language: str, page: str | None = None) -> SafeString:
    """Escaped text; wrapped in a span with its language when that is not the page's language."""
    if not text:
        return SafeString("")
    if language == (page or page_language()):
        return SafeString(conditional_escape(text))
    return format_html('<span lang="{}">{}</span>', language, text)


def localized(english: object, chinese: object) -> SafeString:
    page = page_language()
    return marked(*pick(english, chinese, page), page)


def localized_field(record: object, field: str) -> SafeString:
    """`record.<field>_zh` or `record.<field>_en` (or `record.<field>` when the English has no suffix)."""
    english = getattr(record, f"{field}_en", None)
    if english is None:
        english = getattr(record, field, "")
    return localized(english, getattr(record, f"{field}_zh", ""))
