"""The roles people play on the platform; each is a Django auth group of the same name."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant (visiting scientist)")
    REVIEWER = "reviewer", _("Reviewer")
    FACILITY_MANAGER = "facility_manager", _("Facility manager")
    USER_OFFICE = "user_office", _("User-office officer")
    ENTERPRISE = "enterprise", _("Enterprise engineer")
    PLATFORM_OPERATOR = "platform_operator", _("Platform operator (science commission)")
    INSTRUMENT_SCIENTIST = "instrument_scientist", _("Instrument scientist")
    PANEL_CHAIR = "panel_chair", _("Panel chair")
    SAFETY_OFFICER = "safety_officer", _("Safety officer")


# Roles that keep the innovation map: they reach the admin and its import/export.
REGISTRY_EDITORS = (Role.FACILITY_MANAGER, Role.USER_OFFICE, Role.PLATFORM_OPERATOR)
# Roles held for a facility or an organisation (accounts.RoleGrant); they edit what that scope runs.
FACILITY_ROLES = (Role.FACILITY_MANAGER, Role.USER_OFFICE)
# Roles held for a facility or an organisation that edit nothing of the map: the safety officer approves the
# visits to that facility (sitevisits) and reads its site-access list.
SAFETY_ROLES = (Role.SAFETY_OFFICER,)


def has_role(user: object, role: Role) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    groups = user.groups  # type: ignore[attr-defined]
    return bool(groups.filter(name=role.value).exists())
