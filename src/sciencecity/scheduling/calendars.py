"""The machine calendar's writes: the facility's officer adds and removes blocks of a cycle.

A block closes one instrument, or with no instrument the whole facility, from one shift start to another;
the next run freezes the blocks as the `down` ranges of its problem. Both writes are checked against
`permissions.can_allocate` and written to the audit trail.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sciencecity.accounts.models import User
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied
from sciencecity.proposals.models import Cycle
from sciencecity.registry.models import Instrument
from sciencecity.scheduling.models import CalendarBlock
from sciencecity.scheduling.permissions import can_allocate


@transaction.atomic
def calendar_block_add(
    *,
    actor: User,
    cycle: Cycle,
    instrument: Instrument | None,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    note: str = "",
) -> CalendarBlock:
    if not can_allocate(actor, cycle):
        raise PermissionDenied("Only the facility's user office edits its machine calendar.")
    block = CalendarBlock(
        cycle=cycle, instrument=instrument, kind=kind, starts_at=starts_at, ends_at=ends_at, note=note
    )
    block.full_clean()
    block.save()
    audit_record(actor=actor, target=cycle, action="calendar_block_add", reason=str(block))
    return block


@transaction.atomic
def calendar_block_remove(*, actor: User, block: CalendarBlock) -> None:
    if not can_allocate(actor, block.cycle):
        raise PermissionDenied("Only the facility's user office edits its machine calendar.")
    audit_record(actor=actor, target=block.cycle, action="calendar_block_remove", reason=str(block))
    block.delete()
