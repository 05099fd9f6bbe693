"""Stored counts the public pages show, so that no page aggregates 150,000 instruments per request.

A facility's `instrument_count` is recounted (one indexed count per facility) whenever one of its instruments
is saved or deleted, whoever writes it: the services, the admin, an import. A bulk import, which bypasses
signals, calls `facility_counts_refresh` for the facilities it touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_init, post_save

from sciencecity.registry.models import Facility, Instrument


def facility_counts_refresh(facility_ids: Iterable[int] | None = None) -> None:
    """Recount the instruments of these facilities (of all, with None)."""
    counted = (
        Instrument.objects.filter(facility=OuterRef("pk"))
        .order_by()
        .values("facility")
        .annotate(n=Count("pk"))
        .values("n")
    )
    facilities = Facility.objects.all()
    if facility_ids is not None:
        facilities = facilities.filter(pk__in=set(facility_ids))
    facilities.update(instrument_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0))


def _remember_facility(sender: Any, instance: Instrument, **kwargs: Any) -> None:
    instance._counted_facility_id = instance.facility_id  # type: ignore[attr-defined]


def _recount(sender: Any, instance: Instrument, **kwargs: Any) -> None:
    before = getattr(instance, "_counted_facility_id", None)
    facility_counts_refresh({i for i in (before, instance.facility_id) if i is not None})
    instance._counted_facility_id = instance.facility_id  # type: ignore[attr-defined]


def connect() -> None:
    post_init.connect(_remember_facility, sender=Instrument, dispatch_uid="registry-count-init")
    post_save.connect(_recount, sender=Instrument, dispatch_uid="registry-count-save")
    post_delete.connect(_recount, sender=Instrument, dispatch_uid="registry-count-delete")
