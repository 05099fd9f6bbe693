"""End waiting-list offers past their deadline and pass each freed time on (run it every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from sciencecity.booking import services
from sciencecity.booking.models import WaitlistEntry
from sciencecity.registry.models import Instrument


class Command(BaseCommand):
    help = "End waiting-list offers past their deadline and offer the times to the next in line."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        late = WaitlistEntry.objects.filter(status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now)
        instruments = Instrument.objects.filter(pk__in=late.values("instrument_id"))
        count = late.count()
        for instrument in instruments:
            services.waitlist_offers_expire(instrument=instrument, now=now)
        self.stdout.write(f"{count} offer(s) ended on {len(instruments)} instrument(s).")
