"""Template helpers of the visit pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """mapping[key], or None: the courses a visitor lacks, looked up by the visitor's id."""
    return mapping.get(key) if mapping else None
