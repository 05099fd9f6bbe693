"""Who may do what with vouchers: the agency's operators, the firm's people, the provider's staff.

- The **agency**: a platform operator whose grant is held for the scheme's agency organisation, or for the
  whole platform (no organisation). They define schemes, decide applications, settle or reject claims.
- The **firm**: people whose organisation (their legal entity, `User.organisation`) is the beneficiary. They
  apply, read their vouchers and ledger, and apply a voucher to their own draft invoices.
- The **provider**: facility managers and user-office officers whose grant is held for the provider
  organisation or for a facility it operates. They apply vouchers to their draft invoices and claim.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sciencecity.accounting import permissions as billing
from sciencecity.accounts.models import RoleGrant
from sciencecity.core.roles import Role, has_role
from sciencecity.registry.models import Organisation


def signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def agencies(user: Any) -> QuerySet[Organisation]:
    """The agencies whose schemes this user runs (every agency for a platform-wide grant)."""
    if not has_role(user, Role.PLATFORM_OPERATOR):
        return Organisation.objects.none()
    grants = RoleGrant.objects.filter(user=user, role=Role.PLATFORM_OPERATOR)
    if grants.filter(organisation__isnull=True, facility__isnull=True).exists():
        return Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
    return Organisation.objects.filter(pk__in=grants.values("organisation"))


def is_agency_for(user: Any, agency: Organisation) -> bool:
    return agencies(user).filter(pk=agency.pk).exists()


def provider_organisations(user: Any) -> QuerySet[Organisation]:
    """The providers whose invoices and claims this user handles: those whose invoices they keep."""
    return billing.billed_providers(user)


def is_provider_staff(user: Any, provider: Organisation) -> bool:
    return provider_organisations(user).filter(pk=provider.pk).exists()


def firm_of(user: Any) -> Organisation | None:
    """The organisation this user acts for as a firm (their legal entity), if any."""
    if not signed_in(user):
        return None
    return user.organisation


def may_hold_vouchers(user: Any) -> bool:
    """Whether the user works for a firm (a company or an enterprise technology centre) or for an
    organisation that has applied for a voucher: whom the vouchers page is for."""
    firm = firm_of(user)
    if firm is None:
        return False
    firms = (Organisation.Kind.COMPANY, Organisation.Kind.ENTERPRISE_TECH_CENTER)
    return firm.kind in firms or firm.voucher_applications.exists()


def is_firm_member(user: Any, firm: Organisation) -> bool:
    return signed_in(user) and user.organisation_id == firm.pk
