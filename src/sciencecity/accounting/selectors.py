"""Reads on usage: effective machine-hours per instrument over a period, internal or external.

The national open-sharing evaluation (Guokebanji [2022] No. 93, revised 2026) takes the legal entity as the
unit evaluated: an hour is *external* service (对外服务机时 / 共享机时) when the user's organisation is a
different legal entity from the instrument's owner, and *internal* when it is the same one. The owner is the
instrument's `owner`, or else its facility's operator. A user whose organisation the map does not hold but who
named one is external (a different entity by name); a user who named none, or an instrument with no known
owner, leaves the hour *unclassified* — shown, never guessed.

Effective hours are checked-in-to-checked-out time, clipped to the period; sessions still open count none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least

from sciencecity.accounting import permissions
from sciencecity.accounting.models import Category, Invoice, InvoiceLine, Rate, UsageRecord
from sciencecity.registry.models import Instrument, Organisation

HOUR = dt.timedelta(hours=1)


class Side:
    INTERNAL = "internal"
    EXTERNAL = "external"
    UNCLASSIFIED = "unclassified"


# The owner is the instrument's owner, else its facility's operator. The rule is SQL, so the database sums
# the figures (a platform's year is tens of thousands of sessions) and each listed session says its side.
OWNER = Coalesce(F("instrument__owner_id"), F("instrument__facility__operator_id"))
SIDE = Case(
    When(owner__isnull=True, then=Value(Side.UNCLASSIFIED)),
    When(organisation_id=F("owner"), then=Value(Side.INTERNAL)),
    When(organisation__isnull=False, then=Value(Side.EXTERNAL)),
    When(~Q(organisation_named=""), then=Value(Side.EXTERNAL)),
    default=Value(Side.UNCLASSIFIED),
    output_field=CharField(),
)


@dataclass
class InstrumentUsage:
    instrument: Instrument
    internal: float = 0.0
    external: float = 0.0
    unclassified: float = 0.0
    sessions: int = 0
    no_shows: int = 0
    open_sessions: int = 0

    @property
    def hours(self) -> float:
        return self.internal + self.external + self.unclassified

    @property
    def external_share(self) -> float | None:
        return self.external / self.hours if self.hours else None


@dataclass
class UsageSummary:
    start: dt.datetime
    end: dt.datetime
    rows: list[InstrumentUsage] = field(default_factory=list)

    @property
    def total(self) -> InstrumentUsage:
        total = InstrumentUsage(instrument=Instrument(code="", name_en=""))
        for row in self.rows:
            total.internal += row.internal
            total.external += row.external
            total.unclassified += row.unclassified
            total.sessions += row.sessions
            total.no_shows += row.no_shows
            total.open_sessions += row.open_sessions
        return total


def records_in(
    instruments: Iterable[Instrument], *, start: dt.datetime, end: dt.datetime
) -> QuerySet[UsageRecord]:
    """Usage on the instruments that touches [start, end): sessions used in it, and no-shows planned in it;
    each annotated with `side` (internal, external or unclassified)."""
    used = Q(actual_start__lt=end) & (Q(actual_end__gt=start) | Q(actual_end__isnull=True))
    missed = Q(no_show=True, planned_start__lt=end, planned_end__gt=start)
    return (
        UsageRecord.objects.filter(instrument__in=list(instruments))
        .filter(used | missed)
        .annotate(owner=OWNER, side=SIDE)
        .select_related("user", "organisation", "instrument")
        .order_by("planned_start", "pk")
    )


def machine_hours(instruments: Iterable[Instrument], *, start: dt.datetime, end: dt.datetime) -> UsageSummary:
    """Effective machine-hours of each instrument over [start, end), split internal/external/unclassified.

    A session's hours are its checked-in-to-checked-out time clipped to the period; the database sums them.
    """
    instruments = list(instruments)
    rows = {i.pk: InstrumentUsage(instrument=i) for i in instruments}
    mine = UsageRecord.objects.filter(instrument__in=instruments)
    used = (
        mine.filter(actual_start__lt=end, actual_end__gt=start)
        .annotate(owner=OWNER, side=SIDE)
        .annotate(
            span=ExpressionWrapper(
                Least(F("actual_end"), Value(end)) - Greatest(F("actual_start"), Value(start)),
                output_field=DurationField(),
            )
        )
        .values("instrument_id", "side")
        .annotate(total=Sum("span"), sessions=Count("pk"))
        .order_by()
    )
    for group in used:
        row = rows[group["instrument_id"]]
        setattr(row, group["side"], getattr(row, group["side"]) + group["total"] / HOUR)
        row.sessions += group["sessions"]
    counts = (
        mine.filter(planned_start__lt=end)
        .values("instrument_id")
        .annotate(
            no_shows=Count("pk", filter=Q(no_show=True, planned_end__gt=start)),
            open_sessions=Count("pk", filter=Q(actual_start__lt=end, actual_end__isnull=True, no_show=False)),
        )
        .order_by()
    )
    for group in counts:
        rows[group["instrument_id"]].no_shows = group["no_shows"]
        rows[group["instrument_id"]].open_sessions = group["open_sessions"]
    return UsageSummary(start=start, end=end, rows=list(rows.values()))


def usage_of(user: Any) -> QuerySet[UsageRecord]:
    """A user's own usage records, newest first."""
    return (
        UsageRecord.objects.filter(user=user)
        .select_related("instrument__facility")
        .order_by("-planned_start")
    )


# --- Billing reads ---


def invoices_for(
    user: Any,
    *,
    side: str | None = None,
    month: dt.date | None = None,
    status: str | None = None,
    provider: Organisation | None = None,
) -> QuerySet[Invoice]:
    """The invoices the user may read (permissions.invoices_visible_to), narrowed: `side` "provider" (of the
    providers they keep) or "customer" (of their own organisation), a month, a status, one provider."""
    found = permissions.invoices_visible_to(user)
    if side == "provider":
        found = found.filter(provider__in=permissions.billed_providers(user))
    elif side == "customer":
        found = found.filter(customer_id=getattr(user, "organisation_id", None) or 0)
    if month is not None:
        found = found.filter(period=month.replace(day=1))
    if status:
        found = found.filter(status=status)
    if provider is not None:
        found = found.filter(provider=provider)
    return found.select_related("provider", "customer").prefetch_related(
        Prefetch("lines", queryset=InvoiceLine.objects.select_related("instrument", "usage_record__user")),
        "credit_notes",
    )


def invoice_for(user: Any, invoice_id: int) -> Invoice | None:
    """One invoice the user may read, or None (a 404: existence is not revealed)."""
    return invoices_for(user).filter(pk=invoice_id).first()


def published_rates(instruments: Iterable[Instrument], on: dt.date) -> dict[int, list[Rate]]:
    """Per instrument id: the rates in force on the day, one per category, then those announced from a later
    day (one query for a page of instruments)."""
    ids = [i.pk for i in instruments]
    order = {c: n for n, c in enumerate(Category.values)}
    current: dict[int, dict[str, Rate]] = {pk: {} for pk in ids}
    later: dict[int, list[Rate]] = {pk: [] for pk in ids}
    for rate in Rate.objects.filter(instrument_id__in=ids).order_by("valid_from", "pk"):
        if rate.valid_from <= on:
            current[rate.instrument_id][rate.category] = rate
        else:
            later[rate.instrument_id].append(rate)
    return {pk: sorted(current[pk].values(), key=lambda r: order[r.category]) + later[pk] for pk in ids}
