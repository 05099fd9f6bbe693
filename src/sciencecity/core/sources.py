"""Every public fact carries the URL(s) it was read in."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

SEPARATOR = " ; "
_url = URLValidator(schemes=["http", "https"])


def split_sources(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def validate_sources(text: str) -> None:
    """At least one http(s) URL; several are separated by ';'."""
    urls = split_sources(text)
    if not urls:
        raise ValidationError(_("Give at least one source URL."))
    for url in urls:
        try:
            _url(url)
        except ValidationError as exc:
            raise ValidationError(_("%(url)s is not a valid http(s) URL"), params={"url": url}) from exc
