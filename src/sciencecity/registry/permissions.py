"""Who may edit which registry records: the scope of a user's role grants (accounts.RoleGrant).

- The platform operator (science commission) and superusers edit the whole registry.
- A facility manager or user-office officer for facility F edits F; for organisation O, every facility O
  operates. With it come those facilities' instruments and projects, and the achievements linked to them.
- Organisations, fields and claims are the platform operator's alone; nobody else edits anything.

Group permissions (core/roles.py) still say what kind of change a role may make; this module says where.
One selector, `editable_records`, answers for the admin's lists, its change and delete permissions, and the
import; the named checks below are built on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet

from sciencecity.accounts.models import RoleGrant
from sciencecity.core.roles import FACILITY_ROLES, Role
from sciencecity.registry.models import Achievement, Facility, Instrument, Project

M = TypeVar("M", bound=Model)

# Records reached through the facilities in scope; every other registry table is the platform's.
SCOPED_MODELS: tuple[type[Model], ...] = (Facility, Instrument, Project, Achievement)


@dataclass(frozen=True)
class EditScope:
    everything: bool = False
    facility_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()

    @property
    def some_facilities(self) -> bool:
        return bool(self.facility_ids or self.organisation_ids)


def edit_scope(user: Any) -> EditScope:
    """What the user's grants cover (nothing for anonymous or inactive users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EditScope()
    if user.is_superuser:
        return EditScope(everything=True)
    grants = list(RoleGrant.objects.filter(user=user).values_list("role", "facility_id", "organisation_id"))
    if any(role == Role.PLATFORM_OPERATOR for role, _, _ in grants):
        return EditScope(everything=True)
    editing = [(f, o) for role, f, o in grants if role in FACILITY_ROLES]
    return EditScope(
        facility_ids=frozenset(f for f, _ in editing if f is not None),
        organisation_ids=frozenset(o for _, o in editing if o is not None),
    )


def _facilities(scope: EditScope) -> QuerySet[Facility]:
    return Facility.objects.filter(Q(pk__in=scope.facility_ids) | Q(operator_id__in=scope.organisation_ids))


def editable_records(user: Any, model: type[M]) -> QuerySet[M]:
    """The records of `model` this user may change or delete."""
    records: QuerySet[M] = model._default_manager.all()
    scope = edit_scope(user)
    if scope.everything:
        return records
    if not scope.some_facilities or model not in SCOPED_MODELS:
        return records.none()
    facilities = _facilities(scope)
    if model is Facility:
        return records.filter(pk__in=facilities.values("pk"))
    if model is Achievement:
        linked = Achievement.objects.filter(facilities__in=facilities).values("pk")
        return records.filter(pk__in=linked)
    # Instrument and Project: through their facility.
    return records.filter(facility__in=facilities.values("pk"))


def can_edit(user: Any, record: Model) -> bool:
    return record.pk is not None and editable_records(user, type(record)).filter(pk=record.pk).exists()


def can_edit_some(user: Any, model: type[Model]) -> bool:
    """Whether the user may change some record of this kind (the admin's list-level permission, import)."""
    return can_edit_some_in(edit_scope(user), model)


def can_add(user: Any, model: type[Model]) -> bool:
    """Whether the user may add a record of this kind; where it may point is checked when it is saved."""
    scope = edit_scope(user)
    if scope.everything:
        return True
    if model is Facility:  # a new facility must be operated by an organisation in scope
        return bool(scope.organisation_ids)
    return model in SCOPED_MODELS and scope.some_facilities


def can_change_facility(user: Any, facility: Facility) -> bool:
    return can_edit(user, facility)


def can_change_instrument(user: Any, instrument: Instrument) -> bool:
    return can_edit(user, instrument)


def can_change_project(user: Any, project: Project) -> bool:
    return can_edit(user, project)


def can_change_achievement(user: Any, achievement: Achievement) -> bool:
    return can_edit(user, achievement)


@dataclass(frozen=True)
class ImportScope:
    """`editable_records` for a bulk import, read once: each row is then checked without a query.

    A row may create or change a record only where the importer may edit, and must leave it there
    (a station moved to another facility, a facility handed to another operator).
    """

    scope: EditScope
    model: type[Model]
    facilities: frozenset[int]  # the facilities in scope now
    editable: frozenset[int]  # the existing records of `model` in scope

    @classmethod
    def of(cls, user: Any, model: type[M]) -> ImportScope:
        scope = edit_scope(user)
        if scope.everything or not scope.some_facilities:
            return cls(scope, model, frozenset(), frozenset())
        facilities = frozenset(_facilities(scope).values_list("pk", flat=True))
        editable = frozenset(editable_records(user, model).values_list("pk", flat=True))
        return cls(scope, model, facilities, editable)

    @property
    def may_import(self) -> bool:
        return can_edit_some_in(self.scope, self.model)

    def check(
        self,
        record: Model,
        pk: int | None,
        links: Mapping[str, Sequence[int]],
    ) -> None:
        """Raise ValidationError when the row reaches outside the scope."""
        if self.scope.everything:
            return
        refused = ValidationError(f"“{record}” is outside what you may edit; nothing was imported.")
        if pk is not None and pk not in self.editable:
            raise refused
        if isinstance(record, Facility):
            allowed = (pk is not None and pk in self.scope.facility_ids) or (
                record.operator_id in self.scope.organisation_ids
            )
        elif isinstance(record, Achievement):
            allowed = bool(set(links.get("facilities", ())) & self.facilities)
        else:  # Instrument, Project: through their facility
            allowed = getattr(record, "facility_id", None) in self.facilities
        if not allowed:
            raise refused


def can_edit_some_in(scope: EditScope, model: type[Model]) -> bool:
    return scope.everything or (model in SCOPED_MODELS and scope.some_facilities)
