import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import StateConflict
from sciencecity.proposals import services
from sciencecity.proposals.models import Call


def test_a_call_is_extended_only_to_a_later_close_and_each_change_is_audited(call):
    later = call.closes_at + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.call_extend(actor=None, call=call, closes_at=call.closes_at - dt.timedelta(hours=1))
    services.call_extend(actor=None, call=call, closes_at=later, reason="Facility request")
    call.refresh_from_db()
    assert call.closes_at == later
    assert [e.action for e in audit_trail(call)] == ["call.create", "call.open", "call.extend"]


def test_a_closed_call_takes_no_submission_and_cannot_be_reopened_by_extension(draft, pi):
    services.call_close(actor=None, call=draft.call)
    call = Call.objects.get(pk=draft.call_id)
    assert call.status == Call.Status.CLOSED and call.closes_at <= timezone.now()
    with pytest.raises(StateConflict):
        services.proposal_submit(actor=pi, proposal=draft)
    with pytest.raises(StateConflict):
        services.call_extend(actor=None, call=call, closes_at=timezone.now() + dt.timedelta(days=1))


def test_naive_times_and_instruments_the_cycle_does_not_offer_are_refused(call, beamlines):
    with pytest.raises(ValidationError) as info:
        services.call_create(
            actor=None,
            cycle=call.cycle,
            title_en="Naive",
            opens_at=dt.datetime(2026, 1, 1),  # noqa: DTZ001
            closes_at=timezone.now(),
            instruments=beamlines,
        )
    assert "opens_at" in info.value.message_dict
    other_cycle = services.cycle_create(
        facility=call.cycle.facility,
        name="2027-I",
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 8, 31),
        offers=[(beamlines[0], 100)],
    )
    with pytest.raises(ValidationError) as info:
        services.call_create(
            actor=None,
            cycle=other_cycle,
            title_en="Too wide",
            opens_at=timezone.now(),
            closes_at=timezone.now() + dt.timedelta(days=5),
            instruments=beamlines,
        )
    assert "BL02" in str(info.value)


def test_a_cycle_offers_only_its_own_facilitys_instruments_and_never_more_shifts_than_it_has(
    facility, beamlines
):
    with pytest.raises(ValidationError):
        services.cycle_create(
            facility=facility,
            name="short",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 1, 10),
            offers=[(beamlines[0], 31)],
        )
