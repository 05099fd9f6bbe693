"""Public pages of the innovation map and the achievements exhibition. Thin: parse, select, render."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from sciencecity.accounting import selectors as accounting_selectors
from sciencecity.registry import selectors
from sciencecity.registry.models import Achievement, Facility, Instrument, Organisation
from sciencecity.showcase.forms import (
    AchievementFilterForm,
    FacilityFilterForm,
    InstrumentFilterForm,
    OrganisationFilterForm,
    SearchForm,
)


def _wants_fragment(request: HttpRequest) -> bool:
    """htmx swapping a part in: not a boosted link, nor restoring a page missing from its history cache."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request  # type: ignore[union-attr]


def _render(
    request: HttpRequest, template: str, context: dict, *, partial: str | None = None, status: int = 200
) -> HttpResponse:
    """Render the page, or only its named partial when htmx asks for a fragment.

    The answer differs by the htmx headers, so it says so in Vary: a cache must not hand the fragment to a
    browser that asked for the page, nor the page to htmx.
    """
    if partial and _wants_fragment(request):
        template = f"{template}#{partial}"
    response = render(request, template, context, status=status)
    if partial:
        patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request"))
    return response


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "showcase/home.html", selectors.home_page())


PAGE_SIZE = 50


class _CountedPaginator(Paginator):
    """A paginator told how many items the list holds (a count the selectors keep), so it does not count."""

    def __init__(self, items: QuerySet, per_page: int, count: int) -> None:
        super().__init__(items, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def _page(items: QuerySet, number: int | None, count: int) -> Page:
    """One page of a list of `count` items; a page past the end shows the last one."""
    return _CountedPaginator(items, PAGE_SIZE, count).get_page(number or 1)


@require_GET
def facility_list(request: HttpRequest) -> HttpResponse:
    chinese = (get_language() or "").startswith("zh")
    cities = [(city, zh if chinese and zh else city) for city, zh in selectors.facility_cities()]
    form = FacilityFilterForm(request.GET, cities=cities)
    valid = form.is_valid()
    filters = {k: v for k, v in form.cleaned_data.items() if k != "page"} if valid else {}
    if valid:
        page = _page(
            selectors.facility_rows(**filters),
            form.cleaned_data.get("page"),
            selectors.facility_count(**filters),
        )
    else:
        page = _page(Facility.objects.none(), None, 0)
    return _render(
        request,
        "showcase/facility_list.html",
        {"form": form, "page": page},
        partial="results",
        status=200 if valid else 400,
    )


@require_GET
def facility_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        facility = selectors.facility_detail(slug)
    except Facility.DoesNotExist as exc:
        raise Http404("No such facility") from exc
    form = InstrumentFilterForm(request.GET)
    valid = form.is_valid()
    filters = {k: v for k, v in form.cleaned_data.items() if k != "page"} if valid else {}
    if valid:
        instruments = selectors.facility_instruments(facility, **filters)
        count = selectors.facility_instrument_count(facility, **filters)
        page = _page(instruments, form.cleaned_data.get("page"), count)
    else:
        page = _page(Instrument.objects.none(), None, 0)
    prices = accounting_selectors.published_rates(page.object_list, timezone.localdate())
    for instrument in page.object_list:  # the page's cached rows, the same the template lists
        setattr(instrument, "published_rates", prices.get(instrument.pk, []))  # noqa: B010
    return _render(
        request,
        "showcase/facility_detail.html",
        {"facility": facility, "form": form, "page": page, "today": timezone.localdate()},
        partial="instruments",
        status=200 if valid else 400,
    )


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    valid = form.is_valid()
    organisations = selectors.organisation_list(**form.cleaned_data) if valid else Organisation.objects.none()
    return _render(
        request,
        "showcase/organisation_list.html",
        {"form": form, "organisations": organisations},
        partial="results",
        status=200 if valid else 400,
    )


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = selectors.organisation_detail(slug)
    except Organisation.DoesNotExist as exc:
        raise Http404("No such organisation") from exc
    return render(request, "showcase/organisation_detail.html", {"organisation": organisation})


@require_GET
def achievement_list(request: HttpRequest) -> HttpResponse:
    form = AchievementFilterForm(
        request.GET,
        years=selectors.achievement_years(),
        fields=[(f.slug, f.name) for f in selectors.field_list()],
    )
    valid = form.is_valid()
    achievements = list(selectors.achievement_list(**form.cleaned_data)) if valid else []
    timeline = [(year, list(items)) for year, items in groupby(achievements, key=lambda a: a.date.year)]
    by_category: dict[str, int] = defaultdict(int)
    for achievement in achievements:
        by_category[achievement.get_category_display()] += 1
    return _render(
        request,
        "showcase/achievement_list.html",
        {"form": form, "achievements": achievements, "timeline": timeline, "by_category": dict(by_category)},
        partial="results",
        status=200 if valid else 400,
    )


@require_GET
def achievement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        achievement = selectors.achievement_detail(slug)
    except Achievement.DoesNotExist as exc:
        raise Http404("No such achievement") from exc
    return render(request, "showcase/achievement_detail.html", {"achievement": achievement})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    valid = form.is_valid()
    results = (
        selectors.search(
            form.cleaned_data["q"],
            kind=form.cleaned_data["kind"] or None,
            page=form.cleaned_data["page"] or 1,
        )
        if valid
        else None
    )
    return _render(
        request,
        "showcase/search.html",
        {"form": form, "results": results, "shortened": form.shortened},
        partial="results",
        status=200 if results is not None else 400,
    )
