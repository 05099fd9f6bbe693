"""Dates known to a year, a month or a day ("2017", "2017-10", "2017-10-24"), as sources give them."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """Return the first day the text can mean and its precision; ValidationError if it is no date."""
    match = _PATTERN.match(str(text).strip())
    if not match:
        raise ValidationError(
            _("%(value)s is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"), params={"value": text}
        )
    year, month, day = match.groups()
    try:
        value = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValidationError(_("%(value)s is not a valid date"), params={"value": text}) from exc
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return value, precision.value


def format_partial_date(value: dt.date | None, precision: str) -> str:
    """The date written to the precision it is known to: 2017, 2017-10 or 2017-10-24."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
