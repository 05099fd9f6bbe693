"""The four messages of a proposal's life, written in English and Chinese in one notification.

Other apps call these with their own records (duck-typed, so this module imports none of them): an invited
member, a submitted proposal, a review assignment, a decided proposal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sciencecity.notifications.models import Notification
from sciencecity.notifications.services import notify

LANGUAGES = ("en", "zh-hans")
SEPARATOR = "\n\n———\n\n"


def _both(render: Callable[[], tuple[str, str]]) -> tuple[str, str]:
    """(subject, body) in English, then in Chinese."""
    parts = []
    for language in LANGUAGES:
        with translation.override(language):
            parts.append(render())
    subject = " / ".join(dict.fromkeys(subject for subject, _body in parts))
    return subject, SEPARATOR.join(body for _subject, body in parts)


def _link(name: str, *args: Any) -> str:
    """The page for this, when the site has it; else the person's notifications page."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return reverse("notifications:list")


def _title(proposal: Any) -> str:
    return proposal.reference or proposal.title


def _call_title(call: Any) -> str:
    title_zh: str = getattr(call, "title_zh", "")
    if translation.get_language() == "zh-hans" and title_zh:
        return title_zh
    return str(call.title_en)


def _members(proposal: Any) -> list[Any]:
    return [m.user for m in proposal.members.filter(status="accepted").select_related("user") if m.user]


def notify_invitation(member: Any) -> Notification | None:
    """The invited co-proposer learns who invites them to what (by e-mail, even without an account)."""
    proposal = member.proposal
    pi = proposal.members.filter(role="pi").select_related("user").first()
    inviter = str(pi.user) if pi and pi.user else ""

    def render() -> tuple[str, str]:
        return (
            _("Invitation to join a proposal"),
            _(
                "%(inviter)s invites you to join the proposal “%(title)s” (call: %(call)s) as a co-proposer. "
                "Sign in with this e-mail address (%(email)s) to accept or decline."
            )
            % {
                "inviter": inviter,
                "title": proposal.title,
                "call": _call_title(proposal.call),
                "email": member.email,
            },
        )

    subject, body = _both(render)
    user = get_user_model().objects.filter(email__iexact=member.email).first()
    return notify(user, subject, body, _link("proposals:detail", proposal.pk), email=member.email)


def notify_submission(proposal: Any) -> list[Notification | None]:
    """Every member receives the receipt: the reference, the title and when it was submitted."""
    when = timezone.localtime(proposal.submitted_at or timezone.now(), proposal.call.time_zone)

    def render() -> tuple[str, str]:
        return (
            _("Proposal %(reference)s received") % {"reference": _title(proposal)},
            _(
                "Your proposal “%(title)s” was submitted to the call %(call)s on %(when)s. "
                "Its reference is %(reference)s."
            )
            % {
                "title": proposal.title,
                "call": _call_title(proposal.call),
                "when": when.strftime("%Y-%m-%d %H:%M %Z"),
                "reference": proposal.reference,
            },
        )

    subject, body = _both(render)
    link = _link("proposals:detail", proposal.pk)
    return [notify(user, subject, body, link) for user in _members(proposal)]


def notify_review_assignment(assignment: Any) -> Notification | None:
    """The reviewer learns a proposal awaits their score (the proposal's authors learn nothing of it)."""
    proposal = assignment.proposal

    def render() -> tuple[str, str]:
        return (
            _("A proposal to review"),
            _("You are asked to review the proposal %(reference)s “%(title)s” for the panel %(panel)s.")
            % {"reference": proposal.reference, "title": proposal.title, "panel": assignment.panel},
        )

    subject, body = _both(render)
    return notify(assignment.reviewer, subject, body, _link("review:queue"))


def notify_decision(proposal: Any) -> list[Notification | None]:
    """Every member learns the user office's decision on their proposal."""

    def render() -> tuple[str, str]:
        return (
            _("Decision on proposal %(reference)s") % {"reference": _title(proposal)},
            _("The user office recorded its decision on your proposal “%(title)s”: %(status)s.")
            % {"title": proposal.title, "status": proposal.get_status_display()},
        )

    subject, body = _both(render)
    link = _link("proposals:detail", proposal.pk)
    return [notify(user, subject, body, link) for user in _members(proposal)]
