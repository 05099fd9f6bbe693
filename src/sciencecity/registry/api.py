"""Public read API of the innovation map: paginated, filterable lists and one detail endpoint each.

Lists answer 200 or 422 (an invalid filter, limit, offset or cursor); details answer 200 or 404 (no such
slug). Lists page by limit/offset (offset capped) or by cursor: each answer's `next` starts the next page.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.pagination import paginate

from sciencecity.core.api import INVALID_INPUT, NOT_FOUND, KeysetPagination
from sciencecity.registry import selectors
from sciencecity.registry.schemas import (
    AchievementCategory,
    AchievementDetail,
    AchievementFirstKind,
    AchievementOut,
    FacilityDetail,
    FacilityKind,
    FacilityOut,
    FacilityStatus,
    InstrumentAccessMode,
    InstrumentOut,
    OrganisationDetail,
    OrganisationKind,
    OrganisationOut,
)

router = Router(tags=["innovation map"])


@router.get("/facilities", response={200: list[FacilityOut], **INVALID_INPUT})
@paginate(KeysetPagination)
def list_facilities(
    request: HttpRequest,
    kind: FacilityKind | None = None,
    status: FacilityStatus | None = None,
    field: str | None = Query(None, max_length=80, description="field slug"),
):
    return selectors.facility_list(kind=kind, status=status, field=field)


@router.get("/facilities/{slug}", response={200: FacilityDetail, **NOT_FOUND})
def get_facility(
    request: HttpRequest, slug: str = Path(..., example="fac-ssrf", description="the facility's slug")
):
    return get_object_or_404(
        selectors.with_slug(
            selectors.facility_list()
            .defer(None)
            .prefetch_related("builders", "fields", "instruments__facility"),
            slug,
        )
    )


@router.get("/instruments", response={200: list[InstrumentOut], **INVALID_INPUT})
@paginate(KeysetPagination, total=selectors.instrument_total)
def list_instruments(
    request: HttpRequest,
    facility: str | None = Query(None, max_length=80, description="facility slug"),
    access_mode: InstrumentAccessMode | None = None,
    technique: str | None = Query(None, max_length=80, description="part of a technique's name"),
    name: str | None = Query(None, max_length=80, description="part of the name, in English or Chinese"),
):
    return selectors.instrument_list(
        facility=facility, access_mode=access_mode, technique=technique, name=name
    )


@router.get("/instruments/{slug}", response={200: InstrumentOut, **NOT_FOUND})
def get_instrument(
    request: HttpRequest, slug: str = Path(..., example="st-ssrf-bl19u2", description="the instrument's slug")
):
    return get_object_or_404(selectors.with_slug(selectors.instrument_list(), slug))


@router.get("/organisations", response={200: list[OrganisationOut], **INVALID_INPUT})
@paginate(KeysetPagination)
def list_organisations(
    request: HttpRequest,
    kind: OrganisationKind | None = None,
    region: str | None = Query(None, max_length=80),
):
    return selectors.organisation_list(kind=kind, region=region)


@router.get("/organisations/{slug}", response={200: OrganisationDetail, **NOT_FOUND})
def get_organisation(
    request: HttpRequest, slug: str = Path(..., example="org-tdli", description="the organisation's slug")
):
    return get_object_or_404(selectors.with_slug(selectors.organisation_list(), slug))


@router.get("/achievements", response={200: list[AchievementOut], **INVALID_INPUT})
@paginate(KeysetPagination)
def list_achievements(
    request: HttpRequest,
    category: AchievementCategory | None = None,
    year: int | None = Query(None, ge=1900, le=2100),
    first_kind: AchievementFirstKind | None = None,
    field: str | None = Query(None, max_length=80, description="field slug"),
):
    return selectors.achievement_list(category=category, year=year, first_kind=first_kind, field=field)


@router.get("/achievements/{slug}", response={200: AchievementDetail, **NOT_FOUND})
def get_achievement(
    request: HttpRequest, slug: str = Path(..., example="ach-uexplorer", description="the achievement's slug")
):
    return get_object_or_404(selectors.with_slug(selectors.achievement_list(), slug))
