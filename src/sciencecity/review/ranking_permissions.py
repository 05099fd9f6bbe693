"""Who sees and changes a panel's ranking (the call-wide check is `proposals.permissions.can_see_ranking`).

- The chair of a panel sees its ranking and moves its proposals; the officers of the panel's facility see it.
- Reviewers, applicants, strangers and other facilities' officers see neither (a 404: nothing is revealed).
- The officers of the call's facility finish peer review and record the decisions (`can_manage_call`).
"""

from __future__ import annotations

from typing import Any

from sciencecity.proposals.permissions import officer_facilities
from sciencecity.review.models import Panel, PanelMember


def is_chair(user: Any, panel: Panel) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and PanelMember.objects.filter(panel=panel, user=user, role=PanelMember.Role.CHAIR).exists()
    )


def can_see_panel_ranking(user: Any, panel: Panel) -> bool:
    return is_chair(user, panel) or officer_facilities(user).filter(pk=panel.facility_id).exists()


def can_adjust_ranking(user: Any, panel: Panel) -> bool:
    return is_chair(user, panel)
