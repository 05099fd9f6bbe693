"""Usage pages: the staff's machine-hours per instrument, and a user's sessions at the instrument.

Thin: parse, authorise (accounting.permissions), call one service or selector, render. The staff page is a
403 for someone who runs no instrument; a booking the caller may not read is a 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from sciencecity.accounting import permissions, selectors, services
from sciencecity.accounting.forms import PeriodForm, default_period
from sciencecity.accounts.models import User
from sciencecity.booking import selectors as booking_selectors
from sciencecity.booking.models import Booking
from sciencecity.core.errors import PermissionDenied, StateConflict

SESSION_LIST_LIMIT = 300
ACTIONS = {
    "check-in": services.usage_check_in,
    "check-out": services.usage_check_out,
}
DONE = {
    "check-in": _("Checked in."),
    "check-out": _("Checked out."),
    "no-show": _("Marked a no-show."),
}


@require_GET
@login_required
def staff_usage(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    mine = permissions.usage_instruments(user).select_related("facility__operator", "owner")
    if not mine.exists():
        return render(request, "403.html", status=403)
    today = timezone.localdate()
    form = PeriodForm(request.GET if "start" in request.GET else default_period(today))
    if not form.is_valid():
        return render(request, "accounting/usage.html", {"form": form}, status=422)
    start, end = form.bounds()
    instruments = list(mine.order_by("facility__code", "code"))
    chosen = request.GET.get("instrument", "")
    if chosen:
        instruments = [i for i in instruments if i.slug == chosen]
        if not instruments:
            raise Http404
    summary = selectors.machine_hours(instruments, start=start, end=end)
    listed = selectors.records_in(instruments, start=start, end=end)[:SESSION_LIST_LIMIT]
    sessions = [(r, getattr(r, "side", ""), r.hours) for r in listed]  # `side`: annotated by records_in
    day_start = dt.datetime.combine(today, dt.time(), tzinfo=timezone.get_current_timezone())
    today_bookings = (
        Booking.objects.filter(
            instrument__in=instruments,
            status=Booking.Status.CONFIRMED,
            start__lt=day_start + dt.timedelta(days=1),
            end__gt=day_start,
        )
        .select_related("instrument", "user", "usage")
        .order_by("start")
    )
    return render(
        request,
        "accounting/usage.html",
        {
            "form": form,
            "summary": summary,
            "sessions": sessions,
            "limit": SESSION_LIST_LIMIT,
            "today_bookings": today_bookings,
            "chosen": chosen,
            "all_instruments": mine.order_by("facility__code", "code"),
        },
    )


@require_GET
@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """The user's bookings they may check in or out of now, and their past usage."""
    user: User = request.user  # type: ignore[assignment]
    now = timezone.now()
    current = (
        booking_selectors.bookings_of(user)
        .filter(
            status=Booking.Status.CONFIRMED,
            start__lte=now + permissions.USER_EARLY,
            end__gt=now - permissions.USER_LATE,
        )
        .select_related("usage")
        .order_by("start")
    )
    return render(
        request,
        "accounting/mine.html",
        {"current": current, "records": selectors.usage_of(user)[:100], "now": now},
    )


@require_POST
@login_required
def booking_action(request: HttpRequest, booking_id: int, action: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    booking = booking_selectors.booking_for(user, booking_id)
    if booking is None or action not in DONE:
        raise Http404
    try:
        if action == "no-show":
            services.usage_mark_no_show(actor=user, booking=booking)
        else:
            ACTIONS[action](actor=user, booking=booking)
        messages.success(request, str(DONE[action]))
    except (PermissionDenied, StateConflict) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "accounting:mine"
    return redirect(back)
