"""What a team is told when the safety officer decides on its visit, in English and Chinese in one
notification (like scheduling/notices.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sciencecity.notifications.services import notify
from sciencecity.sitevisits.models import Visit

LANGUAGES = ("en", "zh-hans")
SEPARATOR = "\n\n———\n\n"


def notify_decision(visit: Visit, allocation_id: int | None) -> int:
    """Tell every accepted member of the proposal the decision; returns how many people were told."""
    parts = []
    for language in LANGUAGES:
        with translation.override(language):
            values = {"reference": visit.proposal.reference}
            if visit.status == Visit.Status.APPROVED:
                subject = _("Your visit is approved: %(reference)s") % values
                body = _("The safety officer approved your visit; the people registered on site may come.")
            else:
                subject = _("Changes asked for your visit: %(reference)s") % values
                body = _("The safety officer asks for changes before approving your visit:")
                body = f"{body}\n{visit.decision_reason}"
            parts.append((subject, "\n".join([visit.proposal.title, "", body])))
    subject = " / ".join(dict.fromkeys(s for s, _b in parts))
    body = SEPARATOR.join(b for _s, b in parts)
    link = (
        reverse("sitevisits:visit", args=[allocation_id]) if allocation_id else reverse("notifications:list")
    )
    told = 0
    for member in visit.proposal.members.filter(status="accepted").select_related("user"):
        if member.user is not None:
            notify(member.user, subject, body, link)
            told += 1
    return told
