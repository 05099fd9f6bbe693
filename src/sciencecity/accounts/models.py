"""People: one custom User from the first migration (profiles, ORCID), and the scopes of their roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sciencecity.core.roles import FACILITY_ROLES, SAFETY_ROLES, Role

orcid_validator = RegexValidator(
    r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$", _("An ORCID iD looks like 0000-0002-1825-0097.")
)


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=255, blank=True)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True, validators=[orcid_validator])
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
        help_text=_("The organisation of the map the person works for (their legal entity)."),
    )
    organisation_named = models.CharField(
        _("organisation not on the map"),
        max_length=255,
        blank=True,
        help_text=_("An organisation the person named that the map lacks; the user office confirms it."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Give the two-letter ISO 3166 code, e.g. CN or BR."))],
    )

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
    instrument = models.ForeignKey(
        "registry.Instrument",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("for instrument"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True) | models.Q(facility__isnull=True),
                name="role_grant_one_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(instrument__isnull=True)
                | models.Q(organisation__isnull=True, facility__isnull=True, role="instrument_scientist"),
                name="role_grant_instrument_scope_alone",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "instrument"],
                condition=models.Q(instrument__isnull=False),
                name="role_grant_unique_instrument",
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
                condition=models.Q(organisation__isnull=True, facility__isnull=True, instrument__isnull=True),
                name="role_grant_unique_unscoped",
            ),
        ]

    def __str__(self) -> str:
        scope = self.instrument or self.facility or self.organisation or _("the platform")
        return f"{self.user} — {self.get_role_display()} — {scope}"

    def clean(self) -> None:
        super().clean()
        if self.organisation_id and self.facility_id:
            raise ValidationError(_("A role is held for a facility or for an organisation, not both."))
        if self.role in (*FACILITY_ROLES, *SAFETY_ROLES) and not (self.organisation_id or self.facility_id):
            raise ValidationError(_("Name the facility or the organisation this role is held for."))
        if self.role == Role.INSTRUMENT_SCIENTIST and not self.instrument_id:
            raise ValidationError(_("Name the instrument the instrument scientist looks after."))
        if self.instrument_id and self.role != Role.INSTRUMENT_SCIENTIST:
            raise ValidationError(_("Only an instrument scientist's role is held for an instrument."))
        if self.role == Role.PLATFORM_OPERATOR and self.facility_id:
            raise ValidationError(_("The platform operator is named for an agency, not a facility."))


class ApiToken(models.Model):
    """A personal API token: only its SHA-256 digest is stored; the secret is shown once, when made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, help_text=_("The token's first characters."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
