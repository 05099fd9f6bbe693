"""Writes on people and their roles."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from sciencecity.accounts.models import RoleGrant, User
from sciencecity.core.roles import REGISTRY_EDITORS, Role


def user_create_unless_taken(
    *,
    username: str,
    password: str,
    display_name: str,
    affiliation: str = "",
    roles: tuple[Role, ...] = (),
    organisation_id: int | None = None,
    country: str = "",
) -> tuple[User, bool]:
    """Create the user with this profile and these roles, unless the username is taken.

    An existing user of that name is returned as it is: its password, e-mail, profile and groups are never
    touched, so demo accounts cannot take over a real account. Returns the user and whether it was created.
    """
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing, False
    user = User(
        username=username,
        display_name=display_name,
        affiliation=affiliation,
        organisation_id=organisation_id,
        country=country,
        email=f"{username}@example.org",
        is_staff=any(role in REGISTRY_EDITORS for role in roles),
    )
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
            user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
    except IntegrityError:
        # Someone else created the name between our read and our insert: theirs stands.
        return User.objects.get(username=username), False
    return user, True


@transaction.atomic
def roles_ensure() -> None:
    """Create one group per role; registry editors may add, change and delete registry records."""
    from django.contrib.auth.models import Permission

    registry_permissions = list(Permission.objects.filter(content_type__app_label="registry"))
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        if role in REGISTRY_EDITORS:
            group.permissions.set(registry_permissions)


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: Role,
    organisation_id: int | None = None,
    facility_id: int | None = None,
    instrument_id: int | None = None,
) -> RoleGrant:
    """Give the user the role for an instrument, a facility, an organisation, or (none) the platform.

    Idempotent.

    The user joins the role's group (the kind of permission) and, for an editing role, the staff.
    """
    grant, _ = RoleGrant.objects.get_or_create(
        user=user,
        role=role,
        organisation_id=organisation_id,
        facility_id=facility_id,
        instrument_id=instrument_id,
    )
    grant.full_clean()
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    if role in REGISTRY_EDITORS and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return grant
