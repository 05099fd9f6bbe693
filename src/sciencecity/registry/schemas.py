"""JSON shapes of the innovation map (pydantic, via django-ninja)."""

import datetime as dt
from typing import Annotated, Any

from django.db.models import TextChoices
from ninja import Schema
from pydantic import WithJsonSchema

from sciencecity.registry.models import Achievement, Facility, FirstKind, Instrument, Organisation


def _one_of(choices: type[TextChoices]) -> WithJsonSchema:
    """The filter's own values, inlined: two enums both called `Kind` would otherwise share one spec entry."""
    return WithJsonSchema({"type": "string", "enum": [str(choice.value) for choice in choices]})


# Filter parameters of the list endpoints, each documented with exactly the values it accepts.
FacilityKind = Annotated[Facility.Kind, _one_of(Facility.Kind)]
FacilityStatus = Annotated[Facility.Status, _one_of(Facility.Status)]
InstrumentAccessMode = Annotated[Instrument.AccessMode, _one_of(Instrument.AccessMode)]
OrganisationKind = Annotated[Organisation.Kind, _one_of(Organisation.Kind)]
AchievementCategory = Annotated[Achievement.Category, _one_of(Achievement.Category)]
AchievementFirstKind = Annotated[FirstKind, _one_of(FirstKind)]


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
