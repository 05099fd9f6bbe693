"""Writes on people and their roles."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from sciencecity.accounts.models import User
from sciencecity.core.roles import REGISTRY_EDITORS, Role


@transaction.atomic
def user_ensure(
    *, username: str, password: str, display_name: str, affiliation: str = "", roles: tuple[Role, ...] = ()
) -> User:
    """Create the user or bring an existing one to the given profile and roles (idempotent)."""
    user, created = User.objects.get_or_create(username=username)
    user.display_name = display_name
    user.affiliation = affiliation
    user.email = f"{username}@example.org"
    user.is_staff = any(role in REGISTRY_EDITORS for role in roles)
    if created or not user.check_password(password):
        user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
    return user


@transaction.atomic
def roles_ensure() -> None:
    """Create one group per role; registry editors may add, change and delete registry records."""
    from django.contrib.auth.models import Permission

    registry_permissions = list(Permission.objects.filter(content_type__app_label="registry"))
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        if role in REGISTRY_EDITORS:
            group.permissions.set(registry_permissions)
