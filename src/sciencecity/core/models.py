"""Base models shared by every domain app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def in_current_language(obj: object, field: str) -> str:
    """`obj.<field>_zh` when Chinese is active and it is filled in, else `obj.<field>_en`."""
    language = (get_language() or "en").lower()
    if language.startswith("zh"):
        chinese = getattr(obj, f"{field}_zh", "")
        if chinese:
            return str(chinese)
    return str(getattr(obj, f"{field}_en", ""))
