"""People: one custom User from the first migration, so profiles and ORCID never need a swap."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

orcid_validator = RegexValidator(
    r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$", _("An ORCID iD looks like 0000-0002-1825-0097.")
)


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=255, blank=True)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True, validators=[orcid_validator])

    def __str__(self) -> str:
        return self.display_name or self.get_username()
