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

from dataclasses import dataclass
from typing import Any, TypeVar

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
    scope = edit_scope(user)
    return scope.everything or (model in SCOPED_MODELS and scope.some_facilities)


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
