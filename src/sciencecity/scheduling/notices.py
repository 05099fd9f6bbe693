"""What a team is told when its cycle's schedule is published: its dates, or why it got none, in English
and Chinese in one notification."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sciencecity.notifications.services import notify
from sciencecity.proposals.models import Cycle, Proposal
from sciencecity.scheduling import shifts
from sciencecity.scheduling.models import Allocation
from sciencecity.scheduling.reasons import moment, unscheduled_reason

LANGUAGES = ("en", "zh-hans")
SEPARATOR = "\n\n———\n\n"


def _link(proposal: Proposal) -> str:
    try:
        return reverse("proposals:detail", args=[proposal.pk])
    except NoReverseMatch:
        return reverse("notifications:list")


def notify_schedule(
    proposal: Proposal,
    cycle: Cycle,
    allocations: Sequence[Allocation],
    unscheduled: Sequence[tuple[str, str, Mapping[str, Any]]],
    codes: Mapping[str, str],
    *,
    changed: bool,
) -> int:
    """Tell every accepted member of the proposal its dates; `unscheduled` holds (request id, reason code,
    the request's problem entry) for each request that got none. Returns how many people were told."""
    zone = shifts.zone(cycle)
    parts = []
    for language in LANGUAGES:
        with translation.override(language):
            values = {"reference": proposal.reference}
            if not allocations:
                subject = _("No beam time this cycle: %(reference)s") % values
            elif changed:
                subject = _("Your beam time has changed: %(reference)s") % values
            else:
                subject = _("Your beam time is scheduled: %(reference)s") % values
            lines = [
                _("%(instrument)s from %(start)s to %(end)s (%(zone)s)")
                % {
                    "instrument": a.instrument.code,
                    "start": moment(a.starts_at.astimezone(zone)),
                    "end": moment(a.ends_at.astimezone(zone)),
                    "zone": cycle.time_zone,
                }
                for a in allocations
            ]
            lines += [
                f"{key}: {unscheduled_reason(code, entry, cycle, codes)}" for key, code, entry in unscheduled
            ]
            parts.append((subject, "\n".join([proposal.title, "", *lines])))
    subject = " / ".join(dict.fromkeys(s for s, _b in parts))
    body = SEPARATOR.join(b for _s, b in parts)
    told = 0
    for member in proposal.members.filter(status="accepted").select_related("user"):
        if member.user is not None:
            notify(member.user, subject, body, _link(proposal))
            told += 1
    return told
