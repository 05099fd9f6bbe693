"""Writes on people and their roles."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

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
            # Demo accounts log in on the site at once: their address counts as verified.
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
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
        group, _created = Group.objects.get_or_create(name=role.value)
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
    grant, _created = RoleGrant.objects.get_or_create(
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


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 11,2: the last character of an ORCID iD checks the fifteen digits before it."""
    digits = orcid.replace("-", "")
    if len(digits) != 16 or not digits[:15].isdigit():
        return False
    total = 0
    for digit in digits[:15]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[15] == ("X" if check == 10 else str(check))


@transaction.atomic
def profile_update(
    *,
    user: User,
    display_name: str,
    organisation_id: int | None = None,
    organisation_named: str = "",
    country: str = "",
    orcid: str = "",
) -> User:
    """The person's own profile: name, organisation (of the map, or one they name), country, ORCID iD.

    An organisation the map lacks is kept as named, flagged for the user office to confirm; choosing one of
    the map clears it. Every problem is reported at once (ValidationError by field).
    """
    organisation_model: Any = User._meta.get_field("organisation").related_model  # the map's (a layer above)
    organisations = organisation_model._default_manager
    problems: dict[str, list[str]] = {}
    organisation_named = " ".join(organisation_named.split())
    orcid = orcid.strip().upper()
    country = country.strip().upper()
    if organisation_id is not None and organisation_named:
        problems.setdefault("organisation_named", []).append(
            _("Choose an organisation of the map or name one that is missing, not both.")
        )
    if organisation_id is not None and not organisations.filter(pk=organisation_id).exists():
        problems.setdefault("organisation", []).append(_("Choose an organisation of the map."))
    if orcid and not orcid_checksum_ok(orcid):
        problems.setdefault("orcid", []).append(
            _(
                "This is not a valid ORCID iD (its check digit does not match); "
                "it looks like 0000-0002-1825-0097."
            )
        )
    if problems:
        raise ValidationError(problems)
    user = User.objects.select_for_update().get(pk=user.pk)
    user.display_name = " ".join(display_name.split())
    user.organisation_id = organisation_id
    user.organisation_named = organisation_named
    user.country = country
    user.orcid = orcid
    user.full_clean(exclude=["password", "username", "email"])
    user.save(update_fields=["display_name", "organisation", "organisation_named", "country", "orcid"])
    return user
