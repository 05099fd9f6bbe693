"""Where a signed-in person's work is: the pages of what they do, listed on their profile.

The apps above register their pages (in their `AppConfig.ready`), each with the test their own view applies,
so that a person is shown exactly the pages that open for them: their own proposals, bookings and sessions
for everyone; a queue or a dashboard only for whom its view lets in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from sciencecity.accounts.models import User


@dataclass(frozen=True)
class Workplace:
    label: str | Promise
    url: str


@dataclass(frozen=True)
class _Page:
    order: int
    label: str | Promise
    url_name: str
    opens_for: Callable[[User], bool] | None


_PAGES: dict[str, _Page] = {}
# Where each kind of page goes in the list: one's own first, then the staff's, then the agency's.
OWN, STAFF, AGENCY = 100, 200, 300


def register(
    label: str | Promise, url_name: str, *, order: int, opens_for: Callable[[User], bool] | None = None
) -> None:
    """List the page `url_name` for the people `opens_for` accepts (everyone signed in without one)."""
    _PAGES[url_name] = _Page(order, label, url_name, opens_for)


def workplaces_of(user: User) -> list[Workplace]:
    """The pages of the person's work, in their registered order."""
    pages = sorted(_PAGES.values(), key=lambda p: (p.order, p.url_name))
    return [
        Workplace(page.label, reverse(page.url_name))
        for page in pages
        if page.opens_for is None or page.opens_for(user)
    ]
