"""People: one custom User from the first migration (profiles, ORCID), and the scopes of their roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sciencecity.core.roles import FACILITY_ROLES, Role

orcid_validator = RegexValidator(
    r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$", _("An ORCID iD looks like 0000-0002-1825-0097.")
)


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=255, blank=True)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True, validators=[orcid_validator])

    def __str__(self) -> str:
        return self.display_name or self.get_username()


class RoleGrant(models.Model):
    """A staff role held for a scope: a facility, an organisation (its facilities), or the whole platform.

    Facility managers and user-office officers hold their role for a facility or for an organisation; the
    platform operator holds it for the platform (organisation: the agency, or none). Group membership
    (core/roles.py) gives the kind of permission; the grants say on which records (registry/permissions.py).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("for organisation"),
    )
    facility = models.ForeignKey(
        "registry.Facility",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("for facility"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True) | models.Q(facility__isnull=True),
                name="role_grant_one_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "facility"],
                condition=models.Q(facility__isnull=False),
                name="role_grant_unique_facility",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="role_grant_unique_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(organisation__isnull=True, facility__isnull=True),
                name="role_grant_unique_unscoped",
            ),
        ]

    def __str__(self) -> str:
        scope = self.facility or self.organisation or _("the platform")
        return f"{self.user} — {self.get_role_display()} — {scope}"

    def clean(self) -> None:
        super().clean()
        if self.organisation_id and self.facility_id:
            raise ValidationError(_("A role is held for a facility or for an organisation, not both."))
        if self.role in FACILITY_ROLES and not (self.organisation_id or self.facility_id):
            raise ValidationError(_("Name the facility or the organisation this role is held for."))
        if self.role == Role.PLATFORM_OPERATOR and self.facility_id:
            raise ValidationError(_("The platform operator is named for an agency, not a facility."))
