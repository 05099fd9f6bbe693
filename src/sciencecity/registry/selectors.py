"""Reads on the innovation map: querysets with their related rows fetched in as few queries as possible."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import TypeVar

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from sciencecity.registry.models import (
    Achievement,
    AttributeLabel,
    Claim,
    Facility,
    Field,
    Instrument,
    Organisation,
    Project,
)

_M = TypeVar("_M", bound=Model)


def _can_match(*texts: str | None) -> bool:
    """No stored text holds a NUL and PostgreSQL refuses one in a query: such filters match nothing."""
    return not any(text and "\x00" in text for text in texts)


def with_slug(qs: QuerySet[_M], slug: str) -> QuerySet[_M]:
    """The rows of `qs` with this slug (none when it cannot exist), the same on SQLite and PostgreSQL."""
    return qs.filter(slug=slug) if _can_match(slug) else qs.none()


def field_list() -> QuerySet[Field]:
    return Field.objects.all()


def organisation_list(*, kind: str | None = None, region: str | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.prefetch_related("fields")
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region=region)
    return qs if _can_match(region) else qs.none()


def organisation_detail(slug: str) -> Organisation:
    return Organisation.objects.prefetch_related(
        "fields",
        "facilities_operated",
        "facilities_built",
        "instruments_owned__facility",
        Prefetch("projects", queryset=Project.objects.select_related("field", "facility")),
        Prefetch("achievements", queryset=Achievement.objects.order_by("-date")),
    ).get(slug=slug)


def facility_list(
    *, kind: str | None = None, status: str | None = None, field: str | None = None
) -> QuerySet[Facility]:
    qs = (
        Facility.objects.select_related("operator")
        .prefetch_related("fields")
        .annotate(instrument_count=Count("instruments", distinct=True))
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if field:
        qs = qs.filter(fields__slug=field)
    return qs if _can_match(field) else qs.none()


def facility_detail(slug: str) -> Facility:
    return (
        Facility.objects.select_related("operator")
        .prefetch_related(
            "builders",
            "fields",
            Prefetch("instruments", queryset=Instrument.objects.select_related("owner").order_by("code")),
            Prefetch("projects", queryset=Project.objects.select_related("organisation", "field")),
            Prefetch("achievements", queryset=Achievement.objects.order_by("-date")),
        )
        .get(slug=slug)
    )


def instrument_list(
    *, facility: str | None = None, access_mode: str | None = None, technique: str | None = None
) -> QuerySet[Instrument]:
    qs = Instrument.objects.select_related("facility", "owner")
    if facility:
        qs = qs.filter(facility__slug=facility)
    if access_mode:
        qs = qs.filter(access_mode=access_mode)
    if technique:
        qs = qs.filter(techniques__icontains=technique)
    return qs if _can_match(facility, technique) else qs.none()


def instrument_detail(slug: str) -> Instrument:
    return Instrument.objects.select_related("facility", "owner").get(slug=slug)


def achievement_list(
    *,
    category: str | None = None,
    year: int | None = None,
    first_kind: str | None = None,
    field: str | None = None,
) -> QuerySet[Achievement]:
    """Achievements as lists show them (title, date, category, first): their related rows are not fetched;
    `achievement_detail` fetches those."""
    qs = Achievement.objects.all()
    if category:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(date__year=year)
    if first_kind:
        qs = qs.filter(first_kind=first_kind)
    if field:
        qs = qs.filter(fields__slug=field)
    return qs if _can_match(field) else qs.none()


def achievement_detail(slug: str) -> Achievement:
    return Achievement.objects.prefetch_related("organisations", "facilities", "fields").get(slug=slug)


def achievement_years() -> list[int]:
    """The years that have achievements, newest first: one row per year (ordering only by the year, so
    that Meta.ordering adds no column to the DISTINCT)."""
    years = (
        Achievement.objects.annotate(year=ExtractYear("date"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return list(years)


def featured_firsts(limit: int = 6) -> QuerySet[Achievement]:
    return achievement_list().exclude(first_kind="none").order_by("first_kind", "-date")[:limit]


def claim_list() -> QuerySet[Claim]:
    return Claim.objects.all()


@dataclass(frozen=True)
class MapCounts:
    facilities: int
    instruments: int
    organisations: int
    achievements: int
    organisations_by_kind: list[tuple[str, int]]  # (label, count), labels in the active language
    facilities_by_status: list[tuple[str, int]]


def map_counts() -> MapCounts:
    by_kind = dict(Organisation.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    by_status = dict(
        Facility.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return MapCounts(
        facilities=Facility.objects.count(),
        instruments=Instrument.objects.count(),
        organisations=Organisation.objects.count(),
        achievements=Achievement.objects.count(),
        organisations_by_kind=[
            (str(label), by_kind[k]) for k, label in Organisation.Kind.choices if k in by_kind
        ],
        facilities_by_status=[
            (str(label), by_status[k]) for k, label in Facility.Status.choices if k in by_status
        ],
    )


# --- search across the map ---

_SEARCH_FIELDS: dict[type, tuple[str, ...]] = {
    Facility: ("code", "name_en", "name_zh", "subtype", "description_en", "description_zh", "location"),
    Instrument: ("code", "name_en", "name_zh", "techniques", "description_en", "description_zh"),
    Organisation: ("name_en", "name_zh", "role_en", "description_en", "description_zh", "location"),
    Achievement: ("title_en", "title_zh", "detail_en", "detail_zh", "firsts_en"),
    Field: ("name_en", "name_zh"),
}


@dataclass
class SearchResults:
    query: str
    facilities: list[Facility] = field(default_factory=list)
    instruments: list[Instrument] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    achievements: list[Achievement] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(
            len(group)
            for group in (
                self.facilities,
                self.instruments,
                self.organisations,
                self.achievements,
                self.fields,
            )
        )


def _contains_all_terms(fields: tuple[str, ...], query: str) -> Q:
    """Portable match: every word of the query appears in at least one of the fields."""
    terms = query.split()
    return reduce(
        lambda a, b: a & b, (reduce(or_, (Q(**{f"{f}__icontains": t}) for f in fields)) for t in terms)
    )


def _search(qs: QuerySet, fields: tuple[str, ...], query: str, limit: int) -> list:
    if connection.vendor == "postgresql":
        # Ranked English full-text search; Chinese has no word breaks for PostgreSQL's parser,
        # so a substring match on the same fields keeps Chinese queries working.
        vector = SearchVector(*fields, config="english")
        ts_query = SearchQuery(query, config="english", search_type="websearch")
        qs = (
            qs.annotate(document=vector, rank=SearchRank(vector, ts_query))
            .filter(Q(document=ts_query) | _contains_all_terms(fields, query))
            .order_by("-rank")
        )
    else:
        qs = qs.filter(_contains_all_terms(fields, query))
    return list(qs.distinct()[:limit])


def search(query: str, *, limit: int = 20) -> SearchResults:
    """Facilities, instruments, organisations, achievements and fields that match the query."""
    query = " ".join(query.split())[:200]
    results = SearchResults(query=query)
    if not query:
        return results
    results.facilities = _search(
        Facility.objects.select_related("operator"), _SEARCH_FIELDS[Facility], query, limit
    )
    results.instruments = _search(
        Instrument.objects.select_related("facility"), _SEARCH_FIELDS[Instrument], query, limit
    )
    results.organisations = _search(Organisation.objects.all(), _SEARCH_FIELDS[Organisation], query, limit)
    results.achievements = _search(Achievement.objects.all(), _SEARCH_FIELDS[Achievement], query, limit)
    results.fields = _search(Field.objects.all(), _SEARCH_FIELDS[Field], query, limit)
    return results


def attribute_labels() -> dict[str, AttributeLabel]:
    """Every attribute label on the map, by attribute name."""
    return {label.key: label for label in AttributeLabel.objects.all()}
