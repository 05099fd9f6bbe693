"""How long the usage figures take: `machine_hours` over a year of sessions on many instruments.

Run: `DJANGO_SETTINGS_MODULE=sciencecity.config.settings nice -n 10 .venv/bin/python bench/usage_hours.py
[INSTRUMENTS] [SESSIONS_PER_INSTRUMENT]` (default 50 x 400). It builds a throw-away SQLite database in a
temporary folder (or uses DATABASE_URL), fills it with bulk inserts (not through the services: the figure
measured is the read), and prints the median of five timings of the staff page's query and of the API's.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import zoneinfo

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def main(instruments: int, per_instrument: int) -> None:
    folder = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciencecity.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sciencecity.accounting import selectors
    from sciencecity.accounting.models import UsageRecord
    from sciencecity.accounts.models import User
    from sciencecity.registry.models import Facility, Instrument, Organisation

    owner = Organisation.objects.create(
        slug="org-b", name_en="Owner", kind="rd_institution", source="https://e.org"
    )
    other = Organisation.objects.create(slug="org-c", name_en="Firm", kind="company", source="https://e.org")
    facility = Facility.objects.create(
        slug="fac-b", code="B", name_en="B", operator=owner, source="https://e.org"
    )
    made = Instrument.objects.bulk_create(
        Instrument(
            slug=f"ins-{n}",
            facility=facility,
            code=f"I{n}",
            name_en=f"I{n}",
            techniques="x",
            access_mode="booking",
            source="https://e.org",
        )
        for n in range(instruments)
    )
    users = User.objects.bulk_create(
        User(username=f"u{n}", organisation=owner if n % 3 else other) for n in range(200)
    )
    year = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)
    rows = []
    for i, instrument in enumerate(made):
        for k in range(per_instrument):
            start = year + dt.timedelta(hours=20 * k + i % 7)
            user = users[(i * 31 + k) % len(users)]
            rows.append(
                UsageRecord(
                    instrument=instrument,
                    user=user,
                    organisation_id=user.organisation_id,
                    planned_start=start,
                    planned_end=start + dt.timedelta(hours=4),
                    actual_start=start,
                    actual_end=start + dt.timedelta(hours=3, minutes=50),
                    no_show=False,
                )
            )
    UsageRecord.objects.bulk_create(rows, batch_size=2000)
    chosen = list(Instrument.objects.select_related("facility", "owner"))
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        summary = selectors.machine_hours(chosen, start=year, end=year + dt.timedelta(days=365))
        timings.append(time.perf_counter() - began)
    total = summary.total
    print(
        f"{instruments} instruments x {per_instrument} sessions = {len(rows)} records "
        f"({os.environ['DATABASE_URL'].split(':')[0]})"
    )
    print(
        f"machine_hours over a year: median {statistics.median(timings) * 1000:.0f} ms "
        f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}); "
        f"{total.hours:.0f} h, {total.external:.0f} h external, {total.sessions} sessions"
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [50, 400][len(args) :]))
