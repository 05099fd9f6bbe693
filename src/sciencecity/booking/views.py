"""Booking pages: the instrument's calendar (day and week), booking a slot, my bookings, the staff queue, the
rules, and the instrument's iCalendar feed.

Thin: parse, authorise (permissions.py), call one service or selector, render. The calendar is public (who
booked is not shown); a refusal is answered with its reason and status: 403 for a role or a missing
qualification, 409 for a taken time or a state, 422 for a broken rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sciencecity.booking import calendar, feed, permissions, selectors, services
from sciencecity.booking.forms import BookForm, RuleForm, blackout_formset, period_formset
from sciencecity.booking.models import Booking
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.registry.models import Instrument


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _instrument(slug: str) -> Instrument:
    instrument = selectors.bookable_instrument(slug)
    if instrument is None:
        raise Http404("No booking instrument")
    return instrument


def _refusal(exc: Exception) -> tuple[str, int]:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages), 422
    if isinstance(exc, StateConflict):
        return str(exc), 409
    return str(exc), 403


@require_GET
def calendar_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Day or week view of the instrument's slots; htmx swaps only the calendar when paging."""
    instrument = _instrument(slug)
    rule = selectors.rule_for(instrument)
    view = calendar.view_from(request.GET)
    context: dict[str, Any] = {
        "instrument": instrument,
        "rule": rule,
        "view": view,
        "grid": calendar.grid(instrument, rule, view, viewer=request.user),
        "can_manage": permissions.can_manage(request.user, instrument),
        "opening": calendar.opening_rows(rule),
    }
    template = "booking/_calendar.html" if _htmx(request) else "booking/calendar.html"
    return render(request, template, context)


def _chosen_start(text: str | None) -> dt.datetime | None:
    try:
        start = dt.datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return start if timezone.is_aware(start) else None


@login_required
def book_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirm a slot chosen on the calendar: its length, then book it (or queue for a taken time)."""
    instrument = _instrument(slug)
    rule = selectors.rule_for(instrument)
    if request.method == "POST":
        form = BookForm(request.POST, rule=rule)
    else:
        form = BookForm(initial={"start": request.GET.get("start", "")}, rule=rule)
    status, refusal = 200, ""
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        try:
            if form.cleaned_data.get("wait"):
                services.waitlist_join(actor=request.user, instrument=instrument, start=start, end=end)
                messages.success(
                    request, _("You are on the waiting list; you will be told if the time frees up.")
                )
            else:
                booking = services.booking_create(
                    actor=request.user, instrument=instrument, start=start, end=end
                )
                messages.success(
                    request,
                    _("Booking requested: staff will approve or decline it.")
                    if booking.status == Booking.Status.REQUESTED
                    else _("Booked."),
                )
            return redirect("booking:mine")
        except (ValidationError, PermissionDenied, StateConflict) as exc:
            refusal, status = _refusal(exc)
    elif request.method == "POST":
        status = 422
    start = _chosen_start(request.POST.get("start") if request.method == "POST" else request.GET.get("start"))
    slot_end = start + dt.timedelta(minutes=rule.slot_minutes) if start else None
    taken = bool(start and slot_end and selectors.active_bookings(instrument, start, slot_end).exists())
    context = {
        "instrument": instrument,
        "rule": rule,
        "form": form,
        "refusal": refusal,
        "taken": taken,
        "local_start": timezone.localtime(start, rule.zone) if start else None,
    }
    return render(request, "booking/book.html", context, status=status)


@login_required
@require_GET
def my_bookings(request: HttpRequest) -> HttpResponse:
    context = {
        "bookings": selectors.bookings_of(request.user)[:200],
        "waitlist": selectors.waitlist_of(request.user),
        "now": timezone.now(),
    }
    return render(request, "booking/mine.html", context)


def _booking_row(
    request: HttpRequest, booking: Booking, template: str, refusal: str = "", status: int = 200
) -> HttpResponse:
    if _htmx(request):
        return render(
            request, template, {"b": booking, "refusal": refusal, "now": timezone.now()}, status=status
        )
    if refusal:
        messages.error(request, refusal)
    return redirect("booking:queue" if "queue" in template else "booking:mine")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_for(request.user, pk)
    if booking is None:
        raise Http404("No such booking")
    template = (
        "booking/_queue_row.html" if request.POST.get("from") == "queue" else "booking/_booking_row.html"
    )
    try:
        booking = services.booking_cancel(
            actor=request.user, booking=booking, reason=request.POST.get("reason", "")[:500]
        )
    except (PermissionDenied, StateConflict) as exc:
        refusal, status = _refusal(exc)
        return _booking_row(request, booking, template, refusal, status)
    return _booking_row(request, booking, template)


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The staff's queue: requests awaiting approval and the coming bookings of the instruments they run."""
    instruments = permissions.staff_instruments(request.user)
    if not instruments.exists():
        return render(
            request,
            "booking/refused.html",
            {"message": _("Only instrument staff have a booking queue.")},
            status=403,
        )
    context = {
        "requests": selectors.queue_for(request.user),
        "upcoming": selectors.upcoming_for_staff(request.user),
        "instruments": instruments.select_related("facility"),
    }
    return render(request, "booking/queue.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, verdict: str) -> HttpResponse:
    booking = selectors.booking_for(request.user, pk)
    if booking is None:
        raise Http404("No such booking")
    try:
        if verdict == "approve":
            booking = services.booking_approve(actor=request.user, booking=booking)
        else:
            booking = services.booking_decline(
                actor=request.user, booking=booking, reason=request.POST.get("reason", "")[:500]
            )
    except (PermissionDenied, StateConflict) as exc:
        refusal, status = _refusal(exc)
        return _booking_row(request, booking, "booking/_queue_row.html", refusal, status)
    return _booking_row(request, booking, "booking/_queue_row.html")


@login_required
@require_POST
def offer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    """Accept or withdraw from a waiting-list entry (an offer becomes a booking through the usual checks)."""
    entry = selectors.waitlist_entry_for(request.user, pk)
    if entry is None:
        raise Http404("No such waiting-list entry")
    try:
        if answer == "accept":
            services.waitlist_accept(actor=request.user, entry=entry)
            messages.success(request, _("Booked."))
        else:
            services.waitlist_withdraw(actor=request.user, entry=entry)
            messages.success(request, _("You left the waiting list."))
    except (ValidationError, PermissionDenied, StateConflict) as exc:
        refusal, _status = _refusal(exc)
        messages.error(request, refusal)
    return redirect("booking:mine")


@login_required
def rules_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The instrument's staff edit its booking rules, opening hours and blackouts."""
    instrument = _instrument(slug)
    if not permissions.can_manage(request.user, instrument):
        return render(
            request,
            "booking/refused.html",
            {"message": _("Only the instrument's staff change its booking rules.")},
            status=403,
        )
    rule = selectors.rule_for(instrument)
    data = request.POST if request.method == "POST" else None
    form = RuleForm(data, instance=rule if rule.pk else None)
    periods = period_formset(data, rule)
    blackouts = blackout_formset(data, rule)
    status = 200
    if request.method == "POST":
        if form.is_valid() and periods.is_valid() and blackouts.is_valid():
            try:
                services.booking_rule_update(
                    actor=request.user,
                    instrument=instrument,
                    changes={name: form.cleaned_data[name] for name in services.RULE_FIELDS},
                    periods=[p for p in periods.periods()],
                    blackouts=[b for b in blackouts.blackouts(rule)],
                )
                messages.success(request, _("The booking rules are saved."))
                return redirect("booking:rules", slug=instrument.slug)
            except ValidationError as exc:
                form.add_error(None, exc)
        status = 422
    context = {"instrument": instrument, "form": form, "periods": periods, "blackouts": blackouts}
    return render(request, "booking/rules.html", context, status=status)


@require_GET
def ical(request: HttpRequest, slug: str) -> HttpResponse:
    """The instrument's bookings as an RFC 5545 calendar (times in its zone, with the VTIMEZONE)."""
    instrument = _instrument(slug)
    body = feed.instrument_feed(
        instrument,
        selectors.rule_for(instrument),
        request.build_absolute_uri(reverse("booking:calendar", args=[slug])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{instrument.slug}.ics"'
    return response
