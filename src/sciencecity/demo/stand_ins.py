"""Review-stage writes the demo needs before their services exist: panels, technical verdicts, decisions.

Each function here stands in for a service that `review` or `proposals` will provide (panel set-up, the
instrument scientist's technical review, the officer's decision on recommended shifts). They validate as a
service would and write nothing else; when the services land, switch each body to a call of its service,
and the demo (demo/calls.py) does not change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError

from sciencecity.accounts.models import User
from sciencecity.core.audit import audit_record
from sciencecity.proposals.models import Call, Proposal, Request
from sciencecity.registry.models import Facility, Field, Instrument
from sciencecity.review.models import Panel, PanelMember, TechnicalReview


def panel_ensure(
    *, facility: Facility, name_en: str, name_zh: str, fields: Iterable[Field], calls: Iterable[Call]
) -> Panel:
    panel, _created = Panel.objects.get_or_create(
        facility=facility, name_en=name_en, defaults={"name_zh": name_zh}
    )
    panel.fields.add(*fields)
    panel.calls.add(*calls)
    return panel


def panel_seat(*, panel: Panel, user: User, role: str, expertise: Iterable[Field] = ()) -> PanelMember:
    seat, _created = PanelMember.objects.get_or_create(panel=panel, user=user, defaults={"role": role})
    seat.expertise.add(*expertise)
    return seat


def technical_reviews_record(
    reviews: Sequence[tuple[User, Proposal, Instrument, str, str]],
) -> list[TechnicalReview]:
    """(scientist, proposal, instrument, verdict, comment) each; one bulk insert."""
    records = [
        TechnicalReview(reviewer=who, proposal=p, instrument=i, verdict=verdict, comment=comment)
        for who, p, i, verdict, comment in reviews
    ]
    for record in records:
        record.full_clean(validate_unique=False)
    return TechnicalReview.objects.bulk_create(records)


def recommendations_record(*, actor: User, decisions: Sequence[tuple[Request, int]]) -> None:
    """The officer's recommended shifts per request (never more than requested), in one bulk update."""
    for request, shifts in decisions:
        if not 0 <= shifts <= request.shifts:
            raise ValidationError({"recommended_shifts": "No more shifts than requested can be recommended."})
        request.recommended_shifts = shifts
    Request.objects.bulk_update([r for r, _shifts in decisions], ["recommended_shifts"])
    for request, shifts in decisions:
        audit_record(actor=actor, target=request.proposal, action="proposal.recommend", to_state=str(shifts))
