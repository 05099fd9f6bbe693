"""Amounts of money written for people, in the reader's language: "1.2 billion CNY", "12亿元"."""

from __future__ import annotations

from decimal import Decimal

_EN_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))
_ZH_SCALES = ((10**12, "万亿"), (10**8, "亿"), (10**4, "万"))


def _short(amount: int, scale: int) -> tuple[str, bool]:
    """amount / scale with at most two decimals, and whether that is exact."""
    exact = Decimal(amount) / Decimal(scale)
    rounded = exact.quantize(Decimal("0.01"))
    text = f"{rounded:f}".rstrip("0").rstrip(".")
    return text, rounded == exact


def format_cny(amount: int, language: str | None) -> str:
    """1200000000 -> "1.2 billion CNY" in English, "12亿元" in Chinese; rounded amounts say "about"."""
    chinese = (language or "en").lower().startswith("zh")
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    for scale, word in _ZH_SCALES if chinese else _EN_SCALES:
        if amount >= scale:
            number, exact = _short(amount, scale)
            if chinese:
                return f"{'' if exact else '约'}{sign}{number}{word}元"
            return f"{'' if exact else 'about '}{sign}{number} {word} CNY"
    return f"{sign}{amount}元" if chinese else f"{sign}{amount:,} CNY"
