"""Writes on the innovation map. Each function validates the whole record and writes it in one transaction.

Upserts are keyed by slug and idempotent: writing the same values again changes nothing, not even
`updated_at`, so loading a data file twice leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import capfirst

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

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Upserted(Generic[M]):
    record: M
    created: bool
    changed: bool


def _resolve(model: type[M], slugs: Iterable[str], label: str) -> list[M]:
    wanted = list(dict.fromkeys(slugs))
    found = {obj.slug: obj for obj in model._default_manager.filter(slug__in=wanted)}  # type: ignore[attr-defined]
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise ValidationError({label: f"Unknown {model._meta.verbose_name}: {', '.join(missing)}"})
    return [found[slug] for slug in wanted]


def _resolve_one(model: type[M], slug: str | None, label: str) -> M | None:
    return _resolve(model, [slug], label)[0] if slug else None


def _find(model: type[M], slug: str, key: str) -> M | None:
    return model._default_manager.filter(**{key: slug}).first()


def _write(
    model: type[M], slug: str, values: dict[str, Any], m2m: dict[str, Sequence[models.Model]], key: str
) -> Upserted[M]:
    record = _find(model, slug, key)
    created = record is None
    if record is None:
        record = model(**{key: slug})
    changed = created
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise ValidationError(f"{model.__name__} has no attribute {name}") from exc
        # Compare foreign keys by id: reading an unset relation on a new record would raise.
        current = getattr(record, field.attname if field.is_relation else name)  # type: ignore[union-attr]
        wanted = value.pk if field.is_relation and value is not None else value
        if current != wanted:
            setattr(record, name, value)
            changed = True
    # The slug's uniqueness is the database's to enforce: a writer that inserted the same slug since we
    # looked makes our insert fail, and _upsert then writes over that record instead.
    record.full_clean(validate_unique=False)
    record.validate_unique(exclude=[key])
    if changed:
        record.save()
    for name, related in m2m.items():
        manager = getattr(record, name)
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in related}:
            manager.set(related)
            changed = True
    return Upserted(record=record, created=created, changed=changed)


def _upsert(
    model: type[M],
    slug: str,
    values: dict[str, Any],
    m2m: dict[str, Sequence[models.Model]],
    *,
    key: str = "slug",
) -> Upserted[M]:
    """Write the record keyed by slug, safe against writers of the same record at the same time.

    Reading and then inserting leaves a gap in which another writer may insert the same slug (or take a
    unique value such as a facility's short name). The write runs in a savepoint; if the database refuses
    it, it is tried once more, now seeing the other writer's record: it updates that record, or the values
    fail validation against it with the usual message. A conflict that remains is a ValidationError too.
    """
    try:
        with transaction.atomic():
            return _write(model, slug, values, m2m, key)
    except IntegrityError:
        pass
    try:
        with transaction.atomic():
            return _write(model, slug, values, m2m, key)
    except IntegrityError as exc:
        name = capfirst(model._meta.verbose_name)
        raise ValidationError(
            f"{name} “{slug}” conflicts with another record written at the same time; try again.",
            code="conflict",
        ) from exc


@transaction.atomic
def field_upsert(*, slug: str, **values: Any) -> Upserted[Field]:
    return _upsert(Field, slug, values, {})


@transaction.atomic
def organisation_upsert(*, slug: str, fields: Sequence[str] = (), **values: Any) -> Upserted[Organisation]:
    return _upsert(Organisation, slug, values, {"fields": _resolve(Field, fields, "fields")})


@transaction.atomic
def facility_upsert(
    *,
    slug: str,
    operator: str | None = None,
    builders: Sequence[str] = (),
    fields: Sequence[str] = (),
    **values: Any,
) -> Upserted[Facility]:
    values["operator"] = _resolve_one(Organisation, operator, "operator")
    return _upsert(
        Facility,
        slug,
        values,
        {
            "builders": _resolve(Organisation, builders, "builders"),
            "fields": _resolve(Field, fields, "fields"),
        },
    )


@transaction.atomic
def instrument_upsert(
    *, slug: str, facility: str, owner: str | None = None, **values: Any
) -> Upserted[Instrument]:
    values["facility"] = _resolve_one(Facility, facility, "facility")
    values["owner"] = _resolve_one(Organisation, owner, "owner")
    return _upsert(Instrument, slug, values, {})


@transaction.atomic
def project_upsert(
    *, slug: str, field: str, organisation: str, facility: str | None = None, **values: Any
) -> Upserted[Project]:
    values["field"] = _resolve_one(Field, field, "field")
    values["organisation"] = _resolve_one(Organisation, organisation, "organisation")
    values["facility"] = _resolve_one(Facility, facility, "facility")
    return _upsert(Project, slug, values, {})


@transaction.atomic
def achievement_upsert(
    *,
    slug: str,
    organisations: Sequence[str] = (),
    facilities: Sequence[str] = (),
    fields: Sequence[str] = (),
    **values: Any,
) -> Upserted[Achievement]:
    return _upsert(
        Achievement,
        slug,
        values,
        {
            "organisations": _resolve(Organisation, organisations, "organisations"),
            "facilities": _resolve(Facility, facilities, "facilities"),
            "fields": _resolve(Field, fields, "fields"),
        },
    )


@transaction.atomic
def claim_upsert(*, slug: str, **values: Any) -> Upserted[Claim]:
    return _upsert(Claim, slug, values, {})


@transaction.atomic
def attribute_label_upsert(*, key: str, **values: Any) -> Upserted[AttributeLabel]:
    return _upsert(AttributeLabel, key, values, {}, key="key")
