"""Public read API of the innovation map: paginated, filterable lists and one detail endpoint each."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from sciencecity.registry import selectors
from sciencecity.registry.models import Achievement, Facility, FirstKind, Instrument, Organisation
from sciencecity.registry.schemas import (
    AchievementDetail,
    AchievementOut,
    FacilityDetail,
    FacilityOut,
    InstrumentOut,
    OrganisationDetail,
    OrganisationOut,
)

router = Router(tags=["innovation map"])


@router.get("/facilities", response=list[FacilityOut])
@paginate(LimitOffsetPagination)
def list_facilities(
    request: HttpRequest,
    kind: Facility.Kind | None = None,
    status: Facility.Status | None = None,
    field: str | None = Query(None, max_length=80, description="field slug"),
):
    return selectors.facility_list(kind=kind, status=status, field=field)


@router.get("/facilities/{slug}", response=FacilityDetail)
def get_facility(request: HttpRequest, slug: str):
    return get_object_or_404(selectors.facility_list().prefetch_related("instruments__facility"), slug=slug)


@router.get("/instruments", response=list[InstrumentOut])
@paginate(LimitOffsetPagination)
def list_instruments(
    request: HttpRequest,
    facility: str | None = Query(None, max_length=80, description="facility slug"),
    access_mode: Instrument.AccessMode | None = None,
    technique: str | None = Query(None, max_length=80, description="part of a technique's name"),
):
    return selectors.instrument_list(facility=facility, access_mode=access_mode, technique=technique)


@router.get("/instruments/{slug}", response=InstrumentOut)
def get_instrument(request: HttpRequest, slug: str):
    return get_object_or_404(selectors.instrument_list(), slug=slug)


@router.get("/organisations", response=list[OrganisationOut])
@paginate(LimitOffsetPagination)
def list_organisations(
    request: HttpRequest,
    kind: Organisation.Kind | None = None,
    region: str | None = Query(None, max_length=80),
):
    return selectors.organisation_list(kind=kind, region=region)


@router.get("/organisations/{slug}", response=OrganisationDetail)
def get_organisation(request: HttpRequest, slug: str):
    return get_object_or_404(selectors.organisation_list(), slug=slug)


@router.get("/achievements", response=list[AchievementOut])
@paginate(LimitOffsetPagination)
def list_achievements(
    request: HttpRequest,
    category: Achievement.Category | None = None,
    year: int | None = Query(None, ge=1900, le=2100),
    first_kind: FirstKind | None = None,
    field: str | None = Query(None, max_length=80, description="field slug"),
):
    return selectors.achievement_list(category=category, year=year, first_kind=first_kind, field=field)


@router.get("/achievements/{slug}", response=AchievementDetail)
def get_achievement(request: HttpRequest, slug: str):
    return get_object_or_404(selectors.achievement_list(), slug=slug)
