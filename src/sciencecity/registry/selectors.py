"""Reads on the innovation map: querysets with their related rows fetched in as few queries as possible."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language

from sciencecity.registry import readcache
from sciencecity.registry import search as search_text
from sciencecity.registry.models import (
    Achievement,
    AttributeLabel,
    Claim,
    Facility,
    Field,
    Instrument,
    Organisation,
    Project,
    Searchable,
)

_M = TypeVar("_M", bound=Model)
_S = TypeVar("_S", bound=Searchable)


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


FACILITY_ORDER = ("name_en", "id")
INSTRUMENT_ORDER = ("facility_id", "code")  # the unique index (facility, code): keyset pages walk it
# What a list of facilities (and their operators) neither shows nor serialises: read only on their pages.
LONG_TEXT = ("description_en", "description_zh", "search_name", "search_text")
INSTRUMENT_COLUMNS = (
    *("slug", "code", "name_en", "name_zh", "techniques", "access_mode", "status"),
    *("specs", "verification", "source"),
)
# What the list pages show of a facility and its operator (showcase/facility_list.html): a row reads these
# columns only, so that a page of 50 builds small instances and decodes no JSON it does not show.
FACILITY_ROW = (
    *("slug", "code", "name_en", "name_zh", "kind", "subtype", "subtype_zh", "status", "instrument_count"),
    *("operator__slug", "operator__name_en", "operator__name_zh"),
)
# What a facility's page shows of each of its instruments (showcase/facility_detail.html).
INSTRUMENT_ROW = (
    *("facility_id", "slug", "code", "techniques", "techniques_zh", "specs", "specs_zh", "access_mode"),
    *("status", "opened", "opened_precision", "source"),
)


def _substring(column: str, text: str, *also: str) -> Q:
    """Instruments whose column (or one of `also`) contains the text, found through an index.

    Latin text of three characters or more: pg_trgm GIN on PostgreSQL (Django's icontains there is
    UPPER(col) LIKE UPPER(...), and the index is on that expression), the trigram FTS5 table on SQLite.
    Chinese text: trigrams cannot find two characters, but the search index holds every bigram of every
    name and technique, so it narrows the rows to those that may contain the text, and LIKE confirms.
    """
    columns = (column, *also)
    contains = reduce(or_, (Q(**{f"{c}__icontains": text}) for c in columns))
    if search_text.is_chinese(text):
        terms = search_text.query_terms(text)
        if connection.vendor == "postgresql":
            names = search_text.postgres_query(terms, weight="A")
            where = "SELECT id FROM registry_instrument WHERE search_vector @@ %s::tsquery"
        else:
            names = "search_name : (" + search_text.sqlite_query(terms) + ")"
            where = "SELECT rowid FROM registry_instrument_fts WHERE registry_instrument_fts MATCH %s"
        return Q(pk__in=RawSQL(where, [names])) & contains  # noqa: S611 (constant SQL, the text a parameter)
    if connection.vendor == "sqlite" and len(text) >= 3:
        phrase = '"' + text.replace('"', '""') + '"'
        match = "{" + " ".join(columns) + "} : " + phrase if also else f"{column} : {phrase}"
        return Q(
            pk__in=RawSQL(
                "SELECT rowid FROM registry_instrument_trgm WHERE registry_instrument_trgm MATCH %s", [match]
            )
        )
    return contains


def facility_list(
    *,
    kind: str | None = None,
    status: str | None = None,
    field: str | None = None,
    city: str | None = None,
    technique: str | None = None,
    access_mode: str | None = None,
) -> QuerySet[Facility]:
    """Facilities by name, each with its stored instrument count and its operator (what lists show: their
    fields are not fetched); the instrument filters keep the facilities that have at least one matching
    instrument."""
    qs = (
        Facility.objects.select_related("operator")
        .defer(*LONG_TEXT, *(f"operator__{name}" for name in LONG_TEXT))
        .order_by(*FACILITY_ORDER)
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if field:
        qs = qs.filter(fields__slug=field)
    if city:
        qs = qs.filter(city=city)
    if technique or access_mode:
        qs = qs.filter(_offering(technique=technique, access_mode=access_mode, few_facilities=bool(city)))
    return qs if _can_match(field, city, technique) else qs.none()


def facility_rows(**filters: str | None) -> QuerySet[Facility]:
    """`facility_list` with only the columns a list page shows (`FACILITY_ROW`)."""
    return facility_list(**filters).only(*FACILITY_ROW)


def _offering(*, technique: str | None, access_mode: str | None, few_facilities: bool) -> Q:
    """Facilities with at least one instrument of this technique and access mode.

    Asked facility by facility (EXISTS over its instruments, through the (facility, code) index) when the
    other filters leave few facilities (a city holds ~1/30 of them) and always on PostgreSQL, whose planner
    turns EXISTS into whichever join the estimates favour (the trigram index when the technique is rare).
    SQLite's planner does not: without a narrowing filter the instruments come from the trigram index
    first, and their facilities are kept.
    """
    if few_facilities or connection.vendor == "postgresql":
        instruments = Instrument.objects.filter(facility=OuterRef("pk"))
        if technique:
            instruments = instruments.filter(techniques__icontains=technique)
        if access_mode:
            instruments = instruments.filter(access_mode=access_mode)
        return Q(Exists(instruments))
    return Q(pk__in=instrument_list(technique=technique, access_mode=access_mode).values("facility_id"))


def facility_count(**filters: str | None) -> int:
    """How many facilities `facility_list(**filters)` holds, counted once per registry generation."""
    key = tuple(sorted(filters.items()))
    return readcache.remembered("facility-count", key, lambda: facility_list(**filters).count())


def facility_cities() -> list[tuple[str, str]]:
    """The cities that have facilities, as (city, its Chinese name)."""

    def read() -> list[tuple[str, str]]:
        pairs = Facility.objects.order_by("city").values_list("city", "city_zh").distinct()
        return list(dict(pairs).items())

    return readcache.remembered("facility-cities", (), read)


def large_facilities(limit: int = 24) -> QuerySet[Facility]:
    """The large scientific facilities, most instruments first, with what the home page shows of them."""
    return (
        Facility.objects.filter(kind=Facility.Kind.LARGE_FACILITY)
        .only("slug", "name_en", "name_zh", "status", "instrument_count")
        .order_by("-instrument_count", "name_en")[:limit]
    )


def facility_detail(slug: str) -> Facility:
    """A facility with what its page shows of its operator, builders, fields, projects and achievements.

    Read once per registry generation. The facility's row says which of its four relations hold anything
    (most platforms list no builders, projects or achievements), and only those are fetched: a relation
    known to be empty is set to an empty result, which the page reads without a query."""

    def read() -> Facility:
        related = _facility_related()
        facility = (
            Facility.objects.select_related("operator")
            .annotate(**{f"has_{name}": Exists(rows) for name, (rows, _) in related.items()})
            .get(slug=slug)
        )
        held = {name: getattr(facility, f"has_{name}") for name in related}
        prefetch_related_objects([facility], *(lookup for name, (_, lookup) in related.items() if held[name]))
        empty = facility.__dict__.setdefault("_prefetched_objects_cache", {})
        for name in related:
            if not held[name]:
                empty[name] = getattr(facility, name).none()
        return facility

    return readcache.remembered("facility", slug, read)


def instrument_list(
    *,
    facility: str | None = None,
    access_mode: str | None = None,
    technique: str | None = None,
    name: str | None = None,
) -> QuerySet[Instrument]:
    """Instruments with the columns the API shows (registry/schemas.py `InstrumentOut`) and their facility's
    slug: a page of 50 reads no description, no owner and no facility's texts."""
    qs = (
        Instrument.objects.select_related("facility")
        .only(*INSTRUMENT_COLUMNS, "facility__slug")
        .order_by(*INSTRUMENT_ORDER)
    )
    if not _can_match(facility, technique, name):
        return qs.none()
    if facility:
        qs = qs.filter(facility__slug=facility)
    if access_mode:
        qs = qs.filter(access_mode=access_mode)
    if technique:
        qs = qs.filter(_substring("techniques", technique))
    if name:
        qs = qs.filter(_substring("name_en", name, "name_zh"))
    return qs


def instrument_total(qs: QuerySet[Instrument]) -> int | None:
    """How many instruments the list holds, when that is cheap: unfiltered, the sum of the facilities'
    stored counts (2,000 rows, not 150,000); filtered, None (counting would read every match)."""
    if qs.query.where:
        return None
    return Facility.objects.aggregate(n=Sum("instrument_count"))["n"] or 0


def facility_instruments(
    facility: Facility, *, technique: str | None = None, access_mode: str | None = None
) -> QuerySet[Instrument]:
    """One facility's instruments by code, with the columns its page shows (`INSTRUMENT_ROW`), a page at a
    time."""
    qs = Instrument.objects.filter(facility=facility).only(*INSTRUMENT_ROW).order_by("code")
    if access_mode:
        qs = qs.filter(access_mode=access_mode)
    if technique:
        qs = qs.filter(_substring("techniques", technique)) if _can_match(technique) else qs.none()
    return qs


def _facility_related() -> dict[str, tuple[QuerySet, str | Prefetch]]:
    """A facility page's relations: the rows that say whether the facility has any, and how to fetch them."""
    facility = OuterRef("pk")
    return {
        "builders": (Facility.builders.through.objects.filter(facility=facility), "builders"),
        "fields": (Facility.fields.through.objects.filter(facility=facility), "fields"),
        "projects": (
            Project.objects.filter(facility=facility),
            Prefetch("projects", queryset=Project.objects.select_related("organisation", "field")),
        ),
        "achievements": (
            Achievement.facilities.through.objects.filter(facility=facility),
            Prefetch("achievements", queryset=Achievement.objects.order_by("-date")),
        ),
    }


def facility_instrument_count(facility: Facility, **filters: str | None) -> int:
    """How many instruments `facility_instruments(facility, **filters)` holds: the facility's stored count
    when nothing filters them, else counted once per registry generation."""
    if not any(filters.values()):
        return facility.instrument_count
    key = (facility.pk, *sorted(filters.items()))
    return readcache.remembered(
        "facility-instrument-count", key, lambda: facility_instruments(facility, **filters).count()
    )


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


def home_page() -> dict[str, Any]:
    """What the home page shows: the map's figures, the featured firsts, the newest achievements, the large
    facilities and the claims; read once per registry generation and language (the figures' labels are in
    the reader's language)."""

    def read() -> dict[str, Any]:
        return {
            "counts": map_counts(),
            "firsts": list(featured_firsts()),
            "newest": list(achievement_list()[:6]),
            "facilities": list(large_facilities()),
            "claims": list(claim_list()),
        }

    return readcache.remembered("home", get_language(), read)


@dataclass(frozen=True)
class MapCounts:
    facilities: int
    instruments: int
    organisations: int
    achievements: int
    organisations_by_kind: list[tuple[str, int]]  # (label, count), labels in the active language
    facilities_by_status: list[tuple[str, int]]


def map_counts() -> MapCounts:
    """The home page's figures in three small queries: the totals are the sums of the groups."""
    by_kind = dict(
        Organisation.objects.order_by().values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    facility_groups = (
        Facility.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"), stations=Sum("instrument_count"))
        .values_list("status", "n", "stations")
    )
    by_status: dict[str, int] = {}
    instruments = 0
    for status, n, counted in facility_groups:
        by_status[status] = n
        instruments += counted or 0
    return MapCounts(
        facilities=sum(by_status.values()),
        instruments=instruments,
        organisations=sum(by_kind.values()),
        achievements=Achievement.objects.count(),
        organisations_by_kind=[
            (str(label), by_kind[k]) for k, label in Organisation.Kind.choices if k in by_kind
        ],
        facilities_by_status=[
            (str(label), by_status[k]) for k, label in Facility.Status.choices if k in by_status
        ],
    )


# --- search across the map ---

SEARCH_KINDS: dict[str, type[Searchable]] = {
    "facilities": Facility,
    "instruments": Instrument,
    "organisations": Organisation,
    "achievements": Achievement,
    "fields": Field,
}


@dataclass
class SearchResults:
    query: str
    facilities: list[Facility] = field(default_factory=list)
    instruments: list[Instrument] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    achievements: list[Achievement] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    # The kinds that have more matches than were fetched (the page links to the next page of that kind).
    more: set[str] = field(default_factory=set)
    kind: str | None = None  # one kind, a page at a time
    page: int = 1

    @property
    def total(self) -> int:
        return sum(len(getattr(self, kind)) for kind in SEARCH_KINDS)


def _ranked_ids(model: type[Searchable], terms: list[search_text.Term], limit: int, offset: int) -> list[int]:
    """The ids of the matching records, best first, read from the engine's own index (never a scan):
    PostgreSQL's GIN index on the generated tsvector, SQLite's FTS5 table (migration 0005)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id FROM {table} WHERE search_vector @@ %s::tsquery "  # noqa: S608 (table is ours)
                "ORDER BY ts_rank(search_vector, %s::tsquery) DESC, id LIMIT %s OFFSET %s",
                [search_text.postgres_query(terms)] * 2 + [limit, offset],
            )
        else:
            cursor.execute(
                f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s "  # noqa: S608 (table is ours)
                f"ORDER BY bm25({table}_fts, 10.0, 1.0), rowid LIMIT %s OFFSET %s",
                [search_text.sqlite_query(terms), limit, offset],
            )
        return [row[0] for row in cursor.fetchall()]


def search_kind(
    model: type[_S], query: str, *, limit: int = 20, offset: int = 0, qs: QuerySet[_S] | None = None
) -> tuple[list[_S], bool]:
    """One kind's matches for the query, best first, and whether more follow."""
    terms = search_text.query_terms(query)
    if not terms:
        return [], False
    ids = _ranked_ids(model, terms, limit + 1, offset)
    found = (qs if qs is not None else model._default_manager.all()).in_bulk(ids[:limit])
    return [found[i] for i in ids[:limit] if i in found], len(ids) > limit


def _kind_queryset(kind: str) -> QuerySet:
    """Each kind's results with what the search page shows of them (their names and links)."""
    if kind == "facilities":
        return Facility.objects.only("slug", "name_en", "name_zh")
    if kind == "instruments":
        return Instrument.objects.select_related("facility").only(
            "slug", "code", "techniques", "techniques_zh", "facility__slug", "facility__code"
        )
    return SEARCH_KINDS[kind]._default_manager.defer("search_name", "search_text")


def search(query: str, *, limit: int = 20, kind: str | None = None, page: int = 1) -> SearchResults:
    """Facilities, instruments, organisations, achievements and fields that match the query, ranked (a
    match in a name before one in a description); `limit` of each kind, or page `page` of one kind."""
    query = " ".join(query.split())[:200]
    if not query or not _can_match(query):
        return SearchResults(query=query, kind=kind, page=page)
    # Ranking reads every match (a two-character Chinese query matches thousands of instruments): the
    # results are kept per registry generation.
    return readcache.remembered(
        "search", (query, kind, page, limit), lambda: _search(query, limit, kind, page)
    )


def _search(query: str, limit: int, kind: str | None, page: int) -> SearchResults:
    results = SearchResults(query=query, kind=kind, page=page)
    for name, model in SEARCH_KINDS.items():
        if kind and name != kind:
            continue
        offset = (page - 1) * limit if kind else 0
        records, more = search_kind(model, query, limit=limit, offset=offset, qs=_kind_queryset(name))
        setattr(results, name, records)
        if more:
            results.more.add(name)
    return results


def attribute_labels() -> dict[str, AttributeLabel]:
    """Every attribute label on the map, by attribute name (read once per registry generation)."""
    return readcache.remembered(
        "attribute-labels", (), lambda: {label.key: label for label in AttributeLabel.objects.all()}
    )
