"""JSON shapes of the innovation map (pydantic, via django-ninja)."""

import datetime as dt
from typing import Any

from ninja import Schema


class Ref(Schema):
    slug: str
    name_en: str
    name_zh: str


class FieldOut(Ref):
    source_urls: list[str]


class OrganisationOut(Ref):
    kind: str
    region: str
    location: str
    website: str
    established: dt.date | None
    established_precision: str
    verification: str
    source_urls: list[str]


class OrganisationDetail(OrganisationOut):
    description_en: str
    description_zh: str
    role_en: str
    parent_name: str
    unverified: list[str]
    fields: list[Ref]

    @staticmethod
    def resolve_fields(obj: Any) -> list[Any]:
        return list(obj.fields.all())


class InstrumentOut(Ref):
    code: str
    facility: str
    techniques: list[str]
    access_mode: str
    status: str
    specs: dict[str, Any]
    verification: str
    source_urls: list[str]

    @staticmethod
    def resolve_facility(obj: Any) -> str:
        return str(obj.facility.slug)

    @staticmethod
    def resolve_techniques(obj: Any) -> list[str]:
        return list(obj.technique_list)


class FacilityOut(Ref):
    code: str
    kind: str
    subtype: str
    status: str
    operator: Ref | None
    location: str
    opened: dt.date | None
    opened_precision: str
    first_kind: str
    verification: str
    source_urls: list[str]


class FacilityDetail(FacilityOut):
    description_en: str
    description_zh: str
    specs: dict[str, Any]
    milestones: list[dict[str, Any]]
    construction_start: dt.date | None
    cost_cny: int | None
    firsts_en: str
    unverified: list[str]
    builders: list[Ref]
    fields: list[Ref]
    instruments: list[InstrumentOut]

    @staticmethod
    def resolve_builders(obj: Any) -> list[Any]:
        return list(obj.builders.all())

    @staticmethod
    def resolve_fields(obj: Any) -> list[Any]:
        return list(obj.fields.all())

    @staticmethod
    def resolve_instruments(obj: Any) -> list[Any]:
        return list(obj.instruments.all())


class AchievementOut(Schema):
    slug: str
    title_en: str
    title_zh: str
    category: str
    date: dt.date
    date_precision: str
    first_kind: str
    verification: str
    source_urls: list[str]


class AchievementDetail(AchievementOut):
    detail_en: str
    detail_zh: str
    firsts_en: str
    reported_claim: str
    organisations: list[Ref]
    facilities: list[Ref]
    fields: list[Ref]

    @staticmethod
    def resolve_organisations(obj: Any) -> list[Any]:
        return list(obj.organisations.all())

    @staticmethod
    def resolve_facilities(obj: Any) -> list[Any]:
        return list(obj.facilities.all())

    @staticmethod
    def resolve_fields(obj: Any) -> list[Any]:
        return list(obj.fields.all())
