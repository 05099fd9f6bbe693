"""Every public fact carries the URL(s) it was read in."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

SEPARATOR = " ; "
_url = URLValidator(schemes=["http", "https"])
_origins: dict[str, bool] = {}  # scheme://host[:port] → whether URLValidator accepts it
_ORIGINS_KEPT = 10_000


def split_sources(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def validate_sources(text: str) -> None:
    """At least one http(s) URL; several are separated by ';'."""
    urls = split_sources(text)
    if not urls:
        raise ValidationError(_("Give at least one source URL."))
    for url in urls:
        if not is_valid_url(url):
            raise ValidationError(_("%(url)s is not a valid http(s) URL"), params={"url": url})


def is_valid_url(url: str) -> bool:
    """What Django's URLValidator (http, https) answers, with its costly part worked out once per origin.

    An import of 150,000 instruments checks 150,000 source URLs at a few hundred hosts. When the URL is
    `origin/path`, the origin holding no `?` or `#`, the validator's verdict is its verdict on the origin
    (its host, port and user parts) and a path of no whitespace, within the length limit: the path is
    checked here, the origin's verdict remembered. Any other URL goes to the validator whole.
    """
    start = url.find("://")
    slash = url.find("/", start + 3) if start >= 0 else -1
    origin = url[:slash] if slash > 0 else ""
    if not origin or "?" in origin or "#" in origin:
        return _validator_accepts(url)
    if len(url) > _url.max_length or any(c.isspace() for c in url[slash:]):
        return False
    known = _origins.get(origin)
    if known is None:
        known = _validator_accepts(origin)
        if len(_origins) < _ORIGINS_KEPT:
            _origins[origin] = known
    return known


def _validator_accepts(url: str) -> bool:
    try:
        _url(url)
    except ValidationError:
        return False
    return True
