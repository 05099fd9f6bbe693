"""Writes on bookings: create, approve, decline, cancel; the waiting list; the rules.

Each service runs in one transaction. On SQLite that transaction is IMMEDIATE (settings), so writers queue
and the overlap re-check inside it sees every committed booking; on PostgreSQL the instrument's rule row is
locked for the same effect, and the exclusion constraint (constraints.py) refuses an overlap whatever wrote
it. Answers: a broken rule is a ValidationError (422), a missing qualification or a role a PermissionDenied
(403), a taken time or a state a StateConflict (409).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounts.models import User
from sciencecity.booking import messages, permissions, retry, rules
from sciencecity.booking.models import Blackout, Booking, BookingRule, OpeningPeriod, WaitlistEntry
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.registry.models import Instrument
from sciencecity.visits.selectors import missing_courses

OVERLAP_CONSTRAINT = "booking_no_overlap_per_instrument"


# --- checks shared by the services ------------------------------------------------------------------------


def _require_aware(**moments: dt.datetime) -> None:
    naive = {
        name: [_("Give the time with its UTC offset.")] for name, m in moments.items() if timezone.is_naive(m)
    }
    if naive:
        raise ValidationError(naive)


EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def _require_plausible(**moments: dt.datetime) -> None:
    """Times far outside any calendar (year 9999 is one the API accepts) are refused before any arithmetic."""
    wrong = {
        name: [_("Give a time between %(from)s and %(to)s.") % {"from": "2000", "to": "2199"}]
        for name, m in moments.items()
        if not EARLIEST <= m < LATEST
    }
    if wrong:
        raise ValidationError(wrong)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _require_bookable(instrument: Instrument) -> None:
    if instrument.access_mode != Instrument.AccessMode.BOOKING:
        raise ValidationError(
            {"instrument": [_("%(code)s is not booked in slots.") % {"code": instrument.code}]}
        )


def _locked_rule(instrument: Instrument) -> BookingRule:
    """The instrument's rule, created with the defaults if it has none, its row locked until commit."""
    BookingRule.objects.get_or_create(instrument=instrument)
    return BookingRule.objects.select_for_update().select_related("instrument").get(instrument=instrument)


def _overlapping(queryset: QuerySet[Any], start: dt.datetime, end: dt.datetime) -> QuerySet[Any]:
    return queryset.filter(start__lt=end, end__gt=start)


def _active(instrument: Instrument) -> QuerySet[Booking]:
    return Booking.objects.filter(instrument=instrument, status__in=Booking.ACTIVE)


def _quota_problems(
    rule: BookingRule, user: Any, start: dt.datetime, end: dt.datetime, *, excluding: int | None = None
) -> list[str]:
    """The weeks (local, Monday to Monday) in which the user's hours would pass the instrument's quota."""
    if rule.weekly_hours is None:
        return []
    allowed = rule.weekly_hours * 60
    problems = []
    for week in rules.weeks_touched(rule, start, end):
        theirs = _overlapping(_active(rule.instrument).filter(user=user), *week).exclude(pk=excluding)
        used = sum(rules.overlap_minutes((b.start, b.end), week) for b in theirs)
        wanted = rules.overlap_minutes((start, end), week)
        if used + wanted > allowed:
            problems.append(
                _(
                    "In the week from %(monday)s you would have %(hours)s h of %(instrument)s; "
                    "the quota is %(quota)s h per user per week."
                )
                % {
                    "monday": f"{timezone.localtime(week[0], rule.zone):%Y-%m-%d}",
                    "hours": _hours(used + wanted),
                    "instrument": rule.instrument.code,
                    "quota": rule.weekly_hours,
                }
            )
    return problems


def _hours(minutes: float) -> str:
    return f"{minutes / 60:g}"


def _blackout_problems(rule: BookingRule, start: dt.datetime, end: dt.datetime) -> list[str]:
    return [
        _("The instrument is unavailable from %(from)s to %(to)s%(reason)s.")
        % {
            "from": f"{timezone.localtime(b.start, rule.zone):%Y-%m-%d %H:%M}",
            "to": f"{timezone.localtime(b.end, rule.zone):%Y-%m-%d %H:%M}",
            "reason": f" ({b.reason_en})" if b.reason_en else "",
        }
        for b in _overlapping(rule.blackouts.all(), start, end)
    ]


def _check_rules(
    rule: BookingRule,
    user: Any,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
    *,
    quota: bool = True,
) -> None:
    problems = rules.rule_problems(rule, rules.periods_of(rule), start, end, now)
    if not problems:  # bounded by the rules above: the quota is summed week by week
        if blackouts := _blackout_problems(rule, start, end):
            problems.setdefault("start", []).extend(blackouts)
        if quota and (over := _quota_problems(rule, user, start, end)):
            problems.setdefault("end", []).extend(over)
    if problems:
        raise ValidationError(problems)


def _check_training(user: Any, instrument: Instrument, start: dt.datetime, end: dt.datetime) -> None:
    """Refused when a required course is missing or expires before the use ends (not only on booking day)."""
    missing = missing_courses(user, instrument, start=start, end=end)
    if missing:
        names = ", ".join(str(course) for course in missing)
        raise PermissionDenied(
            _("Missing or expired training for %(instrument)s over the booked time: %(courses)s.")
            % {"instrument": instrument.code, "courses": names}
        )


def _require_signed_in(actor: Any) -> None:
    if not permissions.signed_in(actor):
        raise PermissionDenied(_("Sign in to book."))


def _staff_of(instrument: Instrument) -> list[User]:
    return list(permissions.staff_of(instrument))


# --- bookings ---------------------------------------------------------------------------------------------


@retry.when_locked
@transaction.atomic
def booking_create(
    *,
    actor: Any,
    instrument: Instrument,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime | None = None,
) -> Booking:
    """Book [start, end) for the actor: confirmed at once, or requested when the rule wants approval."""
    _require_signed_in(actor)
    _require_aware(start=start, end=end)
    _require_plausible(start=start, end=end)
    _require_bookable(instrument)
    start, end = _utc(start), _utc(end)  # Python subtracts two times of one zone on the wall clock
    now = now or timezone.now()
    rule = _locked_rule(instrument)
    _check_rules(rule, actor, start, end, now)
    _check_training(actor, instrument, start, end)
    _expire_offers(rule, now)
    if _overlapping(_active(instrument), start, end).exists():
        raise StateConflict(
            _("%(code)s is already booked for part of that time.") % {"code": instrument.code}
        )
    held = _overlapping(
        WaitlistEntry.objects.filter(instrument=instrument, status=WaitlistEntry.Status.OFFERED), start, end
    )
    if offer := held.exclude(user=actor).order_by("offer_expires_at").first():
        until = timezone.localtime(offer.offer_expires_at or offer.start, rule.zone)
        raise StateConflict(
            _("That time is offered to the next on the waiting list until %(deadline)s.")
            % {"deadline": f"{until:%Y-%m-%d %H:%M}"}
        )
    status = Booking.Status.REQUESTED if rule.approval_required else Booking.Status.CONFIRMED
    booking = Booking(instrument=instrument, user=actor, start=start, end=end, status=status)
    booking.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        if OVERLAP_CONSTRAINT in str(exc):
            raise StateConflict(
                _("%(code)s is already booked for part of that time.") % {"code": instrument.code}
            ) from exc
        raise
    for entry in held.filter(user=actor, start=start, end=end):
        entry.status, entry.booking = WaitlistEntry.Status.BOOKED, booking
        entry.save(update_fields=["status", "booking", "updated_at"])
    audit_record(actor=actor, target=booking, action="booking.create", to_state=status)
    messages.notify_booking(
        booking, rule.zone, "requested" if status == Booking.Status.REQUESTED else "confirmed"
    )
    if status == Booking.Status.REQUESTED:
        messages.notify_staff_request(booking, rule.zone, _staff_of(instrument))
    return booking


def _locked_booking(booking: Booking) -> tuple[Booking, BookingRule]:
    rule = _locked_rule(booking.instrument)
    return Booking.objects.select_for_update().select_related("instrument", "user").get(pk=booking.pk), rule


def _decide(actor: Any, booking: Booking, to: str, reason: str, now: dt.datetime | None) -> Booking:
    booking, rule = _locked_booking(booking)
    if not permissions.can_manage(actor, booking.instrument):
        raise PermissionDenied(_("Only the instrument's staff approve or decline its bookings."))
    if booking.status != Booking.Status.REQUESTED:
        raise StateConflict(
            _("This booking is %(status)s, not awaiting approval.") % {"status": booking.get_status_display()}
        )
    now = now or timezone.now()
    if to == Booking.Status.CONFIRMED and booking.end <= now:
        raise StateConflict(_("This booking's time is over."))
    booking.status, booking.decided_by, booking.decided_at, booking.note = to, actor, now, reason[:500]
    booking.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
    audit_record(
        actor=actor,
        target=booking,
        action=f"booking.{to}",
        from_state="requested",
        to_state=to,
        reason=reason,
    )
    messages.notify_booking(booking, rule.zone, to)
    if to == Booking.Status.DECLINED:
        _offer_freed(rule, booking.start, booking.end, now)
    return booking


@retry.when_locked
@transaction.atomic
def booking_approve(*, actor: Any, booking: Booking, now: dt.datetime | None = None) -> Booking:
    return _decide(actor, booking, Booking.Status.CONFIRMED, "", now)


@retry.when_locked
@transaction.atomic
def booking_decline(
    *, actor: Any, booking: Booking, reason: str = "", now: dt.datetime | None = None
) -> Booking:
    return _decide(actor, booking, Booking.Status.DECLINED, reason, now)


@retry.when_locked
@transaction.atomic
def booking_cancel(
    *, actor: Any, booking: Booking, reason: str = "", now: dt.datetime | None = None
) -> Booking:
    """The owner cancels up to the rule's deadline before the start; the instrument's staff at any time."""
    booking, rule = _locked_booking(booking)
    if not permissions.can_cancel(actor, booking):
        raise PermissionDenied(_("Only the booking's user or the instrument's staff cancel it."))
    if not booking.is_active:
        raise StateConflict(
            _("This booking is already %(status)s.") % {"status": booking.get_status_display()}
        )
    # The usage record (accounting, above this app) is reached through its reverse link, not imported.
    if Booking.objects.filter(pk=booking.pk, usage__actual_start__isnull=False).exists():
        raise StateConflict(_("This booking is checked in; check it out instead of cancelling it."))
    now = now or timezone.now()
    if booking.end <= now:
        raise StateConflict(_("This booking's time is over."))
    deadline = booking.start - dt.timedelta(minutes=rule.cancel_minutes)
    if now > deadline and not permissions.can_manage(actor, booking.instrument):
        raise StateConflict(
            _("Bookings are cancelled up to %(n)s minutes before the start; the deadline was %(deadline)s.")
            % {
                "n": rule.cancel_minutes,
                "deadline": f"{timezone.localtime(deadline, rule.zone):%Y-%m-%d %H:%M}",
            }
        )
    from_state = booking.status
    booking.status, booking.note = Booking.Status.CANCELLED, reason[:500]
    booking.save(update_fields=["status", "note", "updated_at"])
    audit_record(
        actor=actor,
        target=booking,
        action="booking.cancel",
        from_state=from_state,
        to_state="cancelled",
        reason=reason,
    )
    messages.notify_booking(booking, rule.zone, "cancelled")
    _offer_freed(rule, booking.start, booking.end, now)
    return booking


# --- the waiting list -------------------------------------------------------------------------------------


def _offer_freed(
    rule: BookingRule, start: dt.datetime, end: dt.datetime, now: dt.datetime
) -> list[WaitlistEntry]:
    """Offer [start, end), now free, to the first in line whose whole wished-for time is free."""
    instrument = rule.instrument
    open_offers = WaitlistEntry.objects.filter(instrument=instrument, status=WaitlistEntry.Status.OFFERED)
    held = [(e.start, e.end) for e in open_offers]
    waiting = _overlapping(
        WaitlistEntry.objects.filter(instrument=instrument, status=WaitlistEntry.Status.WAITING), start, end
    )
    offered = []
    for entry in waiting.select_related("user", "instrument").order_by("created_at", "pk"):
        if entry.start <= now:
            entry.status = WaitlistEntry.Status.EXPIRED
            entry.save(update_fields=["status", "updated_at"])
            continue
        if _overlapping(_active(instrument), entry.start, entry.end).exists():
            continue
        if any(lo < entry.end and entry.start < hi for lo, hi in held):
            continue
        entry.status, entry.offered_at = WaitlistEntry.Status.OFFERED, now
        entry.offer_expires_at = min(now + dt.timedelta(minutes=rule.offer_minutes), entry.start)
        entry.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
        held.append((entry.start, entry.end))
        offered.append(entry)
        messages.notify_offer(entry, rule.zone)
    return offered


def _expire_offers(rule: BookingRule, now: dt.datetime) -> None:
    expired = list(
        WaitlistEntry.objects.filter(
            instrument=rule.instrument, status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now
        )
    )
    for entry in expired:
        entry.status = WaitlistEntry.Status.EXPIRED
        entry.save(update_fields=["status", "updated_at"])
    for entry in expired:
        _offer_freed(rule, entry.start, entry.end, now)


@retry.when_locked
@transaction.atomic
def waitlist_offers_expire(*, instrument: Instrument, now: dt.datetime | None = None) -> None:
    """End the offers past their deadline and pass each freed time to the next in line."""
    _expire_offers(_locked_rule(instrument), now or timezone.now())


@retry.when_locked
@transaction.atomic
def waitlist_join(
    *,
    actor: Any,
    instrument: Instrument,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime | None = None,
) -> WaitlistEntry:
    """Queue for a taken time; refused when it is free (book it) or breaks the instrument's rules."""
    _require_signed_in(actor)
    _require_aware(start=start, end=end)
    _require_plausible(start=start, end=end)
    _require_bookable(instrument)
    start, end = _utc(start), _utc(end)  # Python subtracts two times of one zone on the wall clock
    now = now or timezone.now()
    rule = _locked_rule(instrument)
    _check_rules(rule, actor, start, end, now, quota=False)
    _check_training(actor, instrument, start, end)
    taking = _overlapping(_active(instrument), start, end)
    if not taking.exists():
        raise StateConflict(_("That time is free: book it instead."))
    if taking.filter(user=actor).exists():
        raise StateConflict(_("You have booked part of that time yourself."))
    mine = WaitlistEntry.objects.filter(
        instrument=instrument, user=actor, start=start, end=end, status__in=WaitlistEntry.OPEN
    )
    if mine.exists():
        raise StateConflict(_("You are already on the waiting list for that time."))
    entry = WaitlistEntry.objects.create(instrument=instrument, user=actor, start=start, end=end)
    audit_record(actor=actor, target=entry, action="waitlist.join", to_state="waiting")
    return entry


@retry.when_locked
def waitlist_accept(*, actor: Any, entry: WaitlistEntry, now: dt.datetime | None = None) -> Booking:
    """Accept an offer before its deadline: it becomes a booking through the same checks as any other.

    Offers past their deadline are ended first (and passed on) in a transaction of their own, so a late
    answer still hands the time to the next in line when it is refused.
    """
    now = now or timezone.now()
    waitlist_offers_expire(instrument=entry.instrument, now=now)
    return _accept(actor, entry, now)


@transaction.atomic
def _accept(actor: Any, entry: WaitlistEntry, now: dt.datetime) -> Booking:
    _locked_rule(entry.instrument)
    entry = WaitlistEntry.objects.select_for_update().select_related("instrument").get(pk=entry.pk)
    if not permissions.can_answer_offer(actor, entry):
        raise PermissionDenied(_("Only the person offered the time accepts it."))
    if entry.status != WaitlistEntry.Status.OFFERED:
        raise StateConflict(
            _("This waiting-list entry is %(status)s.") % {"status": entry.get_status_display()}
        )
    booking = booking_create(
        actor=actor, instrument=entry.instrument, start=entry.start, end=entry.end, now=now
    )
    entry.refresh_from_db()
    if entry.status != WaitlistEntry.Status.BOOKED:
        entry.status, entry.booking = WaitlistEntry.Status.BOOKED, booking
        entry.save(update_fields=["status", "booking", "updated_at"])
    audit_record(actor=actor, target=entry, action="waitlist.accept", from_state="offered", to_state="booked")
    return booking


@retry.when_locked
@transaction.atomic
def waitlist_withdraw(*, actor: Any, entry: WaitlistEntry, now: dt.datetime | None = None) -> WaitlistEntry:
    rule = _locked_rule(entry.instrument)
    entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    if not permissions.can_answer_offer(actor, entry):
        raise PermissionDenied(_("Only the person on the waiting list withdraws."))
    if entry.status not in WaitlistEntry.OPEN:
        raise StateConflict(
            _("This waiting-list entry is %(status)s.") % {"status": entry.get_status_display()}
        )
    was_offered = entry.status == WaitlistEntry.Status.OFFERED
    entry.status = WaitlistEntry.Status.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, target=entry, action="waitlist.withdraw", to_state="withdrawn")
    if was_offered:
        _offer_freed(rule, entry.start, entry.end, now or timezone.now())
    return entry


# --- the rules --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlackoutInput:
    start: dt.datetime
    end: dt.datetime
    reason_en: str = ""
    reason_zh: str = ""


RULE_FIELDS = (
    "time_zone",
    "slot_minutes",
    "min_minutes",
    "max_minutes",
    "lead_minutes",
    "horizon_days",
    "cancel_minutes",
    "weekly_hours",
    "approval_required",
    "offer_minutes",
)


@transaction.atomic
def booking_rule_update(
    *,
    actor: Any,
    instrument: Instrument,
    changes: dict[str, Any],
    periods: list[rules.Period] | None = None,
    blackouts: list[BlackoutInput] | None = None,
) -> BookingRule:
    """The instrument's staff change its rules; `periods` and `blackouts`, when given, replace the lists."""
    _require_bookable(instrument)
    if not permissions.can_manage(actor, instrument):
        raise PermissionDenied(_("Only the instrument's staff change its booking rules."))
    rule = _locked_rule(instrument)
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Not a booking rule.")] for name in sorted(unknown)})
    for name, value in changes.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    if periods is not None:
        made = [OpeningPeriod(rule=rule, weekday=p.weekday, opens=p.opens, closes=p.closes) for p in periods]
        for number, period in enumerate(made, start=1):
            try:
                period.full_clean(exclude=["rule"])
            except ValidationError as exc:
                raise ValidationError({f"period {number}": exc.messages}) from exc
        rule.opening_periods.all().delete()
        OpeningPeriod.objects.bulk_create(made)
    if blackouts is not None:
        _require_aware(**{f"blackout {n}": b.start for n, b in enumerate(blackouts, 1)})
        _require_aware(**{f"blackout {n}": b.end for n, b in enumerate(blackouts, 1)})
        made_b = [
            Blackout(rule=rule, start=b.start, end=b.end, reason_en=b.reason_en, reason_zh=b.reason_zh)
            for b in blackouts
        ]
        for number, blackout in enumerate(made_b, start=1):
            try:
                blackout.full_clean(exclude=["rule"])
            except ValidationError as exc:
                raise ValidationError({f"blackout {number}": exc.messages}) from exc
        rule.blackouts.all().delete()
        Blackout.objects.bulk_create(made_b)
    audit_record(actor=actor, target=rule, action="booking_rule.update", reason=", ".join(sorted(changes)))
    return rule
