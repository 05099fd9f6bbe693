"""Writes on cycles, calls and proposals: one function per use case, validated, atomic and audited.

Status moves go through `_move`, which checks `TRANSITIONS` and appends the audit event in the same
transaction. A refused move raises `StateConflict` (the record's state forbids it), `PermissionDenied` (the
actor may not) or `ValidationError` (every problem with the input, listed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounts.models import User
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.notifications.messages import notify_invitation, notify_submission
from sciencecity.notifications.services import after_commit
from sciencecity.proposals.models import (
    AccessRoute,
    Call,
    Cycle,
    Member,
    OfferedInstrument,
    Proposal,
    Request,
    Sample,
)
from sciencecity.registry.models import Facility, Field, Instrument

M = TypeVar("M", Request, Sample)
S = Proposal.Status
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.TECHNICAL_REVIEW, S.WITHDRAWN, S.REJECTED}),
    S.TECHNICAL_REVIEW: frozenset({S.PEER_REVIEW, S.WITHDRAWN, S.REJECTED}),
    S.PEER_REVIEW: frozenset({S.RANKED, S.WITHDRAWN, S.REJECTED}),
    S.RANKED: frozenset({S.ALLOCATED, S.NOT_ALLOCATED, S.WITHDRAWN, S.REJECTED}),
    # A schedule published again (scheduling.run_publish) may turn one into the other.
    S.ALLOCATED: frozenset({S.NOT_ALLOCATED}),
    S.NOT_ALLOCATED: frozenset({S.ALLOCATED}),
    S.WITHDRAWN: frozenset(),
    S.REJECTED: frozenset(),
}


@dataclass(frozen=True)
class RequestInput:
    instruments: Sequence[Instrument]
    shifts: int
    earliest: dt.date | None = None
    latest: dt.date | None = None
    unavailable: Sequence[Sequence[dt.date | str]] = field(default_factory=list)


@dataclass(frozen=True)
class SampleInput:
    name: str
    hazard: str = Sample.Hazard.NONE


# --- cycles and calls --------------------------------------------------------------------------------------


@transaction.atomic
def cycle_create(
    *,
    facility: Facility,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    offers: Sequence[tuple[Instrument, int]],
    shift_hours: int = 8,
    time_zone: str = "Asia/Shanghai",
) -> Cycle:
    cycle = Cycle(
        facility=facility,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        shift_hours=shift_hours,
        time_zone=time_zone,
    )
    cycle.full_clean()
    cycle.save()
    for instrument, shifts in offers:
        offer = OfferedInstrument(cycle=cycle, instrument=instrument, shifts=shifts)
        offer.full_clean()
        offer.save()
    return cycle


@transaction.atomic
def call_create(
    *,
    actor: User | None,
    cycle: Cycle,
    title_en: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    instruments: Sequence[Instrument],
    access_routes: Sequence[str] = (AccessRoute.STANDARD,),
    title_zh: str = "",
    normalise_scores: bool = False,
) -> Call:
    _require_aware(opens_at=opens_at, closes_at=closes_at)
    call = Call(
        cycle=cycle,
        title_en=title_en,
        title_zh=title_zh,
        opens_at=opens_at,
        closes_at=closes_at,
        access_routes=list(access_routes),
        normalise_scores=normalise_scores,
    )
    call.full_clean()
    offered = set(cycle.offers.values_list("instrument_id", flat=True))
    outside = [i.code for i in instruments if i.pk not in offered]
    if not instruments or outside:
        raise ValidationError(
            {
                "instruments": _("Choose instruments the cycle offers; not offered: %(codes)s")
                % {"codes": ", ".join(outside) or "-"}
            }
        )
    call.save()
    call.instruments.set(instruments)
    audit_record(actor=actor, target=call, action="call.create", to_state=call.status)
    return call


@transaction.atomic
def call_open(*, actor: User | None, call: Call) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.DRAFT:
        raise StateConflict(
            _("Only a draft call can be opened; this one is %(status)s.")
            % {"status": call.get_status_display()}
        )
    return _set_call_status(actor, call, Call.Status.OPEN, "call.open")


@transaction.atomic
def call_extend(*, actor: User | None, call: Call, closes_at: dt.datetime, reason: str = "") -> Call:
    _require_aware(closes_at=closes_at)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status == Call.Status.CLOSED:
        raise StateConflict(_("A closed call cannot be extended."))
    if closes_at <= call.closes_at:
        raise ValidationError({"closes_at": _("An extension closes later than the call does now.")})
    before = call.closes_at
    call.closes_at = closes_at
    call.save(update_fields=["closes_at", "updated_at"])
    audit_record(
        actor=actor,
        target=call,
        action="call.extend",
        from_state=before.isoformat(),
        to_state=closes_at.isoformat(),
        reason=reason,
    )
    return call


@transaction.atomic
def call_close(*, actor: User | None, call: Call, reason: str = "") -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status == Call.Status.CLOSED:
        raise StateConflict(_("The call is already closed."))
    now = timezone.now()
    if call.closes_at > now:
        call.closes_at = max(now, call.opens_at + dt.timedelta(seconds=1))
        call.save(update_fields=["closes_at", "updated_at"])
    return _set_call_status(actor, call, Call.Status.CLOSED, "call.close", reason)


def _set_call_status(actor: User | None, call: Call, status: str, action: str, reason: str = "") -> Call:
    before = call.status
    call.status = status
    call.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, target=call, action=action, from_state=before, to_state=status, reason=reason)
    return call


# --- proposals ---------------------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    call: Call,
    title: str,
    abstract: str = "",
    field: Field | None = None,
    access_route: str = AccessRoute.STANDARD,
    requests: Sequence[RequestInput] = (),
    samples: Sequence[SampleInput] = (),
) -> Proposal:
    """A draft with the actor as its PI. Drafts may be incomplete; `proposal_submit` checks completeness."""
    if call.status == Call.Status.CLOSED:
        raise StateConflict(_("The call is closed."))
    proposal = Proposal(call=call, title=title, abstract=abstract, field=field, access_route=access_route)
    proposal.full_clean(exclude=["attachment"])
    proposal.save()
    Member.objects.create(
        proposal=proposal,
        user=actor,
        email=actor.email or f"{actor.username}@users.invalid",
        role=Member.Role.PI,
        status=Member.Status.ACCEPTED,
    )
    _replace_parts(proposal, requests, samples)
    audit_record(actor=actor, target=proposal, action="proposal.create", to_state=proposal.status)
    return proposal


_EDITABLE = ("title", "abstract", "field", "access_route")


@transaction.atomic
def proposal_update(
    *,
    actor: User,
    proposal: Proposal,
    requests: Sequence[RequestInput] | None = None,
    samples: Sequence[SampleInput] | None = None,
    **changes: object,
) -> Proposal:
    """Change a draft; `requests`/`samples`, when given, replace the whole list."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_member(actor, proposal)
    if proposal.status != S.DRAFT:
        raise StateConflict(
            _("Only a draft can be edited; this proposal is %(status)s.")
            % {"status": proposal.get_status_display()}
        )
    unknown = sorted(set(changes) - set(_EDITABLE))
    if unknown:
        raise ValidationError({name: _("This cannot be changed.") for name in unknown})
    for name, value in changes.items():
        setattr(proposal, name, value)
    proposal.full_clean(exclude=["attachment"])
    proposal.save()
    _replace_parts(proposal, requests, samples)
    return proposal


def _replace_parts(
    proposal: Proposal, requests: Sequence[RequestInput] | None, samples: Sequence[SampleInput] | None
) -> None:
    errors: dict[str, list[str]] = {}
    if requests is not None:
        proposal.requests.all().delete()
        made = [
            Request(
                proposal=proposal,
                shifts=wanted.shifts,
                earliest=wanted.earliest,
                latest=wanted.latest,
                unavailable=[[str(a), str(b)] for a, b in wanted.unavailable],
            )
            for wanted in requests
        ]
        for request, wanted in zip(
            _save_valid(made, _("Request %(n)d"), errors, "requests"), requests, strict=True
        ):
            if request is not None:
                # One at a time: `set` inserts in no particular order, and the order of the alternatives is
                # the applicant's preference (through-table ids keep it).
                for instrument in wanted.instruments:
                    request.instruments.add(instrument)
    if samples is not None:
        proposal.samples.all().delete()
        _save_valid(
            [Sample(proposal=proposal, name=s.name, hazard=s.hazard) for s in samples],
            _("Sample %(n)d"),
            errors,
            "samples",
        )
    if errors:
        raise ValidationError(errors)


def _save_valid(records: Sequence[M], label: str, errors: dict[str, list[str]], key: str) -> list[M | None]:
    """Save each record that validates; each one that does not adds its problems, numbered, under `key`."""
    saved: list[M | None] = []
    for number, record in enumerate(records, start=1):
        try:
            record.full_clean()
        except ValidationError as exc:
            errors.setdefault(key, []).extend(f"{label % {'n': number}}: {m}" for m in exc.messages)
            saved.append(None)
            continue
        record.save()
        saved.append(record)
    return saved


def proposal_problems(proposal: Proposal) -> list[str]:
    """Every reason the proposal cannot be submitted yet (empty when it is complete)."""
    call = proposal.call
    cycle = call.cycle
    problems: list[str] = []
    if not proposal.title.strip():
        problems.append(_("Give the proposal a title."))
    if len(proposal.abstract.split()) < 20:
        problems.append(_("Write an abstract of at least 20 words."))
    if proposal.field_id is None:
        problems.append(_("Choose the field of science."))
    if proposal.access_route not in call.access_routes:
        problems.append(
            _("This call does not offer the %(route)s route.")
            % {"route": proposal.get_access_route_display()}
        )
    offered = set(call.instruments.values_list("pk", flat=True))
    requests = list(proposal.requests.prefetch_related("instruments"))
    if not requests:
        problems.append(_("Ask for time: add at least one request."))
    for index, request in enumerate(requests, start=1):
        label = _("Request %(n)d") % {"n": index}
        instruments = list(request.instruments.all())
        if not instruments:
            problems.append(f"{label}: {_('choose at least one instrument.')}")
        not_offered = [i.code for i in instruments if i.pk not in offered]
        if not_offered:
            problems.append(
                f"{label}: {_('not offered in this call: %(codes)s') % {'codes': ', '.join(not_offered)}}"
            )
        outside = _("%(day)s is outside the cycle (%(first)s to %(last)s).")
        for day in (request.earliest, request.latest):
            if day and not cycle.starts_on <= day <= cycle.ends_on:
                problems.append(
                    f"{label}: {outside % {'day': day, 'first': cycle.starts_on, 'last': cycle.ends_on}}"
                )
    if not proposal.samples.exists():
        problems.append(_("Declare the samples you will bring (at least one)."))
    return problems


@transaction.atomic
def proposal_submit(*, actor: User, proposal: Proposal) -> Proposal:
    """Submit a complete draft before the call's deadline, exactly once.

    The call's row is locked first, so concurrent submissions to one call queue; the deadline is read
    after the lock, so a submission that waited past it is refused.
    """
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_member(actor, proposal)
    if proposal.status != S.DRAFT:
        raise StateConflict(
            _("This proposal is already %(status)s.") % {"status": proposal.get_status_display()}
        )
    now = timezone.now()
    if not call.accepts_submissions(now):
        raise StateConflict(
            _("The call is not open for submissions (it closes at %(closes)s).")
            % {"closes": timezone.localtime(call.closes_at, call.time_zone).strftime("%Y-%m-%d %H:%M %Z")}
        )
    problems = proposal_problems(proposal)
    if problems:
        raise ValidationError(problems)
    submitted = call.proposals.exclude(reference="").count()
    proposal.reference = f"{call.cycle.facility.code}-{call.cycle.name}-{call.pk}-{submitted + 1:04d}"
    proposal.submitted_at = now
    proposal.save(update_fields=["reference", "submitted_at", "updated_at"])
    proposal = _move(actor, proposal, S.SUBMITTED, "proposal.submit")
    # The receipt is written once the submission has committed: the call's lock is not held meanwhile.
    after_commit(notify_submission, proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor: User, proposal: Proposal, reason: str = "") -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.members.filter(user=actor, role=Member.Role.PI).exists():
        raise PermissionDenied(_("Only the principal investigator can withdraw the proposal."))
    return _move(actor, proposal, S.WITHDRAWN, "proposal.withdraw", reason)


@transaction.atomic
def proposal_move(*, actor: User | None, proposal: Proposal, to: str, reason: str = "") -> Proposal:
    """A review-stage move (technical review, peer review, ranked, decision), checked against TRANSITIONS."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    return _move(actor, proposal, to, f"proposal.{to}", reason)


def _move(actor: User | None, proposal: Proposal, to: str, action: str, reason: str = "") -> Proposal:
    before = proposal.status
    if to not in TRANSITIONS[before]:
        raise StateConflict(
            _("A %(before)s proposal cannot become %(after)s.")
            % {"before": proposal.get_status_display(), "after": S(to).label}
        )
    proposal.status = to
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, target=proposal, action=action, from_state=before, to_state=to, reason=reason)
    return proposal


# --- members -----------------------------------------------------------------------------------------------


@transaction.atomic
def member_invite(*, actor: User, proposal: Proposal, email: str) -> Member:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.members.filter(user=actor, role=Member.Role.PI).exists():
        raise PermissionDenied(_("Only the principal investigator invites co-proposers."))
    if proposal.status != S.DRAFT:
        raise StateConflict(_("Co-proposers are invited while the proposal is a draft."))
    email = email.strip().lower()
    if proposal.members.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s is already on this proposal.") % {"email": email}})
    member = Member(proposal=proposal, email=email, role=Member.Role.CO_PROPOSER)
    member.full_clean()
    member.save()
    audit_record(actor=actor, target=proposal, action="member.invite", reason=email)
    notify_invitation(member)
    return member


@transaction.atomic
def member_respond(*, user: User, member: Member, accept: bool) -> Member:
    """The invited person accepts or declines; the invitation is matched by their verified e-mail."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.email.lower() != (user.email or "").lower():
        raise PermissionDenied(_("This invitation was sent to another e-mail address."))
    if member.status != Member.Status.INVITED:
        raise StateConflict(_("This invitation has already been answered."))
    member.user = user
    member.status = Member.Status.ACCEPTED if accept else Member.Status.DECLINED
    member.save(update_fields=["user", "status"])
    audit_record(actor=user, target=member.proposal, action=f"member.{member.status}", reason=member.email)
    return member


def _require_member(actor: User, proposal: Proposal) -> None:
    if not proposal.members.filter(user=actor, status=Member.Status.ACCEPTED).exists():
        raise PermissionDenied(_("Only the proposal's members can change it."))


def _require_aware(**moments: dt.datetime) -> None:
    naive = [name for name, moment in moments.items() if timezone.is_naive(moment)]
    if naive:
        raise ValidationError({name: _("Give a time with its UTC offset.") for name in naive})


# --- attachment --------------------------------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"
PDF_CONTENT_TYPES = frozenset({"application/pdf", "application/x-pdf"})


@transaction.atomic
def proposal_attach(*, actor: User, proposal: Proposal, upload: UploadedFile) -> Proposal:
    """Store the proposal's one PDF (replacing any earlier one) through Django's storage API.

    The file must say it is a PDF (content type), be one (its first bytes are "%PDF-") and be no larger
    than settings.PROPOSAL_ATTACHMENT_MAX_BYTES; every failed check is listed.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_member(actor, proposal)
    if proposal.status != S.DRAFT:
        raise StateConflict(
            _("Only a draft can be edited; this proposal is %(status)s.")
            % {"status": proposal.get_status_display()}
        )
    limit = settings.PROPOSAL_ATTACHMENT_MAX_BYTES
    problems: list[str] = []
    if upload.size is None or upload.size > limit:
        problems.append(_("The file is larger than %(mb)s MB.") % {"mb": f"{limit / 1_000_000:g}"})
    if (upload.content_type or "").split(";")[0].strip().lower() not in PDF_CONTENT_TYPES:
        problems.append(_("The file is not sent as a PDF."))
    upload.seek(0)
    if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
        problems.append(_("The file is not a PDF."))
    upload.seek(0)
    if problems:
        raise ValidationError({"attachment": problems})
    old = proposal.attachment.name if proposal.attachment else ""
    proposal.attachment.save(f"proposal-{proposal.pk}.pdf", upload, save=False)
    proposal.save(update_fields=["attachment", "updated_at"])
    if old and old != proposal.attachment.name:
        storage = proposal.attachment.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_record(actor=actor, target=proposal, action="proposal.attach", reason=proposal.attachment.name)
    return proposal
