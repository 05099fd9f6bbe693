"""Writes on price lists and billing profiles (the demo and the admin call them; both audited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from sciencecity.accounting.models import BillingProfile, Rate
from sciencecity.core.audit import audit_record
from sciencecity.registry.models import Instrument, Organisation


@transaction.atomic
def rate_upsert(
    *,
    instrument: Instrument,
    category: str,
    valid_from: dt.date,
    price: Decimal,
    unit: str,
    actor: Any = None,
    **values: Any,
) -> Rate:
    """The instrument's rate for a category from a day on (one per instrument, category and day)."""
    rate = Rate.objects.filter(instrument=instrument, category=category, valid_from=valid_from).first()
    rate = rate or Rate(instrument=instrument, category=category, valid_from=valid_from)
    rate.price, rate.unit = price, unit
    for name, value in values.items():
        setattr(rate, name, value)
    rate.full_clean()
    rate.save()
    audit_record(actor=actor, target=rate, action="rate.upsert", reason=f"{price} {rate.currency}/{unit}")
    return rate


@transaction.atomic
def billing_profile_upsert(
    *, provider: Organisation, prefix: str, actor: Any = None, **values: Any
) -> BillingProfile:
    profile = BillingProfile.objects.filter(provider=provider).first() or BillingProfile(provider=provider)
    profile.prefix = prefix
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    audit_record(actor=actor, target=profile, action="billing_profile.upsert", reason=prefix)
    return profile
